"""The probe on any JSON shape: generated REST answers (wrong types, nesting, other hosts'
links) are read into a report, never a crash; `recent_articles` names only the site's pages."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.crawl.urls import SiteUrls
from newsbot.probe.advice import recommend
from newsbot.probe.answers import Answer
from newsbot.probe.findings import Probed, read_findings
from newsbot.probe.report import ProbeReport
from newsbot.probe.sources import newest_modification, posts_list
from newsbot.probe.spider import ProbeSpider
from newsbot.sites.arbuz import PROFILE as ARBUZ

SITE = "http://127.0.0.1:8000"
URLS = SiteUrls(ARBUZ, SITE)
DAY = date(2026, 1, 5)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(
        ["2019-11-07T17:00:22", "2019-11-07T17:00:22+04:00", "9999-12-31T23:59:59", "x",
         "http://127.0.0.2:8000/a/", "https://arbuztoday.ru/a/", "/relative/", "javascript:1"]
    ),
)  # fmt: skip
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
FIELDS = ("id", "link", "date", "date_gmt", "modified", "modified_gmt", "title", "content",
          "_embedded", "slug", "status", "type", "categories", "tags")  # fmt: skip
POSTS = st.lists(
    st.one_of(JSON, st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=len(FIELDS))),
    max_size=3,
)
INDEX = st.one_of(
    JSON, st.fixed_dictionaries({"namespaces": JSON, "home": JSON, "name": JSON, "url": JSON})
)


def json_answer(path: str, data: Any, total: str | None = None) -> Answer:
    headers = {"content-type": "application/json; charset=UTF-8"}
    if total is not None:
        headers["x-wp-total"] = total
        headers["x-wp-totalpages"] = total
    return Answer(f"{SITE}{path}", 200, headers, json.dumps(data).encode())


def spider() -> ProbeSpider:
    probe = ProbeSpider()
    probe.urls = URLS
    return probe


@settings(max_examples=150, deadline=None)
@given(
    index=INDEX,
    posts=st.one_of(POSTS, JSON),
    narrowed=st.one_of(POSTS, JSON),
    total=st.one_of(st.none(), st.sampled_from(["0", "3", "5000000", "-1", "x", "1e3"])),
)
def test_any_rest_json_is_reported_not_a_crash(
    index: Any, posts: Any, narrowed: Any, total: str | None
) -> None:
    probed = Probed(
        rest_index=json_answer("/wp-json/", index),
        rest_posts=json_answer("/wp-json/wp/v2/posts", posts, total),
        rest_modified=json_answer("/wp-json/wp/v2/posts?modified_after=x", narrowed, total),
    )
    probe = spider()
    probe.probed = probed
    listed = posts_list(probed.rest_posts) or []
    newest_modification(listed, ARBUZ)
    for url in probe.recent_articles(listed):
        assert url.startswith("https://arbuztoday.ru/")
    findings = read_findings(probed, URLS, "newsbot", 3, DAY)
    report = ProbeReport(findings, recommend(findings, ARBUZ))
    recommend(findings, ARBUZ)
    assert report is not None


@given(st.one_of(POSTS, JSON))
def test_posts_are_objects_whose_known_fields_have_their_types(data: Any) -> None:
    posts = posts_list(json_answer("/wp-json/wp/v2/posts", data))
    for post in posts or []:
        assert isinstance(post, dict)
        for name, kind in (("link", str), ("modified_gmt", str), ("id", int)):
            assert post.get(name) is None or isinstance(post[name], kind)  # null: absent
