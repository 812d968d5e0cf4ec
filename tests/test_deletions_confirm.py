"""A suspect whose own page (or REST route) answers 503 is not marked; a later run asks again and
marks it on the definite answer, as missing since the sweep first missed it. Small sites of our
own, from both sources: the replica cannot fail one page alone."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from newsbot.replica.feeds import posts_sitemap, sitemap_index
from newsbot.replica.outlet import DEFAULT_OUTLET as OUTLET
from newsbot.replica.posts import Post
from newsbot.replica.replies import JSON, XML, wp_json
from tests.sites import (
    Page,
    Site,
    article_html,
    crawl,
    feed_xml,
    home_page,
    html_page,
    outlet,
    path_of,
    rest_json,
    rest_page,
    sample_posts,
    serving,
    xml_page,
)
from tests.store_samples import raw_rows

pytestmark = pytest.mark.e2e

POSTS = "/wp-json/wp/v2/posts"
ID_PAGE = f"{POSTS}?_fields=id%2Cmodified&per_page=100&orderby=id&order=asc&page=1"
INVALID_ID = {
    "code": "rest_post_invalid_id",
    "message": "Invalid post ID.",
    "data": {"status": 404},
}
NOT_FOUND = Page(
    wp_json(INVALID_ID),
    status=404,
    headers={"Content-Type": JSON},
)  # fmt: skip
UNAVAILABLE = Page(b"<html><body>Service Unavailable</body></html>", status=503)


def listed(posts: list[Post]) -> dict[str, Page]:
    """What the site lists of `posts`, from every source."""
    ids = [{"id": post.id, "modified": post.modified.isoformat()} for post in posts]
    return {
        POSTS: rest_page([rest_json(post) for post in posts]),
        ID_PAGE: Page(wp_json(ids), headers={"Content-Type": JSON, "X-WP-TotalPages": "1"}),
        "/feed/": xml_page(feed_xml(posts)),
        "/": home_page(posts),
        "/wp-sitemap.xml": xml_page(sitemap_index(OUTLET, 1, False), XML),
        "/wp-sitemap-posts-post-1.xml": xml_page(posts_sitemap(OUTLET, posts), XML),
    }


def own_answer(site: Site, source: str, victim: Post, page: Page) -> None:
    """What the victim's own page, or its REST route, answers."""
    site.pages[f"{POSTS}/{victim.id}" if source == "rest" else path_of(victim)] = page


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_suspect_answering_503_is_not_marked_until_a_later_run_confirms_it(
    tmp_path: Path, source: str
) -> None:
    posts = sample_posts(12)
    victim, rest = posts[5], [post for post in posts if post is not posts[5]]
    db = tmp_path / "a.db"
    with serving({**outlet(posts), **listed(posts)}) as site:
        first = crawl(site, db, source=source)
        assert first.returncode == Exit.OK, first.stderr[-3000:]
        site.pages.update(listed(rest))
        own_answer(site, source, victim, UNAVAILABLE)
        site.requests.clear()
        swept = crawl(site, db, "--sweep", source=source)
        assert swept.returncode == Exit.DEGRADED, swept.stderr[-3000:]
        assert "1 suspects, 0 deleted" in swept.stdout, swept.stdout
        own = f"{POSTS}/{victim.id}?_embed=1" if source == "rest" else path_of(victim)
        assert site.requests.count(own) == 2  # the request and its one retry
        assert raw_rows(db, "SELECT * FROM deletions") == []
        (suspect,) = raw_rows(db, "SELECT * FROM deletion_suspects")
        assert (suspect["checks"], suspect["source"]) == (1, source)
        assert "503" in suspect["last_answer"]

        own_answer(site, source, victim, NOT_FOUND)
        later = crawl(site, db, source=source)  # no sweep: the suspect is asked about again
        assert later.returncode == Exit.OK, later.stderr[-3000:]
        assert "1 suspects, 1 deleted" in later.stdout, later.stdout
    (row,) = raw_rows(db, "SELECT url, deleted_at, deletion_reason FROM articles "
                      "WHERE deleted_at IS NOT NULL")  # fmt: skip
    assert row["url"].endswith(path_of(victim))
    assert row["deleted_at"] == suspect["first_missed_at"]
    assert row["deletion_reason"] == ("deleted" if source == "rest" else "page_gone")
    assert raw_rows(db, "SELECT * FROM deletion_suspects") == []


def test_a_page_redirecting_to_the_home_page_is_gone_and_a_renamed_one_is_not(
    tmp_path: Path,
) -> None:
    posts = sample_posts(12)
    replaced, renamed = posts[3], posts[4]
    db = tmp_path / "a.db"
    with serving({**outlet(posts), **listed(posts)}) as site:
        assert crawl(site, db).returncode == Exit.OK
        moved = f"/{renamed.slug}-novyj/"
        site.pages.update(listed([p for p in posts if p not in (replaced, renamed)]))
        site.pages[path_of(replaced)] = Page(status=301, headers={"Location": "/"})
        site.pages[moved] = site.pages[path_of(renamed)]
        site.pages[path_of(renamed)] = Page(status=301, headers={"Location": moved})
        swept = crawl(site, db, "--sweep")
        assert swept.returncode == Exit.OK, swept.stderr[-3000:]
        assert "2 suspects, 1 deleted" in swept.stdout, swept.stdout
    (row,) = raw_rows(db, "SELECT url, deletion_reason FROM articles WHERE deleted_at IS NOT NULL")
    assert row["url"].endswith(path_of(replaced)) and row["deletion_reason"] == "redirected"
    (evidence,) = raw_rows(db, "SELECT evidence FROM deletions")
    assert "the home page" in evidence["evidence"]


def test_a_post_the_sweep_finds_at_a_new_url_is_not_marked_gone_by_its_old_one(
    tmp_path: Path,
) -> None:
    """A site that moved a post without a redirect: its old URL answers 404 (late, after the
    sweep has stored the post from its new URL, listed in the sitemap)."""
    posts = sample_posts(12)
    moved = replace(posts[4], slug=f"{posts[4].slug}-novyj")
    now = [moved if post is posts[4] else post for post in posts]

    def late_old_url(path: str) -> None:
        if path == path_of(posts[4]):
            time.sleep(2)

    db = tmp_path / "a.db"
    with serving({**outlet(posts), **listed(posts)}, route=late_old_url) as site:
        assert crawl(site, db).returncode == Exit.OK
        site.pages.update({**listed(now), path_of(moved): html_page(article_html(moved))})
        others = [post for post in now if post is not moved]  # the feed and home page: no news
        site.pages.update({"/feed/": xml_page(feed_xml(others)), "/": home_page(others)})
        del site.pages[path_of(posts[4])]
        swept = crawl(site, db, "--sweep")
        assert swept.returncode == Exit.OK, swept.stderr[-3000:]
        assert "1 suspects, 0 deleted" in swept.stdout, swept.stdout
    assert raw_rows(db, "SELECT url FROM articles WHERE deleted_at IS NOT NULL") == []
    assert raw_rows(db, "SELECT * FROM deletions") == []
