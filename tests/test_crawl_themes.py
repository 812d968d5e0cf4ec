"""An HTML crawl of the pages public classic themes printed (`tests/fixtures/themes/`): each
post's document equals REST's, completed from the post's REST route where the theme hides a field
every post has; a theme whose pages give no article fails the run, naming the field.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from tests.crawling import stored_documents
from tests.sites import Page, crawl, serving, xml_page
from tests.test_convergence import FORBIDDEN, failed_articles
from tests.test_pages_themes import SAVED, THEMES, responses

pytestmark = pytest.mark.e2e

EXPECTED = Path(__file__).parent / "fixtures" / "wordpress" / "expected"
POSTS = ("seed", "photo-credit", "default-category", "figures", "nextpage")
LASTMOD = "2019-11-20T10:00:00+00:00"


def saved_site(theme: str) -> dict[str, Page]:
    """The theme's saved responses at their paths, with a feed and a posts sitemap of them."""
    saved = responses(theme)
    pages = {
        response["path"]: Page(
            (SAVED / theme / name).read_bytes(),
            response["status"],
            {k: v for k, v in response["headers"] if k.lower() == "content-type"},
        )
        for name, response in saved.items()
    }
    links = [f"https://arbuztoday.ru{saved[f'{post}.html']['path']}" for post in POSTS]
    items = "".join(f"<item><link>{link}</link></item>" for link in links)
    urls = "".join(f"<url><loc>{link}</loc><lastmod>{LASTMOD}</lastmod></url>" for link in links)
    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    pages["/robots.txt"] = Page(
        b"User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"}
    )
    pages["/feed/"] = xml_page(f"<rss version='2.0'><channel>{items}</channel></rss>")
    pages["/wp-sitemap.xml"] = xml_page(
        f"<sitemapindex {namespace}><sitemap><loc>https://arbuztoday.ru/wp-sitemap-posts-post-1.xml"
        "</loc></sitemap></sitemapindex>",
        "application/xml",
    )
    pages["/wp-sitemap-posts-post-1.xml"] = xml_page(
        f"<urlset {namespace}>{urls}</urlset>", "application/xml"
    )
    return pages


@pytest.mark.parametrize("theme", THEMES)
def test_a_classic_theme_gives_the_documents_rest_gives(tmp_path: Path, theme: str) -> None:
    db = tmp_path / "a.db"
    with serving(saved_site(theme)) as site:
        result = crawl(site, db)
    assert result.returncode == Exit.OK, result.stderr[-3000:]
    expected = sorted((EXPECTED / f"{post}.txt").read_text("utf-8") for post in POSTS)
    assert sorted(stored_documents(db).values()) == expected


def test_a_theme_whose_pages_give_no_article_fails_naming_the_field(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with serving(saved_site("colormag")) as site:
        result = crawl(site, db)
    assert result.returncode == Exit.FAILED, result.stderr[-3000:]
    assert "no article body" in result.stderr
    assert stored_documents(db) == {}


def test_a_post_whose_pages_link_only_the_next_page_is_read_whole(tmp_path: Path) -> None:
    """`wp_link_pages(next_or_number=next)`: the first page links the second alone."""
    site_pages = saved_site("twentytwenty")
    first = next(path for path in site_pages if path.endswith("-chastyax/"))
    page = site_pages[first]
    third = b'-chastyax/3/" class="post-page-numbers"'
    assert third in bytes(page.body)
    body = bytes(page.body).replace(third, b'-chastyax/2/" class="post-page-numbers"')
    site_pages[first] = replace(page, body=body)
    db = tmp_path / "a.db"
    with serving(site_pages) as site:
        result = crawl(site, db)
    assert result.returncode == Exit.OK, result.stderr[-3000:]
    expected = sorted((EXPECTED / f"{post}.txt").read_text("utf-8") for post in POSTS)
    assert sorted(stored_documents(db).values()) == expected


def assert_the_credit_post_alone_is_refused(site_pages: dict[str, Page], tmp_path: Path) -> None:
    """A crawl of `site_pages` stores every post but photo-credit, recorded for retry."""
    db = tmp_path / "a.db"
    with serving(site_pages) as site:
        result = crawl(site, db)
    assert result.returncode == Exit.DEGRADED, result.stderr[-3000:]
    kept = [post for post in POSTS if post != "photo-credit"]
    expected = sorted((EXPECTED / f"{post}.txt").read_text("utf-8") for post in kept)
    assert sorted(stored_documents(db).values()) == expected
    (failed,) = failed_articles(db)["first"]
    assert "lead photo shown without a caption" in failed["reason"], failed


def test_a_lead_photo_whose_route_lost_its_caption_fails_that_post_alone(tmp_path: Path) -> None:
    """twentynineteen shows the featured image uncaptioned; the route embeds an error object in
    its place: the post is refused and recorded, not stored without its credit."""
    site_pages = saved_site("twentynineteen")
    route = responses("twentynineteen")["photo-credit.json"]["path"]
    post = json.loads(bytes(site_pages[route].body))
    post["_embedded"]["wp:featuredmedia"] = [FORBIDDEN]
    site_pages[route] = replace(site_pages[route], body=json.dumps(post).encode())
    assert_the_credit_post_alone_is_refused(site_pages, tmp_path)


def test_a_route_answering_another_post_leaves_the_credit_unread(tmp_path: Path) -> None:
    """The post's route answers another post (a misconfigured cache, a redirect): that post's
    image says nothing of this one's credit, so the post is refused and recorded."""
    site_pages = saved_site("twentynineteen")
    saved = responses("twentynineteen")
    route = saved["photo-credit.json"]["path"]
    site_pages[route] = site_pages[saved["seed.json"]["path"]]
    assert_the_credit_post_alone_is_refused(site_pages, tmp_path)
