"""Golden tests of the page objects on saved files, compared field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsbot.document import printed_date, render
from newsbot.items import DOCUMENT_FIELDS, INSTANT_FIELDS, Article
from newsbot.normalize import utc_iso
from newsbot.pages import ArticlePage, NotAnArticle, RestPost, rest_posts
from newsbot.sites.arbuz import PROFILE as ARBUZ

SEED_URL = (
    "https://arbuztoday.ru/astraxanskij-gubernator-prinyal-uchastie-v-zasedanii-xvi-foruma-"
    "mezhregionalnogo-sotrudnichestva-rossii-i-kazaxstana/"
)
SIMPLE_FIELDS = (
    *(name for name in DOCUMENT_FIELDS if name != "paragraphs"),
    "category_slugs",
    "tag_slugs",
    "post_id",
    "modified_at",
)
"""Compared whole; the paragraphs are compared by count, first and last."""


def golden(fixtures: Path, post_id: int) -> dict[str, Any]:
    path = fixtures / "arbuz" / "2019" / f"golden_article_{post_id}.json"
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def shown(article: Article, name: str) -> object:
    """A field as the golden files write it (instants as UTC ISO text)."""
    value = getattr(article, name)
    return utc_iso(value) if name in INSTANT_FIELDS and value is not None else value


def check_fields(article: Article, expected: dict[str, Any]) -> None:
    for name in SIMPLE_FIELDS:
        assert shown(article, name) == expected[name], name
    assert printed_date(article, ARBUZ) == expected["display_date"]
    assert len(article.paragraphs) == expected["paragraphs_count"]
    assert article.paragraphs[0].startswith(expected["first_paragraph_starts"])
    assert article.paragraphs[-1].endswith(expected["last_paragraph_ends"])


def html_article(fixtures: Path) -> Article:
    body = (fixtures / "arbuz" / "2019" / "article.html").read_bytes()
    return ArticlePage(ARBUZ, SEED_URL, body, "text/html; charset=UTF-8").to_article()


def rest_articles(fixtures: Path) -> list[Article]:
    posts = rest_posts((fixtures / "arbuz" / "2019" / "wp-json-posts.json").read_bytes())
    return [RestPost(ARBUZ, post).to_article() for post in posts]


def test_article_page_fields(fixtures: Path) -> None:
    article = html_article(fixtures)
    check_fields(article, golden(fixtures, 48213))
    assert article.source == "html"


def test_article_page_renders_the_seed(fixtures: Path) -> None:
    seed = (fixtures / "seed.txt").read_text(encoding="utf-8")
    assert render(html_article(fixtures), ARBUZ) == seed


def test_rest_posts_fields(fixtures: Path) -> None:
    first, second = rest_articles(fixtures)
    check_fields(first, golden(fixtures, 48213))
    check_fields(second, golden(fixtures, 48207))
    assert first.source == second.source == "rest"


def test_rest_post_renders_the_seed(fixtures: Path) -> None:
    seed = (fixtures / "seed.txt").read_text(encoding="utf-8")
    assert render(rest_articles(fixtures)[0], ARBUZ) == seed


def test_both_paths_give_the_same_document(fixtures: Path) -> None:
    assert render(html_article(fixtures), ARBUZ) == render(rest_articles(fixtures)[0], ARBUZ)


def test_the_posting_account_is_not_a_byline(fixtures: Path) -> None:
    assert html_article(fixtures).author == ""
    assert all(article.author == "" for article in rest_articles(fixtures))


def test_a_listing_is_not_an_article(fixtures: Path) -> None:
    body = (fixtures / "arbuz" / "2019" / "listing.html").read_bytes()
    with pytest.raises(NotAnArticle, match="publication time"):
        ArticlePage(ARBUZ, "https://arbuztoday.ru/category/vlast/page/2/", body).to_article()


def replace_in_page(fixtures: Path, old: str, new: str) -> bytes:
    text = (fixtures / "arbuz" / "2019" / "article.html").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new).encode("utf-8")


def test_a_page_without_body_says_so(fixtures: Path) -> None:
    body = replace_in_page(fixtures, 'news-single__content entry-content"', 'other"')
    with pytest.raises(NotAnArticle, match="body"):
        ArticlePage(ARBUZ, SEED_URL, body).to_article()


def test_a_page_from_another_site_is_refused(fixtures: Path) -> None:
    body = replace_in_page(
        fixtures, 'og:site_name" content="АРБУЗ"', 'og:site_name" content="Other"'
    )
    with pytest.raises(NotAnArticle, match="site_name"):
        ArticlePage(ARBUZ, SEED_URL, body).to_article()


def test_published_time_falls_back_to_json_ld(fixtures: Path) -> None:
    body = replace_in_page(fixtures, 'property="article:published_time"', 'property="x"')
    article = ArticlePage(ARBUZ, SEED_URL, body).to_article()
    assert utc_iso(article.published_at) == "2019-11-07T17:00:22+00:00"


def test_an_unparseable_time_is_never_replaced_by_now() -> None:
    page = (
        "<html><head><meta property='article:published_time' content='вчера'></head>"
        "<body><h1 class='news-single__title'>Заголовок</h1>"
        "<div class='entry-content'><p>Текст.</p></div></body></html>"
    )
    with pytest.raises(NotAnArticle, match="publication time"):
        ArticlePage(ARBUZ, SEED_URL, page).to_article()


def test_body_blocks_breaks_and_noise() -> None:
    page = (
        "<html><head><meta property='article:published_time' content='2020-01-02T10:00:00+04:00'>"
        "<title>Заголовок | АРБУЗ</title></head><body><article class='news-single'>"
        "<div class='entry-content'><p>Первая&nbsp;строка<br>вто\u00adрая строка</p>"
        "<ul><li>пункт один</li><li>пункт  два</li></ul><h2>Подзаголовок</h2>"
        "<blockquote><p>Цитата</p></blockquote><script>var x = 1;</script>"
        "<div class='news-single__share'>Поделиться</div><p> </p>"
        "<figure class='wp-block-embed'><iframe src='x'></iframe></figure><p>Конец.</p></div>"
        "<a href='/category/news/' rel='category tag'>Новости</a></article></body></html>"
    )
    article = ArticlePage(ARBUZ, SEED_URL, page).to_article()
    assert article.title == "Заголовок"
    assert article.paragraphs == [
        "Первая строка",
        "вторая строка",
        "пункт один",
        "пункт два",
        "Подзаголовок",
        "Цитата",
        "Конец.",
    ]
    assert utc_iso(article.published_at) == "2020-01-02T06:00:00+00:00"


def test_windows_1251_page_declared_in_meta_only(fixtures: Path) -> None:
    text = (fixtures / "arbuz" / "2019" / "article.html").read_text(encoding="utf-8")
    body = text.replace('<meta charset="UTF-8">', '<meta charset="windows-1251">').encode("cp1251")
    article = ArticlePage(ARBUZ, SEED_URL, body).to_article()
    assert render(article, ARBUZ) == (fixtures / "seed.txt").read_text(encoding="utf-8")


def test_rest_post_without_embed_is_refused(fixtures: Path) -> None:
    post = rest_posts((fixtures / "arbuz" / "2019" / "wp-json-posts.json").read_bytes())[0]
    del post["_embedded"]
    with pytest.raises(NotAnArticle, match="_embed"):
        RestPost(ARBUZ, post).to_article()


def test_rest_draft_is_not_an_article(fixtures: Path) -> None:
    post = rest_posts((fixtures / "arbuz" / "2019" / "wp-json-posts.json").read_bytes())[0]
    post["status"] = "draft"
    with pytest.raises(NotAnArticle, match="published"):
        RestPost(ARBUZ, post).to_article()


def test_rest_byline_from_post_meta(fixtures: Path) -> None:
    post = rest_posts((fixtures / "arbuz" / "2019" / "wp-json-posts.json").read_bytes())[1]
    post["meta"] = {"byline": "Анна&nbsp;Петрова"}
    assert RestPost(ARBUZ, post).to_article().author == "Анна Петрова"


def test_rest_entities_in_title_are_decoded(fixtures: Path) -> None:
    post = rest_posts((fixtures / "arbuz" / "2019" / "wp-json-posts.json").read_bytes())[1]
    post["title"]["rendered"] = "&#171;Кремль&#187; &#8212; открыт &amp; бесплатен"
    assert RestPost(ARBUZ, post).to_article().title == "«Кремль» — открыт & бесплатен"


@pytest.mark.parametrize("theme", ARBUZ.themes, ids=lambda theme: theme.version)
def test_every_theme_version_reads_its_golden_pages(fixtures: Path, theme: object) -> None:
    """A redesign adds a theme version and its saved pages; pages of every version keep parsing."""
    version = theme.version
    saved = fixtures / "arbuz" / version
    page = ArticlePage(ARBUZ, SEED_URL, (saved / "article.html").read_bytes())
    assert page.theme is theme
    check_fields(page.to_article(), golden(fixtures, 48213))
