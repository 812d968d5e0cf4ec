"""What the probe reads in saved answers of a real WordPress (`tests/fixtures/wordpress/`), and
what it recommends from findings: no network, no Scrapy."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbot.crawl.urls import SiteUrls
from newsbot.items import DOCUMENT_FIELDS, Article
from newsbot.pages import ArticlePage, RestPost, rest_posts
from newsbot.probe.advice import recommend
from newsbot.probe.answers import Answer, Miss
from newsbot.probe.articles import compare, read_article, rest_signals
from newsbot.probe.findings import Probed, read_findings
from newsbot.probe.sources import feed_report, newest_modification, rest_report, sitemap_report
from newsbot.sites.arbuz import PROFILE as ARBUZ
from tests.store_samples import sample_article

SAVED = Path(__file__).parent / "fixtures" / "wordpress"
THEMES = ("twentytwentythree", "twentytwentyone")
POSTS = ("seed", "photo-credit", "default-category", "figures", "nextpage")
SITE = "https://arbuztoday.ru"
URLS = SiteUrls(ARBUZ, SITE)
DAY = date(2019, 11, 12)


def answer(theme: str, name: str, status: int | None = None) -> Answer:
    """A saved file as the answer WordPress gave (its path, status and headers)."""
    saved = json.loads((SAVED / theme / "responses.json").read_text(encoding="utf-8"))[name]
    headers = {key.lower(): value for key, value in saved["headers"]}
    body = (SAVED / theme / name).read_bytes()
    return Answer(SITE + saved["path"], status or saved["status"], headers, body)


def posts_of(theme: str, name: str) -> list[dict[str, Any]]:
    return rest_posts((SAVED / theme / name).read_bytes())


def url_of(theme: str, key: str) -> str:
    return answer(theme, f"{key}.html").url


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("key", POSTS)
def test_each_saved_post_reads_the_same_both_ways(theme: str, key: str) -> None:
    report, terms = read_article(
        url_of(theme, key), answer(theme, f"{key}.html"), posts_of(theme, f"{key}.json"), URLS
    )
    html, rest = report.html, report.rest
    assert html is not None and rest is not None
    assert html.extracted and rest.extracted and html.rejected is None
    assert (report.agree, report.differences) == (True, [])
    assert (html.theme, html.outlet_theme, html.validators) == ("wordpress", False, [])
    assert html.signals == ["canonical", "shortlink", "rest_route", "post_id", "wordpress_markup"]
    assert rest.signals[0] == "embedded_terms"
    assert html.pages == (3 if key == "nextpage" else 1)
    captioned = key in ("seed", "photo-credit")
    assert html.completed_from_rest is (theme == "twentytwentythree" and captioned)
    assert {taxonomy for taxonomy, _ in terms} <= {"category", "post_tag"} and terms


def test_without_rest_a_block_theme_page_lacks_the_photo_credit() -> None:
    theme = "twentytwentythree"
    page = ArticlePage(ARBUZ, url_of(theme, "seed"), answer(theme, "seed.html").body)
    (post,) = posts_of(theme, "seed.json")
    assert compare(page.to_article(), RestPost(ARBUZ, post).to_article(), ARBUZ, 1) == [
        "photo_credit"
    ]
    report, _ = read_article(url_of(theme, "seed"), answer(theme, "seed.html"), None, URLS)
    assert report.rest is None and report.agree is None
    assert report.html is not None and not report.html.completed_from_rest


@pytest.mark.parametrize("theme", THEMES)
def test_a_password_protected_post_is_recognised_both_ways(theme: str) -> None:
    report, _ = read_article(
        url_of(theme, "password"), answer(theme, "password.html"), posts_of(theme, "password.json"),
        URLS,
    )  # fmt: skip
    assert report.html is not None and report.rest is not None
    assert report.html.protected and report.rest.protected and report.agree is None


def test_a_page_that_did_not_come() -> None:
    url = url_of("twentytwentyone", "seed")
    for fetched, error in (
        (Miss(url, "forbidden by robots.txt"), "forbidden by robots.txt"),
        (replace(answer("twentytwentyone", "seed.html"), status=404), "HTTP 404"),
    ):
        report, _ = read_article(url, fetched, posts_of("twentytwentyone", "seed.json"), URLS)
        assert report.html is not None
        assert (report.html.extracted, report.html.error) == (False, error)
        assert report.rest is not None and report.rest.extracted and report.agree is None


def test_the_saved_feed_and_sitemaps() -> None:
    theme = "twentytwentyone"
    feed = answer(theme, "feed.xml")
    report = feed_report(feed, Answer(feed.url, 304), ARBUZ)
    assert (report.items, report.validators, report.repeat_status) == (
        10, ["etag", "last_modified"], 304,
    )  # fmt: skip
    index, page = answer(theme, "wp-sitemap.xml"), answer(theme, "wp-sitemap-posts-post-1.xml")
    sitemaps = sitemap_report(index, page.url, page, ARBUZ)
    assert (sitemaps.posts_sitemaps, sitemaps.lastmod, sitemaps.page) == (
        1, "none", "/wp-sitemap-posts-post-1.xml",
    )  # fmt: skip
    assert "/wp-sitemap-taxonomies-category-1.xml" in sitemaps.other
    failed = sitemap_report(replace(index, status=500), None, None, ARBUZ)
    assert (failed.status, failed.posts_sitemaps, failed.other) == (500, 0, [])
    empty = replace(feed, body=b"")
    assert feed_report(empty, None, ARBUZ).items == 0
    assert sitemap_report(empty, empty.url, empty, ARBUZ).entries == 0


def test_modified_after_is_accepted_when_it_narrows_the_count() -> None:
    posts = answer("twentytwentyone", "rest-posts.json")
    listed = rest_posts(posts.body)
    since = newest_modification(listed, ARBUZ)
    assert since is not None and "+" not in since  # site-local, naive
    total = posts.header_int("X-WP-Total")
    assert total and total > 1

    def counted(count: int) -> Answer:
        headers = {"content-type": "application/json", "x-wp-total": str(count)}
        return Answer(posts.url, 200, headers, b"[]")

    assert rest_report(None, posts, counted(0)).modified_after is True
    assert rest_report(None, posts, counted(total)).modified_after is False  # ignored
    assert rest_report(None, posts, None).modified_after is None
    for failed in (Answer(posts.url, 500), Miss(posts.url, "timeout")):  # not checked
        assert rest_report(None, posts, failed).modified_after is None


def findings_of(theme: str, **answers: Any) -> Probed:
    """What a probe of the saved site would have got; `answers` replace some of it."""
    seed = answer(theme, "seed.html")
    probed = Probed(
        robots=Answer(SITE + "/robots.txt", 200, {}, b"User-agent: *\nDisallow: /wp-admin/\n"),
        rest_index=Answer(SITE + "/wp-json/", 404),
        rest_posts=answer(theme, "rest-posts.json"),
        feed=answer(theme, "feed.xml"),
        feed_repeat=Answer(SITE + "/feed/", 304),
        sitemap_index=answer(theme, "wp-sitemap.xml"),
        sitemap_page_url=SITE + "/wp-sitemap-posts-post-1.xml",
        sitemap_page=answer(theme, "wp-sitemap-posts-post-1.xml"),
        articles={url_of(theme, "seed"): seed},
    )
    return replace(probed, **answers)


def test_stock_wordpress_without_rest_is_crawled_from_html() -> None:
    probed = findings_of("twentytwentyone", rest_posts=Answer(SITE + "/wp-json/wp/v2/posts", 404))
    findings = read_findings(probed, URLS, "newsbot/test", 7, DAY)
    advice = recommend(findings, ARBUZ)
    assert (advice.source, advice.options) == ("html", ["--source html"])
    assert [note.code for note in advice.notes] == ["rest_unavailable", "listing_fallback"]
    assert [warning.code for warning in advice.warnings] == [
        "generic_theme", "no_article_validators",
    ]  # fmt: skip


def test_robots_txt_rules_are_told_source_by_source() -> None:
    rules = b"User-agent: newsbot\nDisallow: /wp-json/\nDisallow: /tag/\nCrawl-delay: 4\n"
    probed = findings_of("twentytwentyone", robots=Answer(SITE + "/robots.txt", 200, {}, rules))
    findings = read_findings(probed, URLS, "newsbot/0.1.0 (+local)", 7, DAY)
    assert findings.robots.forbidden == ["rest", "tags"]
    assert findings.robots.crawl_delay == 4
    advice = recommend(findings, ARBUZ)
    assert advice.warnings[0].code == "robots_forbids"


ARTICLE_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("C", "Z")), min_size=1)


@given(st.sampled_from([f for f in DOCUMENT_FIELDS if f != "site_name"]), ARTICLE_TEXT)
def test_compare_names_exactly_the_field_that_differs(field: str, text: str) -> None:
    article = sample_article(3)
    assert compare(article, article, ARBUZ, 1) == []
    value: Any = getattr(article, field)
    if isinstance(value, list):
        changed: Any = [*value, text]
    elif field == "published_at":
        changed = value.replace(year=value.year - 1)
    else:
        changed = value + text
    other: Article = replace(article, **{field: changed})
    assert compare(article, other, ARBUZ, 1) == [field]
    if field == "paragraphs":  # a split post's first page holds the start of the body
        assert compare(article, other, ARBUZ, 2) == []
        assert compare(other, article, ARBUZ, 2) == ["paragraphs"]


@pytest.mark.parametrize("terms", [None, 7, "x", [None, [3, {"taxonomy": "category"}]]])
def test_malformed_embedded_terms_are_reported_not_raised(terms: object) -> None:
    theme = "twentytwentyone"
    (post,) = posts_of(theme, "seed.json")
    post["_embedded"]["wp:term"] = terms
    page = answer(theme, "seed.html")
    report, found = read_article(url_of(theme, "seed"), page, [post], URLS)
    _, from_the_page = read_article(url_of(theme, "seed"), page, None, URLS)
    assert report.rest is not None and found == from_the_page


def test_terms_whose_embed_failed_are_no_embedded_terms() -> None:
    (post,) = posts_of("twentytwentyone", "seed.json")
    assert "embedded_terms" in rest_signals(RestPost(ARBUZ, post))
    error = {"code": "rest_forbidden", "message": "Sorry.", "data": {"status": 401}}
    post["_embedded"]["wp:term"] = [error, error]
    assert "embedded_terms" not in rest_signals(RestPost(ARBUZ, post))
