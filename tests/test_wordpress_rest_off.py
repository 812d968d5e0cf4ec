"""The test WordPress with its REST API switched off for visitors (as plugins do): HTML alone.

A theme printing every field gives every document from its pages; one that leaves a field to the
REST route (a block theme's lead-photo caption) names a route that answers 401.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.document import render
from newsbot.pages import ArticlePage, joined_pages
from newsbot.sites.arbuz import PROFILE as ARBUZ
from newsbot.spiders.assembly import CREDIT_UNREAD
from tests.crawling import FULL_SPEED, newsbot, stored_documents
from tests.wordpress.site import Site
from tests.wordpress.stack import WordPress

POSTS = ("seed", "photo-credit", "default-category", "figures", "nextpage")


@pytest.fixture(scope="module", params=("twentytwentyone", "twentytwentythree"))
def rest_off(request: pytest.FixtureRequest, wordpress: WordPress) -> Iterator[Site]:
    site = wordpress.new_site(request.param, home="https://arbuztoday.ru")
    site.switch_rest(False)
    yield site
    site.close()


def page(site: Site, path: str) -> ArticlePage:
    answer = site.get(path)
    assert answer.status == 200, path
    return ArticlePage(ARBUZ, f"https://arbuztoday.ru{path}", answer.body)


def test_the_rest_api_answers_401(rest_off: Site) -> None:
    for path in ("/wp-json/wp/v2/posts", f"/wp-json/wp/v2/posts/{rest_off.content['seed'].id}"):
        answer = rest_off.get(path)
        assert answer.status == 401 and b"rest_cannot_access" in answer.body


@pytest.mark.parametrize("key", POSTS)
def test_pages_alone_give_the_documents_their_theme_prints(rest_off: Site, key: str) -> None:
    post = rest_off.content[key]
    first = page(rest_off, f"/{post.slug}/")
    later = [page(rest_off, url.removeprefix("https://arbuztoday.ru")) for url in first.page_urls()]
    article = joined_pages(first.to_article(), [each.to_article() for each in later])
    route = first.missing_from_rest()
    if route is None:
        assert render(article, ARBUZ) == post.document()
        return
    assert rest_off.theme == "twentytwentythree" and article.photo_credit == ""
    assert rest_off.get(route.removeprefix("https://arbuztoday.ru")).status == 401
    assert render(article, ARBUZ) != post.document()


def test_a_crawl_stores_every_field_right_or_refuses_the_article_naming_the_credit(
    rest_off: Site, tmp_path: Path
) -> None:
    db = tmp_path / "a.db"
    result = newsbot(
        "backfill", "--since", "2019-11-01", "--db", str(db), "--base-url", rest_off.base_url,
        *FULL_SPEED,
    )  # fmt: skip
    expected, stored = rest_off.content.documents(), stored_documents(db)
    assert {url for url in stored if stored[url] != expected[url]} == set()
    with sqlite3.connect(db) as connection:
        refused = dict(connection.execute("SELECT url, reason FROM failed_articles"))
    assert set(stored) | set(refused) == set(expected), result.stderr[-3000:]
    assert set(refused.values()) <= {f"not an article: {CREDIT_UNREAD}"}
    assert f"{len(refused)} pending" in result.stdout
    credited = {url for url, document in expected.items() if "\nФото" in document}
    if rest_off.theme == "twentytwentyone":  # it prints every caption: all credited stored
        assert credited <= set(stored)
    else:  # the block theme leaves captions to the route, which answers 401: refused
        assert credited <= set(refused)
