"""`newsbot probe` against the real WordPress (`tests/wordpress/`), in the block and the classic
theme, in a theme that shows no article, and as a copy that redirects to its host without the
port: the report says what stock WordPress gives, within the request budget."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsbot import __version__
from newsbot.cli.options import Exit
from tests.test_probe import BUDGET, codes, probe, report_of
from tests.wordpress.site import Site
from tests.wordpress.stack import WordPress

pytestmark = pytest.mark.e2e

AGENT = f"newsbot/{__version__} (+local)"


def probed(site: Site, tmp_path: Path, code: Exit = Exit.OK) -> dict[str, Any]:
    """The report of a probe of `site`. robots.txt comes first; after it, at most BUDGET
    questions, each redirected at most once by a copy that sends pages to its host without
    the port."""
    site.clear_requests()
    report = report_of(probe(site.base_url, tmp_path), code)
    log = site.requests()
    assert {entry["headers"]["User-Agent"] for entry in log} == {AGENT}
    robots = 1 if log[0]["status"] == 200 else 2  # the redirected one
    assert [entry["path"] for entry in log[:robots]] == ["/robots.txt"] * robots
    asked = log[robots:]
    assert "/robots.txt" not in [entry["path"] for entry in asked]
    assert len(asked) == report["requests"]
    assert len([entry for entry in asked if entry["status"] != 301]) <= BUDGET
    assert list(tmp_path.iterdir()) == []
    return report


def newest(site: Site) -> list[tuple[str, int | None]]:
    """The three newest published posts (password-protected ones too): URL and id."""
    published = [post for post in site.content.posts if post.status == "publish"]
    published.sort(key=lambda post: post.published, reverse=True)
    return [(post.url, post.id) for post in published[:3]]


def test_stock_wordpress(wordpress_site: Site, tmp_path: Path) -> None:
    report = probed(wordpress_site, tmp_path)
    assert report["requests"] == BUDGET  # nothing redirected
    rest = report["rest"]
    assert (rest["home"], rest["posts_json"], rest["modified_after"]) == (
        wordpress_site.base_url, True, True,
    )  # fmt: skip
    assert rest["total"] == len([p for p in wordpress_site.content.posts if p.status == "publish"])
    assert "wp/v2" in rest["namespaces"]
    feed = report["feed"]
    assert (feed["validators"], feed["repeat_status"]) == (["etag", "last_modified"], 304)
    sitemaps = report["sitemaps"]
    assert (sitemaps["posts_sitemaps"], sitemaps["lastmod"]) == (1, "none")
    assert "/wp-sitemap-users-1.xml" in sitemaps["other"]
    assert all(t["matches"] for t in report["taxonomies"].values())
    articles = report["articles"]
    assert [(a["url"], a["post_id"]) for a in articles] == newest(wordpress_site)
    block_theme = wordpress_site.theme in ("twentytwentythree", "twentytwentytwo")
    for article in articles:
        html = article["html"]
        assert html["extracted"] and article["rest"]["extracted"] and article["agree"] is True
        assert (html["theme"], html["outlet_theme"], html["validators"]) == ("wordpress", False, [])
        assert {"canonical", "shortlink", "rest_route", "post_id", "wordpress_markup"} == set(
            html["signals"]
        )  # no SEO plugin: no JSON-LD, OpenGraph or article:* meta
        featured = "featured_media" in article["rest"]["signals"]
        assert html["completed_from_rest"] is (block_theme and featured)
    advice = report["recommendation"]
    assert advice["source"] == "rest"
    assert codes(advice["warnings"]) == ["generic_theme", "no_article_validators"]
    notes = ["listing_fallback", *(["rest_route_completion"] if block_theme else [])]
    assert codes(advice["notes"]) == notes


def test_a_theme_that_shows_no_article(wordpress: WordPress, tmp_path: Path) -> None:
    site = wordpress.new_site()
    try:
        site.switch_theme("blank")
        report = probed(site, tmp_path)
        assert report["requests"] == BUDGET
        assert not any(article["html"]["extracted"] for article in report["articles"])
        assert all(article["rest"]["extracted"] for article in report["articles"])
        advice = report["recommendation"]
        assert advice["source"] == "rest"
        assert "html_not_extracted" in codes(advice["warnings"])
    finally:
        site.close()


def test_a_copy_that_redirects_to_its_host_without_the_port(
    wordpress: WordPress, tmp_path: Path
) -> None:
    """WordPress believes it is https://arbuztoday.ru and sends pages to 127.0.0.1 without the
    port: the probe follows on the base URL, as the crawl does."""
    site = wordpress.new_site(home="https://arbuztoday.ru", proxied=False)
    try:
        report = probed(site, tmp_path)
        assert report["requests"] == BUDGET + 4  # the feed and three pages, each redirected
        assert report["rest"]["home"] == "https://arbuztoday.ru"
        assert report["feed"]["status"] == 200 and report["robots"]["status"] == 200
        assert [(a["url"], a["post_id"]) for a in report["articles"]] == newest(site)
        assert all(article["agree"] for article in report["articles"])
        assert report["recommendation"]["source"] == "rest"
    finally:
        site.close()
