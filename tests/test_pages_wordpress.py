"""Golden tests of the page objects on pages a real WordPress served, in block themes
(twentytwentythree, twentytwentytwo) and a classic one (twentytwentyone), compared field by field
with the documents they must give (`tests/fixtures/wordpress/expected/`)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsbot.document import parse, render
from newsbot.items import DOCUMENT_FIELDS, Article
from newsbot.pages import (
    ArticlePage,
    FeedPage,
    ListingPage,
    NotAnArticle,
    ProtectedPost,
    RestPost,
    completed,
    joined_pages,
    rest_posts,
)
from newsbot.sites import WORDPRESS_THEME
from newsbot.sites.arbuz import PROFILE as ARBUZ
from tests.wordpress.content import build_content

SAVED = Path(__file__).parent / "fixtures" / "wordpress"
THEMES = ("twentytwentythree", "twentytwentyone", "twentytwentytwo")
BLOCK_THEMES = ("twentytwentythree", "twentytwentytwo")
"""Their featured-image block never prints the caption."""
POSTS = ("seed", "photo-credit", "default-category", "figures", "nextpage")
SITE = "https://arbuztoday.ru"
CONTENT = build_content()


def expected(key: str) -> Article:
    return parse((SAVED / "expected" / f"{key}.txt").read_text(encoding="utf-8"), ARBUZ)


def saved_path(theme: str, name: str) -> str:
    """The path a saved file was served at (`responses.json`)."""
    responses = json.loads((SAVED / theme / "responses.json").read_text(encoding="utf-8"))
    path: str = responses[name]["path"]
    return path


def page(theme: str, name: str) -> ArticlePage:
    body = (SAVED / theme / f"{name}.html").read_bytes()
    url = SITE + saved_path(theme, f"{name}.html")
    return ArticlePage(ARBUZ, url, body, "text/html; charset=UTF-8")


def rest_post(theme: str, key: str) -> dict[str, Any]:
    (post,) = rest_posts((SAVED / theme / f"{key}.json").read_bytes())
    return post


def check_fields(article: Article, key: str, skip: tuple[str, ...] = ()) -> None:
    """Every document field as the expected document has it, and what the content model says of
    the post's id and term slugs."""
    golden = expected(key)
    for name in DOCUMENT_FIELDS:
        if name not in skip:
            assert getattr(article, name) == getattr(golden, name), (key, name)
    model = CONTENT[key].article()
    for name in ("category_slugs", "tag_slugs", "post_id"):
        assert getattr(article, name) == getattr(model, name), (key, name)


def whole(theme: str, key: str) -> Article:
    """The article of a saved page as a crawl assembles it: with its later pages and, when the
    page names its REST route for what it lacks, completed from the saved REST post."""
    first = page(theme, key)
    article = first.to_article()
    later = [
        page(theme, f"{key}-{number}").to_article()
        for number, url in enumerate(first.page_urls(), start=2)
        if url == SITE + saved_path(theme, f"{key}-{number}.html")
    ]
    assert len(later) == len(first.page_urls())
    article = joined_pages(article, later)
    route = first.missing_from_rest()
    if route:
        assert route == f"{SITE}/wp-json/wp/v2/posts/{CONTENT[key].id}"
        article = completed(article, rest_post(theme, key), ARBUZ)
    return article


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("key", POSTS)
def test_rest_posts_give_every_field(theme: str, key: str) -> None:
    article = RestPost(ARBUZ, rest_post(theme, key)).to_article()
    check_fields(article, key)
    assert article.modified_at == CONTENT[key].article().modified_at
    assert render(article, ARBUZ) == (SAVED / "expected" / f"{key}.txt").read_text("utf-8")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("key", POSTS)
def test_article_pages_give_every_field(theme: str, key: str) -> None:
    """The themes print everything but the block themes' lead-photo caption (REST has it)."""
    article = page(theme, key).to_article()
    assert page(theme, key).theme is WORDPRESS_THEME
    lacks_credit = theme in BLOCK_THEMES and key in ("seed", "photo-credit")
    split = key == "nextpage"
    check_fields(article, key, ("photo_credit",) * lacks_credit + ("paragraphs",) * split)
    if lacks_credit:
        assert article.photo_credit == ""


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("key", POSTS)
def test_a_crawl_assembles_the_expected_document(theme: str, key: str) -> None:
    document = (SAVED / "expected" / f"{key}.txt").read_text("utf-8")
    assert render(whole(theme, key), ARBUZ) == document


OTHER_POSTS = (
    '<div class="wp-block-query"><ul class="wp-block-post-template"><li class="wp-block-post'
    ' post-48287 post type-post status-publish has-post-thumbnail category-sport tag-dinamo">'
    '<figure class="wp-block-post-featured-image"><a href="/na-ulice/"><img src="/other.jpg"'
    ' class="attachment-post-thumbnail wp-post-image" alt=""></a></figure>'
    '<h2 class="wp-block-post-title"><a href="/na-ulice/">На улице</a></h2>'
    '<div class="wp-block-post-date"><time datetime="2019-11-12T19:22:40+04:00">12.11.2019</time>'
    '</div><div class="wp-block-post-date wp-block-post-date__modified-date">'
    '<time datetime="2019-11-13T10:00:00+04:00">13.11.2019</time></div>'
    '<div class="taxonomy-category wp-block-post-terms"><a href="/category/sport/" rel="tag">'
    'Спорт</a></div><div class="taxonomy-post_tag wp-block-post-terms">'
    '<a href="/tag/dinamo/" rel="tag">Динамо</a></div></li></ul></div>'
)
"""A query loop of another post (latest or related posts), with its own image, dates and terms."""


@pytest.mark.parametrize("theme", BLOCK_THEMES)
def test_other_posts_a_block_theme_shows_lend_the_post_none_of_their_fields(theme: str) -> None:
    """Latest posts above the post and related posts below it, as a block theme's query loops
    print them: the post's date, terms and image come from its own blocks only."""
    body = (SAVED / theme / "seed.html").read_text(encoding="utf-8")
    main = re.search("<main[^>]*>", body)
    assert main is not None and "</main>" in body
    shown = body.replace(main[0], main[0] + OTHER_POSTS, 1).replace(
        "</main>", OTHER_POSTS + "</main>"
    )
    url = SITE + saved_path(theme, "seed.html")
    article = ArticlePage(ARBUZ, url, shown.encode("utf-8")).to_article()
    check_fields(article, "seed", ("photo_credit",))
    assert article == page(theme, "seed").to_article()


OTHER_ARTICLE = (
    '<article class="post-48287 post type-post category-sport has-post-thumbnail">'
    '<img src="/other.jpg" class="attachment-post-thumbnail wp-post-image" alt="">'
    '<time class="entry-date published" datetime="2019-11-12T19:22:40+04:00">12</time>'
    '<a href="https://arbuztoday.ru/category/sport/" rel="category tag">Спорт</a>'
    '<div class="entry-content"><p>Другая новость.</p></div></article>'
)
"""Another post as a classic theme's widget or "read also" box prints it: its own `<article>`."""


def test_another_post_a_classic_theme_shows_first_lends_the_post_none_of_its_fields() -> None:
    """Another post's `<article>` before the post's own (a sidebar, a box above the post): the
    post's date, terms, image and text come from the `<article>` its id names."""
    body = (SAVED / "twentytwentyone" / "seed.html").read_text(encoding="utf-8")
    main = re.search("<main[^>]*>", body)
    assert main is not None
    shown = body.replace(main[0], main[0] + OTHER_ARTICLE, 1)
    url = SITE + saved_path("twentytwentyone", "seed.html")
    article = ArticlePage(ARBUZ, url, shown.encode("utf-8")).to_article()
    check_fields(article, "seed")
    assert article == page("twentytwentyone", "seed").to_article()


LINKED_ARTICLE = (
    '<article class="post type-post category-sport has-post-thumbnail">'
    '<h2 class="entry-title"><a href="https://arbuztoday.ru/na-ulice/">На улице</a></h2>'
    '<img src="/other.jpg" class="attachment-post-thumbnail wp-post-image" alt="">'
    '<time class="entry-date published" datetime="2019-11-12T19:22:40+04:00">12</time>'
    '<a href="https://arbuztoday.ru/category/sport/" rel="category tag">Спорт</a>'
    '<a href="https://arbuztoday.ru/tag/dinamo/" rel="tag">Динамо</a>'
    '<div class="entry-content"><p>Другая новость.</p></div></article>'
)
"""Another post as a classic theme prints it outside its own page: its title links to it."""


def test_a_page_without_a_post_id_takes_no_field_from_another_post_shown_first() -> None:
    """A page naming no post id (no `postid-N`, `post-N` or shortlink) with another post's
    `<article>` before the post's own: the post's fields come from the `<article>` whose title
    is no link to another post."""
    body = (SAVED / "twentytwentyone" / "seed.html").read_text(encoding="utf-8")
    main = re.search("<main[^>]*>", body)
    assert main is not None
    unnamed = re.sub(r"<link rel='shortlink'[^>]*>|\bpost(id)?-48213\b", "", body)
    shown = unnamed.replace(main[0], main[0] + LINKED_ARTICLE, 1)
    url = SITE + saved_path("twentytwentyone", "seed.html")
    article = ArticlePage(ARBUZ, url, shown.encode("utf-8")).to_article()
    golden = expected("seed")
    for name in DOCUMENT_FIELDS:
        assert getattr(article, name) == getattr(golden, name), name
    assert article == replace(page("twentytwentyone", "seed").to_article(), post_id=None)


@pytest.mark.parametrize("theme", THEMES)
def test_a_split_post_names_its_pages_and_each_page_its_part(theme: str) -> None:
    post = CONTENT["nextpage"]
    first = page(theme, "nextpage")
    assert first.page_urls() == [f"{post.url}2/", f"{post.url}3/"]
    second = page(theme, "nextpage-2")
    assert second.title() == post.title  # "… — Страница 2 — АРБУЗ"
    assert second.paragraphs() == [
        "Реконструкция",
        "В 2009 году к 450-летию города набережную полностью перестроили.",
        "Появились фонтаны, аллеи и смотровые площадки.",
    ]
    assert not any("Страниц" in line or "Page" in line for line in first.paragraphs())


def test_pages_of_another_post_are_not_joined() -> None:
    first = page("twentytwentyone", "nextpage").to_article()
    other = page("twentytwentyone", "seed").to_article()
    with pytest.raises(NotAnArticle, match="page 2 is post 48213"):
        joined_pages(first, [other])


@pytest.mark.parametrize("theme", THEMES)
def test_only_a_lead_photo_without_its_caption_asks_for_the_rest_route(theme: str) -> None:
    asks = {key: page(theme, key).missing_from_rest() is not None for key in POSTS}
    block_theme = theme in BLOCK_THEMES
    assert asks == {key: block_theme and key in ("seed", "photo-credit") for key in POSTS}


def test_a_rest_post_of_another_id_completes_nothing() -> None:
    article = page("twentytwentythree", "seed").to_article()
    other = rest_post("twentytwentythree", "photo-credit")
    assert completed(article, other, ARBUZ) == article


@pytest.mark.parametrize("theme", THEMES)
def test_a_password_protected_post_is_not_archived(theme: str) -> None:
    with pytest.raises(ProtectedPost):
        page(theme, "password").to_article()
    with pytest.raises(ProtectedPost):
        RestPost(ARBUZ, rest_post(theme, "password")).to_article()


@pytest.mark.parametrize("theme", THEMES)
def test_listings_name_their_articles_and_next_page(theme: str) -> None:
    def listing(name: str, path: str) -> ListingPage:
        return ListingPage(ARBUZ, f"{SITE}{path}", (SAVED / theme / name).read_bytes())

    first = listing("day-2019-11-11.html", "/2019/11/11/")
    second = listing("day-2019-11-11-2.html", "/2019/11/11/page/2/")
    on_day = sorted(
        (p for p in CONTENT.posts if p.status == "publish" and _local_day(p) == "2019-11-11"),
        key=lambda p: p.published,
        reverse=True,
    )
    assert first.article_urls() + second.article_urls() == [p.url for p in on_day]
    assert first.next_page_url() == f"{SITE}/2019/11/11/page/2/"
    assert second.next_page_url() is None
    home = listing("home.html", "/")
    assert len(home.article_urls()) == 10
    assert home.next_page_url() == f"{SITE}/page/2/"


def test_an_article_page_link_to_the_next_post_is_no_next_page() -> None:
    """twentytwentyone ends a post with `a[rel=next]` to the following post."""
    body = (SAVED / "twentytwentyone" / "figures.html").read_bytes()
    assert b'rel="next"' in body
    assert ListingPage(ARBUZ, f"{SITE}/x/", body).next_page_url() is None


@pytest.mark.parametrize("theme", THEMES)
def test_the_feed_names_the_newest_posts(theme: str) -> None:
    feed = FeedPage(ARBUZ, (SAVED / theme / "feed.xml").read_bytes())
    shown = sorted((p for p in CONTENT.posts if p.status == "publish"), key=lambda p: p.published)[
        -10:
    ]
    entries = feed.entries()
    assert [entry.url for entry in entries] == [p.url for p in reversed(shown)]
    assert [entry.post_id for entry in entries] == [p.id for p in reversed(shown)]


def _local_day(post: Any) -> str:
    return str(post.published.astimezone(ARBUZ.zone).date())


@pytest.mark.parametrize(
    ("path", "following"),
    [
        ("/2019/11/11/", "/2019/11/11/page/2/"),
        ("/2019/11/11/page/2/", "/2019/11/11/page/3/"),
        ("/", "/page/2/"),
        ("/category/vlast/page/9/", "/category/vlast/page/10/"),
    ],
)
def test_a_listing_links_its_next_page_in_any_markup(path: str, following: str) -> None:
    """`the_posts_navigation()` prints "Older posts" as `.nav-previous a`: no class names the
    next page, its URL does."""
    body = (
        "<html><body><article><h2 class='entry-title'><a href='/a/'>A</a></h2></article>"
        f"<nav class='navigation posts-navigation'><div class='nav-previous'>"
        f"<a href='{SITE}{following}'>Older posts</a></div></nav></body></html>"
    )
    assert ListingPage(ARBUZ, SITE + path, body).next_page_url() == SITE + following
    alone = body.replace(following, path)
    assert ListingPage(ARBUZ, SITE + path, alone).next_page_url() is None
