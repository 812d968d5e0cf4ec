"""Sitemaps as the outlet's Yoast SEO serves them (`tests/fixtures/arbuz/yoast/`, from the site
model), and where a crawl finds their index."""

from __future__ import annotations

from pathlib import Path

from newsbot.crawl.urls import SiteUrls
from newsbot.pages import FeedPage, SitemapPage
from newsbot.pages.feeds import robots_sitemaps
from newsbot.sites.arbuz import PROFILE as ARBUZ

SITE = "https://arbuztoday.ru"
INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>"""


def yoast(fixtures: Path, name: str) -> bytes:
    return (fixtures / "arbuz" / "yoast" / name).read_bytes()


def index_of(*paths: str) -> str:
    return INDEX.format("".join(f"<sitemap><loc>{SITE}{path}</loc></sitemap>" for path in paths))


def test_yoasts_index_names_its_posts_sitemap(fixtures: Path) -> None:
    index = SitemapPage(ARBUZ, yoast(fixtures, "sitemap_index.xml"))
    assert index.post_sitemaps() == [f"{SITE}/post-sitemap.xml"]


def test_every_posts_sitemap_of_yoast_and_core_and_none_other() -> None:
    listed = index_of(
        "/post-sitemap.xml", "/post-sitemap2.xml", "/post-sitemap12.xml", "/page-sitemap.xml",
        "/category-sitemap.xml", "/post-sitemap1.xml", "/post-sitemap02.xml",
        "/wp-sitemap-posts-post-3.xml", "/wp-sitemap-posts-page-1.xml",
    )  # fmt: skip
    assert SitemapPage(ARBUZ, listed).post_sitemaps() == [
        f"{SITE}/post-sitemap.xml",
        f"{SITE}/post-sitemap2.xml",
        f"{SITE}/post-sitemap12.xml",
        f"{SITE}/wp-sitemap-posts-post-3.xml",
    ]


def test_yoasts_posts_sitemap_lists_posts_not_the_home_page(fixtures: Path) -> None:
    entries = SitemapPage(ARBUZ, yoast(fixtures, "post-sitemap.xml")).entries()
    assert len(entries) == 6
    assert all(entry.url != f"{SITE}/" and entry.lastmod is not None for entry in entries)
    assert entries[0].url == f"{SITE}/news-2017-03-009/"
    assert entries[0].lastmod is not None and entries[0].lastmod.isoformat() == (
        "2017-03-01T21:44:01+00:00"
    )


def test_the_index_is_the_one_robots_txt_names_else_cores(fixtures: Path) -> None:
    robots = yoast(fixtures, "robots-yoast.txt").decode()
    assert robots_sitemaps(robots) == [f"{SITE}/sitemap_index.xml"]
    commented = "Sitemap: https://a.example/s.xml # the index\nsitemap:https://a.example/2.xml"
    assert robots_sitemaps(commented) == ["https://a.example/s.xml", "https://a.example/2.xml"]
    urls = SiteUrls(ARBUZ, "http://127.0.0.1:8080")
    assert urls.sitemap_index(robots) == "http://127.0.0.1:8080/sitemap_index.xml"
    assert urls.sitemap_index() == "http://127.0.0.1:8080/wp-sitemap.xml"
    elsewhere = "Sitemap: https://cdn.example/sitemap.xml\nsitemap:  /news-sitemap.xml\n"
    assert urls.sitemap_index(elsewhere) == "http://127.0.0.1:8080/news-sitemap.xml"


def test_an_empty_answer_is_a_feed_or_sitemap_of_nothing() -> None:
    for body in (b"", ""):
        page = SitemapPage(ARBUZ, body)
        assert (page.sitemaps(), page.post_sitemaps(), page.entries()) == ([], [], [])
        feed = FeedPage(ARBUZ, body)
        assert feed.entries() == []
