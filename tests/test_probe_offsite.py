"""The probe and the crawl ask the site and nothing else: a sitemap index, REST links and feed
items naming another address (a listener on a second loopback address) are reported or refused,
never requested, and a probe whose every request was answered does not say the site is down."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import FULL_SPEED, newsbot
from tests.fake_site import FakeSite, serving, text

pytestmark = pytest.mark.e2e


@pytest.fixture
def elsewhere() -> Iterator[FakeSite]:
    """Another address that answers everything, and records what it was asked."""
    catch_all = text("<html><body>elsewhere</body></html>", "text/html")
    site = FakeSite(routes={}, host="127.0.0.2")
    site.answer = lambda path: catch_all  # type: ignore[method-assign]
    with serving(site) as running:
        yield running


def _posts(other: str) -> bytes:
    posts = [
        {"id": n, "link": f"{other}/post-{n}/", "modified_gmt": "2026-01-0{n}T10:00:00"}
        for n in (1, 2, 3)
    ]
    return json.dumps(posts).encode()


def _sitemap_index(other: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{other}/wp-sitemap-posts-post-1.xml</loc></sitemap>"
        "</sitemapindex>"
    )


def _feed(other: str) -> str:
    items = "".join(
        f"<item><title>{n}</title><link>{other}/post-{n}/</link>"
        f"<pubDate>Mon, 05 Jan 2026 10:0{n}:00 +0000</pubDate></item>"
        for n in (1, 2, 3)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    )


@pytest.fixture
def site(elsewhere: FakeSite) -> Iterator[FakeSite]:
    """A WordPress-like site whose every source names pages on the other address."""
    json_headers = {"Content-Type": "application/json; charset=UTF-8", "X-WP-Total": "3"}
    other = elsewhere.url
    routes = {
        "/robots.txt": text("User-agent: *\nAllow: /\n"),
        "/wp-json/": (200, json_headers, json.dumps({"namespaces": ["wp/v2"]}).encode()),
        "/wp-json/wp/v2/posts": (200, {**json_headers, "X-WP-TotalPages": "1"}, _posts(other)),
        "/feed/": text(_feed(other), "application/rss+xml"),
        "/wp-sitemap.xml": text(_sitemap_index(other), "application/xml"),
        "/": text(f'<html><body><a href="{other}/post-1/">1</a></body></html>', "text/html"),
    }
    with serving(FakeSite(routes=routes)) as running:
        yield running


def test_the_probe_asks_only_the_site_and_reports(site: FakeSite, elsewhere: FakeSite) -> None:
    result = newsbot("probe", "--base-url", site.url, *FULL_SPEED)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert elsewhere.requested == []
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert site.requested, "the probe asked the site"


@pytest.mark.parametrize("source", ["rest", "html"])
def test_the_crawl_asks_only_the_site(
    site: FakeSite, elsewhere: FakeSite, tmp_path: Path, source: str
) -> None:
    db = tmp_path / "arbuz.db"
    result = newsbot(
        "crawl", "--source", source, "--base-url", site.url, "--db", str(db), *FULL_SPEED
    )
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert elsewhere.requested == []
    assert result.returncode != 3, result.stderr[-2000:]
