"""The test WordPress with its REST API switched off for visitors (as plugins do): HTML alone.

A theme printing every field gives every document from its pages; one that leaves a field to the
REST route (a block theme's lead-photo caption) names a route that answers 401.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsbot.document import render
from newsbot.pages import ArticlePage, joined_pages
from newsbot.sites.arbuz import PROFILE as ARBUZ
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
