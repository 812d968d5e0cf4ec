"""Sites that lie about their pagination cannot keep a crawl going: REST totals far past the
posts (answering WordPress's 400 or an empty page past the real end), day archives and listings
that link a next page for ever while repeating themselves. Each crawl ends within a bound of
requests set by what the site really holds (DESIGN §4)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbot.cli.options import Exit
from newsbot.crawl.rest_answers import PAGES_AHEAD
from newsbot.replica.listings import Archive, listing_page
from tests.crawling import FULL_SPEED, newsbot_measured, stored_documents
from tests.sites import (
    JSON,
    OUTLET,
    Page,
    crawl,
    html_page,
    model,
    outlet,
    rest_json,
    rest_page,
    sample_posts,
    serving,
)

pytestmark = pytest.mark.e2e

POSTS = sample_posts(12)
PAST_THE_END = Page(
    json.dumps({"code": "rest_post_invalid_page_number", "data": {"status": 400}}).encode(),
    400,
    {"Content-Type": JSON},
)


def rest_site(
    real_pages: int, announced_pages: int, announced_posts: int, empty_end: bool
) -> Callable[[str], Page | None]:
    """A REST API holding `real_pages` pages of 2 posts that announces other totals."""

    def route(path: str) -> Page | None:
        parts = urlsplit(path)
        if parts.path != model.REST_POSTS:
            return None
        query = parse_qs(parts.query)
        start = int(query.get("offset", [2 * (int(query.get("page", ["1"])[0]) - 1)])[0])
        if start >= max(2 * real_pages, 2):
            return Page(b"[]", 200, {"Content-Type": JSON}) if empty_end else PAST_THE_END
        shown = POSTS[start : min(start + 2, 2 * real_pages)]
        headers = {
            "Content-Type": JSON,
            "X-WP-Total": str(announced_posts),
            "X-WP-TotalPages": str(announced_pages),
        }
        return Page(json.dumps([rest_json(post) for post in shown]).encode(), 200, headers)

    return route


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    real_pages=st.integers(0, 5),
    announced_pages=st.integers(1, 5_000_000),
    announced_posts=st.integers(0, 500_000_000),
    empty_end=st.booleans(),
    sweep=st.booleans(),
)
def test_rest_totals_that_lie_end_at_the_real_last_page(
    tmp_path_factory: pytest.TempPathFactory,
    real_pages: int,
    announced_pages: int,
    announced_posts: int,
    empty_end: bool,
    sweep: bool,
) -> None:
    db = tmp_path_factory.mktemp("lies") / "a.db"
    route = rest_site(real_pages, announced_pages, announced_posts, empty_end)
    with serving({}, route=route) as site:
        result = crawl(site, db, *(["--sweep"] if sweep else []), source="rest")
    rest = [path for path in site.requests if path.startswith(model.REST_POSTS)]
    walks = 2 if sweep else 1  # the changes, and the sweep's listing of ids
    assert len(rest) <= walks * (real_pages + PAGES_AHEAD + 1), (len(rest), result.stderr[-2000:])
    assert result.returncode in (Exit.OK, Exit.DEGRADED, Exit.FAILED), result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def repeating(archive: Archive) -> Callable[[str], Page | None]:
    """Every page of `archive` lists the same two posts and links the next page."""

    def route(path: str) -> Page | None:
        parts = urlsplit(path).path
        if not parts.startswith(archive.path):
            return None
        rest = parts[len(archive.path) :].strip("/")
        number = int(rest.split("/")[-1]) if rest.startswith("page/") else 1
        return html_page(listing_page(OUTLET, archive, number, number + 1, POSTS[:2]))

    return route


def test_a_day_archive_repeating_itself_ends_the_day(tmp_path: Path) -> None:
    day = POSTS[0].published.astimezone(OUTLET.zone).date()
    path = f"/{day:%Y/%m/%d}/"
    year = Archive(f"{day.year}", f"/{day:%Y}/", "archive date")
    days, years = repeating(Archive(f"{day}", path, "archive date")), repeating(year)
    with serving(outlet(POSTS), route=lambda asked: days(asked) or years(asked)) as site:
        result = newsbot_measured(
            "backfill", "--since", day.isoformat(), "--until", day.isoformat(), "--source",
            "html", "--db", str(tmp_path / "a.db"), "--base-url", site.url, *FULL_SPEED,
        )  # fmt: skip
    pages = [p for p in site.requests if p.startswith(path)]
    assert len(pages) <= 3, pages
    assert "Traceback" not in result.stderr


def test_listings_repeating_themselves_end_the_walk(tmp_path: Path) -> None:
    home = Archive("АРБУЗ", "/", "home blog", model.FEED)
    pages = outlet(POSTS[2:])  # the feed lists other posts; the listings repeat two
    pages.pop("/")
    with serving(pages, route=repeating(home)) as site:
        result = crawl(site, tmp_path / "a.db")
    walked = [p for p in site.requests if p == "/" or p.startswith("/page/")]
    assert len(walked) <= 3, walked
    assert "Traceback" not in result.stderr


def test_a_page_asked_ahead_failing_past_a_read_listing_leaves_the_sweep_whole(
    tmp_path: Path,
) -> None:
    """The sweep's listing announces three pages; the second is past the end (posts left
    meanwhile), so the first alone is the listing; the third, asked ahead, then fails."""
    posts = [rest_json(post) for post in POSTS[:2]]
    ids = [{"id": post["id"], "modified": post["modified"]} for post in posts]

    def route(path: str) -> Page | None:
        parts = urlsplit(path)
        if parts.path != model.REST_POSTS:
            return None
        query = parse_qs(parts.query)
        if "_fields" not in query:
            return rest_page(posts)
        number = int(query["page"][0])
        if number == 1:
            headers = {"Content-Type": JSON, "X-WP-Total": "300", "X-WP-TotalPages": "3"}
            return Page(json.dumps(ids).encode(), 200, headers)
        return PAST_THE_END if number == 2 else Page(b"down", 500, {"Content-Type": "text/plain"})

    db = tmp_path / "a.db"
    with serving({}, route=route) as site:
        result = crawl(site, db, "--sweep", source="rest")
    asked = [path for path in site.requests if "_fields" in path]
    assert any("page=3" in path for path in asked), asked
    assert "decides nothing" not in result.stderr, result.stderr[-3000:]
    assert "newsbot/sweep/incomplete" not in result.stderr
    assert "Sweep (rest): 2 posts listed" in result.stderr, result.stderr[-3000:]
    assert result.returncode == Exit.OK, result.stderr[-3000:]


def test_a_rest_answer_after_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """A BOM in a theme's PHP file comes before every REST answer of the site."""
    plain = rest_page([rest_json(post) for post in POSTS])
    answer = replace(plain, body=b"\xef\xbb\xbf" + bytes(plain.body))

    def route(path: str) -> Page | None:
        return answer if urlsplit(path).path == model.REST_POSTS else None

    db = tmp_path / "a.db"
    with serving({}, route=route) as site:
        result = crawl(site, db, source="rest")
    assert result.returncode == Exit.OK, result.stderr[-3000:]
    assert len(stored_documents(db)) == len(POSTS)
