"""Golden tests of the page objects on pages public classic themes printed on the test WordPress
(`tests/fixtures/themes/`, saved by `tests.wordpress.save_themes`), compared field by field with
the documents they must give (`tests/fixtures/wordpress/expected/`).

Each theme hides something else: twentynineteen prints the featured image without its caption,
twentytwenty prints the date without a time (and no `<time>`), Newspack prints the entry header
(categories included) above `<article>`, and names a category of a Cyrillic slug by its id in the
post's classes. ColorMag, a magazine theme, prints the body in a container of its own classes
only: its pages are refused, naming the body.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.document import render
from newsbot.items import Article
from newsbot.pages import (
    ArticlePage,
    Incomplete,
    ListingPage,
    NotAnArticle,
    completed,
    joined_pages,
    rest_posts,
)
from newsbot.sites.arbuz import PROFILE as ARBUZ
from tests.test_pages_wordpress import CONTENT, POSTS, SITE, check_fields, expected

SAVED = Path(__file__).parent / "fixtures" / "themes"
THEMES = ("twentynineteen", "twentytwenty", "newspack")
"""Themes whose pages give every document."""
LISTED = (*THEMES, "colormag")
LEAD_PHOTOS = ("seed", "photo-credit")
"""Posts whose featured image has a credit line for its caption."""
COMPLETED: dict[str, dict[str, str]] = {
    "twentynineteen": {},
    "twentytwenty": dict.fromkeys(POSTS, "no publication time"),
    "newspack": {},
}
"""What each post's page lacks of the fields every post has, which its REST route completes."""
DAY = "2019-11-11"
"""A day of more posts than a listing page holds."""
ASKS_FOR_CREDIT = {"twentynineteen": LEAD_PHOTOS, "twentytwenty": (), "newspack": ()}
"""Posts whose page shows the featured image without its credit."""


def responses(theme: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((SAVED / theme / "responses.json").read_text("utf-8"))
    return found


def page(theme: str, name: str) -> ArticlePage:
    url = SITE + responses(theme)[f"{name}.html"]["path"]
    body = (SAVED / theme / f"{name}.html").read_bytes()
    return ArticlePage(ARBUZ, url, body, "text/html; charset=UTF-8")


def rest_post(theme: str, key: str) -> dict[str, Any]:
    (post,) = rest_posts((SAVED / theme / f"{key}.json").read_bytes())
    return post


def part(later: ArticlePage) -> Article:
    """A later page of a split post: its text, whatever it lacks of the post's fields."""
    try:
        return later.to_article()
    except Incomplete as incomplete:
        return incomplete.partial


def assembled(theme: str, key: str) -> Article:
    """The article as a crawl assembles it: the first page (completed from the REST route when
    it lacks a field every post has), its later pages, then the REST route for a lead photo's
    caption the page does not print."""
    first = page(theme, key)
    try:
        article = first.to_article()
    except Incomplete as incomplete:
        assert incomplete.route == f"{SITE}/wp-json/wp/v2/posts/{CONTENT[key].id}"
        article = incomplete.complete(rest_post(theme, key))
    later = [page(theme, f"{key}-{n}") for n in range(2, 2 + len(first.page_urls()))]
    article = joined_pages(article, [part(each) for each in later])
    if first.missing_from_rest():
        article = completed(article, rest_post(theme, key), ARBUZ)
    return article


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("key", POSTS)
def test_every_field_as_the_post_has_it(theme: str, key: str) -> None:
    article = assembled(theme, key)
    check_fields(article, key)
    assert render(article, ARBUZ) == render(expected(key), ARBUZ)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("key", POSTS)
def test_a_page_lacking_a_field_names_it(theme: str, key: str) -> None:
    lacks = COMPLETED[theme].get(key)
    if lacks is None:
        assert page(theme, key).to_article().title == expected(key).title
        return
    with pytest.raises(Incomplete, match=lacks):
        page(theme, key).to_article()


@pytest.mark.parametrize("theme", THEMES)
def test_only_a_lead_photo_shown_without_its_credit_asks_for_the_rest_route(theme: str) -> None:
    asks = {key for key in POSTS if page(theme, key).missing_from_rest()}
    assert asks == set(ASKS_FOR_CREDIT[theme])


@pytest.mark.parametrize("theme", THEMES)
def test_without_the_rest_route_a_page_lacking_a_field_is_refused(theme: str) -> None:
    """A site whose pages name no REST route (the API switched off): HTML alone, and a page
    without a field every post has is refused, naming the field."""
    for key, lacks in COMPLETED[theme].items():
        body = (SAVED / theme / f"{key}.html").read_text("utf-8")
        route = 'rel="alternate" type="application/json"'
        assert route in body
        alone = ArticlePage(ARBUZ, SITE + f"/{CONTENT[key].slug}/", body.replace(route, ""))
        with pytest.raises(NotAnArticle, match=lacks) as refused:
            alone.to_article()
        assert not isinstance(refused.value, Incomplete)


def test_a_rest_post_of_another_post_completes_nothing() -> None:
    with pytest.raises(Incomplete) as refused:
        page("twentytwenty", "seed").to_article()
    with pytest.raises(NotAnArticle, match="is post"):
        refused.value.complete(rest_post("twentytwenty", "photo-credit"))


@pytest.mark.parametrize("key", POSTS)
def test_a_body_in_markup_no_wordpress_theme_shares_is_refused_naming_it(key: str) -> None:
    with pytest.raises(NotAnArticle, match="no article body"):
        page("colormag", key).to_article()


@pytest.mark.parametrize("theme", LISTED)
def test_a_busy_day_lists_every_post_over_two_pages(theme: str) -> None:
    def listing(name: str) -> ListingPage:
        url = SITE + responses(theme)[name]["path"]
        return ListingPage(ARBUZ, url, (SAVED / theme / name).read_bytes())

    first, second = listing("day-2019-11-11.html"), listing("day-2019-11-11-2.html")
    published = sorted(CONTENT.posts, key=lambda post: post.published, reverse=True)
    on_day = [
        post.url
        for post in published
        if post.status == "publish" and str(post.published.astimezone(ARBUZ.zone).date()) == DAY
    ]
    assert first.article_urls() + second.article_urls() == on_day
    assert first.next_page_url() == f"{SITE}/2019/11/11/page/2/"
    assert second.next_page_url() is None


def test_term_links_outside_the_article_count_when_the_post_names_them() -> None:
    """An entry header above `<article>`; a related post's category elsewhere is not the post's."""
    link = "<a href='/category/{}/' rel='category tag'>{}</a>"
    body = (
        "<html><body class='single postid-7'><header class='entry-header'>"
        f"<h1 class='entry-title'>Новость</h1>{link.format('vlast', 'Власть')}"
        f"{link.format('%d0%b1%d0%b5%d0%b7', 'Без рубрики')}</header>"
        "<article class='post-7 post type-post category-vlast category-1'>"
        "<time class='entry-date' datetime='2020-01-02T10:00:00+04:00'>2.1</time>"
        "<div class='entry-content'><p>Текст.</p></div></article>"
        f"<aside><article class='post-8 category-sport'>{link.format('sport', 'Спорт')}</article>"
        "</aside></body></html>"
    )
    article = ArticlePage(ARBUZ, f"{SITE}/novost/", body).to_article()
    assert article.categories == ["Власть", "Без рубрики"]
    assert article.category_slugs[0] == "vlast" and len(article.category_slugs) == 2


def test_a_date_linked_to_its_day_archive_is_the_day_rest_gives_the_time_of() -> None:
    """A theme printing only "Ноябрь 7, 2019", linked to the day's archive: the page names the
    day, the REST route the instant, and a REST time on another day is refused."""
    body = (SAVED / "twentytwenty" / "seed.html").read_text("utf-8")
    permalink = f'<a href="{CONTENT["seed"].url}">07.11.2019</a>'
    assert permalink in body
    body = body.replace(permalink, f'<a href="{SITE}/2019/11/07/">Ноябрь 7, 2019</a>')
    dated = ArticlePage(ARBUZ, CONTENT["seed"].url, body)
    assert dated.published_day() is not None and str(dated.published_day()) == "2019-11-07"
    with pytest.raises(Incomplete, match="prints the day 2019-11-07 but no time") as refused:
        dated.to_article()
    post = rest_post("twentytwenty", "seed")
    assert refused.value.complete(post).published_at == expected("seed").published_at
    other_day = {**post, "date_gmt": "2019-11-08T17:00:22", "date": "2019-11-08T21:00:22"}
    with pytest.raises(NotAnArticle, match="prints the day 2019-11-07"):
        refused.value.complete(other_day)


FIELDS = (
    "title", "published_at", "modified_at", "canonical", "categories", "tags", "photo_credit",
    "paragraphs", "author", "page_urls", "term_urls", "image_url", "post_id", "missing_from_rest",
)  # fmt: skip
"""The fields an article page answers, each on its own."""


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from([(theme, key) for theme in LISTED[:-1] for key in POSTS]),
    st.permutations(FIELDS),
)
def test_fields_do_not_depend_on_the_order_they_are_asked_in(
    page_of: tuple[str, str], order: list[str]
) -> None:
    theme, key = page_of
    first = {name: getattr(page(theme, key), name)() for name in FIELDS}
    shuffled = page(theme, key)
    assert {name: getattr(shuffled, name)() for name in order} == first


def test_a_term_link_in_the_bodys_noise_is_no_term_whenever_it_is_asked() -> None:
    original = page("twentynineteen", POSTS[0])
    noise = b'<div class="sharedaddy"><a rel="tag" href="/tag/noise/">noise</a></div>'
    body = (SAVED / "twentynineteen" / f"{POSTS[0]}.html").read_bytes()
    marked = body.replace(b'class="entry-content">', b'class="entry-content">' + noise, 1)
    assert marked != body
    tags_first = ArticlePage(ARBUZ, original.url, marked, "text/html; charset=UTF-8")
    tags = tags_first.tags()
    assert ("noise", "noise") not in tags
    assert tags == original.tags() and tags_first.paragraphs() == original.paragraphs()
