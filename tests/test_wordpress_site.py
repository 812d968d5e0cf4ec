"""The real WordPress of the tests works: it serves what was loaded, and only on loopback.

These tests check the test component itself (`tests/wordpress/`), not the crawler: that the REST
API, article pages in both themes, listings, archives, the feed and the sitemaps answer with the
content model's posts, that nothing unpublished leaks, that the changes tests make between runs
show through, and that no process of it listens beyond 127.0.0.1.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from parsel import Selector

from newsbot.normalize import from_utc_iso
from tests.replica import Fetched
from tests.wordpress import environment
from tests.wordpress.content import build_content
from tests.wordpress.environment import WORDPRESS
from tests.wordpress.model import Post
from tests.wordpress.save_pages import pages_of
from tests.wordpress.site import Site
from tests.wordpress.stack import THEME_NAMES, WordPress

FIXTURES = Path(__file__).parent / "fixtures"
REGENERATE = "not what WordPress serves now: python -m tests.wordpress.save_pages saves it anew"
HIDDEN = ("draft", "draft-undated", "pending", "scheduled", "private", "trashed", "trashed-later")


def rest_posts(site: Site, query: str = "") -> tuple[list[dict[str, Any]], Fetched]:
    """Every post the REST API lists (all pages of 100), and the first page's answer."""
    first = site.get(f"/wp-json/wp/v2/posts?per_page=100&_embed=1{query}")
    assert first.status == 200, first.text[:500]
    posts: list[dict[str, Any]] = first.json()
    for page in range(2, int(first.headers["X-WP-TotalPages"]) + 1):
        posts.extend(
            site.get(f"/wp-json/wp/v2/posts?per_page=100&_embed=1&page={page}{query}").json()
        )
    return posts, first


def listed_in_rest(post: Post) -> bool:
    """REST lists every published post, password-protected ones too (their content blanked)."""
    return post.status == "publish"


def test_the_content_model_gives_the_seed_document() -> None:
    assert build_content()["seed"].document() == (FIXTURES / "seed.txt").read_text(encoding="utf-8")


def test_without_the_packages_the_tests_skip_with_the_install_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(environment, "missing", lambda: ("mariadbd",))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install wordpress .*mariadb-server"):
        environment.require_wordpress()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"\(missing: mariadbd\)"):
        environment.require_wordpress()


def test_rest_lists_exactly_the_published_posts(wordpress_site: Site) -> None:
    posts, first = rest_posts(wordpress_site)
    expected = {post.id for post in wordpress_site.content.posts if listed_in_rest(post)}
    assert {post["id"] for post in posts} == expected
    assert int(first.headers["X-WP-Total"]) == len(expected)
    hidden = {wordpress_site.content[key].id for key in HIDDEN}
    assert not hidden & {post["id"] for post in posts}
    protected = wordpress_site.content["password"]
    (shown,) = [post for post in posts if post["id"] == protected.id]
    assert shown["content"] == {"rendered": "", "protected": True}
    assert len(wordpress_site.content.documents()) == len(expected) - 1


def test_wordpress_holds_the_statuses_loaded(wordpress_site: Site) -> None:
    stored = {post["id"]: post for post in wordpress_site.posts()}
    for post in wordpress_site.content.posts:
        assert stored[post.id]["status"] == post.status, post.key
        expected_slug = f"{post.slug}__trashed" if post.status == "trash" else post.slug
        assert stored[post.id]["slug"] == expected_slug


def test_rest_posts_carry_what_was_loaded(wordpress_site: Site) -> None:
    posts, _ = rest_posts(wordpress_site)
    by_id = {post["id"]: post for post in posts}
    for post in wordpress_site.content.public():
        article = post.article()
        served = by_id[post.id]
        assert html.unescape(served["title"]["rendered"]) == post.title
        assert served["link"] == wordpress_site.url(f"/{post.slug}/")
        assert from_utc_iso(served["date_gmt"] + "+00:00") == article.published_at
        assert from_utc_iso(served["modified_gmt"] + "+00:00") == article.modified_at
        categories, tags = served["_embedded"]["wp:term"]
        assert [term["name"] for term in categories] == article.categories, post.key
        assert [term["slug"] for term in categories] == article.category_slugs
        assert [term["name"] for term in tags] == article.tags, post.key
        if post.photo is None:
            assert served["featured_media"] == 0
            continue
        (media,) = served["_embedded"]["wp:featuredmedia"]
        caption = f"<p>{post.photo.caption}</p>\n" if post.photo.caption else ""
        assert media["caption"]["rendered"] == caption
    seed = by_id[48213]
    assert (seed["featured_media"], seed["slug"]) == (48214, urlsplit(seed["link"]).path.strip("/"))


def test_a_nextpage_post_is_whole_in_rest_and_paged_in_html(wordpress_site: Site) -> None:
    post = wordpress_site.content["nextpage"]
    (served,) = wordpress_site.get(f"/wp-json/wp/v2/posts?slug={post.slug}").json()
    rendered = served["content"]["rendered"]
    assert rendered.count("<!--nextpage-->") == 2
    assert all(line in rendered for line in post.article().paragraphs)
    pages = [wordpress_site.get(f"/{post.slug}/{suffix}") for suffix in ("", "2/", "3/")]
    assert [page.status for page in pages] == [200, 200, 200]
    assert "Реконструкция" in pages[1].text
    assert "Реконструкция" not in pages[0].text
    assert wordpress_site.get(f"/{post.slug}/4/").status == 301


@pytest.mark.parametrize("key", ["seed", "photo-credit", "default-category", "figures"])
def test_article_pages_render_in_each_theme(wordpress_site: Site, key: str) -> None:
    post = wordpress_site.content[key]
    page = wordpress_site.get(f"/{post.slug}/")
    assert page.status == 200
    selector = Selector(page.text)
    assert selector.css("link[rel=canonical]::attr(href)").get() == wordpress_site.url(
        f"/{post.slug}/"
    )
    assert f"postid-{post.id}" in (selector.css("body::attr(class)").get() or "")
    assert html.unescape(selector.css("h1::text").get() or "") == post.title
    assert selector.css("title::text").get() == f"{post.title} — АРБУЗ"
    body = " ".join(selector.css(".entry-content *::text").getall())
    for line in post.article().paragraphs:
        for word in line.split(" | "):
            assert word.replace("\n", " ") in body.replace("\n", " "), (key, word)
    links = selector.css("a[rel~=tag]::text").getall()
    assert all(name in links for name in (*post.article().categories, *post.article().tags))


def test_hidden_posts_are_not_served(wordpress_site: Site) -> None:
    for key in HIDDEN:
        post = wordpress_site.content[key]
        assert wordpress_site.get(f"/{post.slug}/").status == 404, key
        assert wordpress_site.get(f"/wp-json/wp/v2/posts/{post.id}").status == 401, key


def test_feed_sitemaps_and_robots_answer(wordpress_site: Site) -> None:
    feed = wordpress_site.get("/feed/")
    assert feed.status == 200
    assert feed.headers["Content-Type"].startswith("application/rss+xml")
    items = Selector(feed.text, type="xml").xpath("//item/link/text()").getall()
    newest = sorted(
        (p for p in wordpress_site.content.posts if listed_in_rest(p)), key=lambda p: p.published
    )[-10:]
    assert items == [wordpress_site.url(f"/{post.slug}/") for post in reversed(newest)]
    wordpress_site.clear_requests()
    again = wordpress_site.get("/feed/", {"If-None-Match": feed.headers["ETag"]})
    assert again.status == 304
    (logged,) = wordpress_site.requests()
    assert (logged["path"], logged["status"]) == ("/feed/", 304)
    assert logged["headers"]["If-None-Match"] == feed.headers["ETag"]
    index = Selector(wordpress_site.get("/wp-sitemap.xml").text, type="xml")
    index.remove_namespaces()
    assert (
        wordpress_site.url("/wp-sitemap-posts-post-1.xml") in index.xpath("//loc/text()").getall()
    )
    sitemap = Selector(wordpress_site.get("/wp-sitemap-posts-post-1.xml").text, type="xml")
    sitemap.remove_namespaces()
    listed = set(sitemap.xpath("//url/loc/text()").getall())
    assert listed == {
        wordpress_site.url(f"/{p.slug}/") for p in wordpress_site.content.posts if listed_in_rest(p)
    }
    assert not sitemap.xpath("//lastmod")
    robots = wordpress_site.get("/robots.txt")
    assert f"Sitemap: {wordpress_site.url('/wp-sitemap.xml')}" in robots.text


def test_listings_and_day_archives(wordpress_site: Site) -> None:
    shown = [p for p in wordpress_site.content.posts if listed_in_rest(p)]
    seed = wordpress_site.content["seed"]
    archive = wordpress_site.get("/2019/11/07/")
    assert archive.status == 200
    assert wordpress_site.url(f"/{seed.slug}/") in archive.text
    assert wordpress_site.get("/2019/11/11/page/2/").status == 200
    assert wordpress_site.get("/2019/11/11/page/3/").status == 404
    assert wordpress_site.get("/page/2/").status == 200
    last_page = -(-len(shown) // 10)
    assert wordpress_site.get(f"/page/{last_page}/").status == 200
    assert wordpress_site.get(f"/page/{last_page + 1}/").status == 404
    assert wordpress_site.get(f"/wp-json/wp/v2/posts?page={last_page + 1}").status == 400
    past = wordpress_site.get(f"/wp-json/wp/v2/posts?offset={len(shown)}")
    assert past.status == 200 and past.json() == [] and past.headers["X-WP-Total"] == "0"


def _inodes(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[len("socket:[") : -1])
    return found


def _listening() -> dict[str, str]:
    """Socket inode → local address of every TCP socket listening on this machine."""
    found: dict[str, str] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":
                found[fields[9]] = fields[1]
    return found


def _group(leader: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == leader:
                    members.append(int(entry.name))
            except ProcessLookupError:
                continue
    return members


def test_nothing_listens_beyond_loopback(wordpress: WordPress, wordpress_site: Site) -> None:
    assert wordpress_site.process is not None and wordpress.mariadb.process is not None
    listening = _listening()
    server = {
        listening[inode]
        for pid in _group(wordpress_site.process.pid)
        for inode in _inodes(pid)
        if inode in listening
    }
    assert server == {f"0100007F:{wordpress_site.port:04X}"}
    assert not _inodes(wordpress.mariadb.process.pid) & set(listening)


def test_wordpress_sends_nothing_elsewhere(wordpress_site: Site) -> None:
    """Pages are served without WordPress fetching anything; the embed's oEmbed call is refused."""
    wordpress_site.get(f"/{wordpress_site.content['figures'].slug}/")
    wordpress_site.get("/")
    attempted = {urlsplit(url).hostname for url in wordpress_site.outgoing()}
    assert attempted <= {"www.youtube.com"}


def test_changes_between_runs_show_through(wordpress: WordPress) -> None:
    site = wordpress.new_site()
    try:
        before, first = rest_posts(site)
        latest = max(post["modified_gmt"] for post in before)
        new = site.publish(3)
        edited = site.edit("seed")
        changed, _ = rest_posts(site, f"&modified_after={latest}Z&orderby=modified&order=asc")
        assert {post["id"] for post in changed} == {*(post.id for post in new), edited.id}
        (seed,) = [post for post in changed if post["id"] == edited.id]
        assert "Обновлено: подробности уточняются." in seed["content"]["rendered"]
        assert seed["date_gmt"] == "2019-11-07T17:00:22"
        gone = site.trash("news-1")
        assert site.get(f"/{gone.slug}/").status == 404
        site.restore("news-1")
        assert site.get(f"/{gone.slug}/").status == 200
        site.set_status("news-2", "draft")
        deleted = site.content["news-3"]
        site.delete("news-3")
        assert site.get(f"/wp-json/wp/v2/posts/{deleted.id}").status == 404
        after, answer = rest_posts(site)
        assert int(answer.headers["X-WP-Total"]) == int(first.headers["X-WP-Total"]) + 3 - 2
        assert {post["id"] for post in after} == {
            post.id for post in site.content.posts if listed_in_rest(post)
        }
    finally:
        site.close()


def test_a_site_whose_home_is_the_outlet(wordpress: WordPress) -> None:
    """Behind a proxy of the outlet's address, WordPress prints and redirects to arbuztoday.ru."""
    site = wordpress.new_site()
    try:
        site.set_home("https://arbuztoday.ru")
        seed = site.content["seed"]
        page = site.get(f"/{seed.slug}/")
        assert page.status == 200
        canonical = Selector(page.text).css("link[rel=canonical]::attr(href)").get()
        assert canonical == seed.url
        assert site.get(f"/?p={seed.id}").headers["Location"] == seed.url
        assert site.get(f"/{seed.slug}").headers["Location"] == seed.url
        (served,) = site.get(f"/wp-json/wp/v2/posts?slug={seed.slug}").json()
        assert served["link"] == seed.url
    finally:
        site.close()


def test_a_mirror_that_redirects_to_its_host_without_the_port(wordpress: WordPress) -> None:
    """Served on 127.0.0.1:PORT with a `home` of no port, WordPress sends pages to port 80."""
    site = wordpress.new_site(home="https://arbuztoday.ru", proxied=False)
    try:
        seed = site.content["seed"]
        page = site.get(f"/{seed.slug}/")
        assert page.status == 301
        assert page.headers["Location"] == f"http://127.0.0.1/{seed.slug}/"
        assert site.get("/wp-json/wp/v2/posts").status == 200
    finally:
        site.close()


def test_a_redesign_that_shows_no_article(wordpress: WordPress) -> None:
    site = wordpress.new_site("blank")
    try:
        page = site.get(f"/{site.content['seed'].slug}/")
        assert page.status == 200
        selector = Selector(page.text)
        assert not selector.css("h1, article, .entry-content, time")
        assert "Сайт обновляется" in page.text
        assert site.get("/wp-json/wp/v2/posts").status == 200
    finally:
        site.close()


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_saved_pages_are_what_wordpress_serves(wordpress: WordPress, theme: str) -> None:
    """tests/fixtures/wordpress/ is up to date (else: python -m tests.wordpress.save_pages)."""
    saved = FIXTURES / "wordpress" / theme
    generator = re.search(
        rb'<meta name="generator" content="([^"]+)"', (saved / "seed.html").read_bytes()
    )
    installed = (WORDPRESS / "wp-includes" / "version.php").read_text()
    version = re.search(r"\$wp_version = '([^']+)'", installed)
    assert generator and version
    if generator.group(1).decode() != f"WordPress {version.group(1)}":
        pytest.skip(f"pages saved from {generator.group(1).decode()}, this is {version.group(1)}")
    site = wordpress.new_site(theme, home="https://arbuztoday.ru")
    try:
        for name, path in pages_of(site).items():
            served = site.get(path).body
            assert served == (saved / name).read_bytes(), f"{theme}/{name}: {REGENERATE}"
    finally:
        site.close()
