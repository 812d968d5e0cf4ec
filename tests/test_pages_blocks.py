"""Body blocks (DESIGN §1) and headlines, the same through an article page and a REST post."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbot.normalize import clean_text
from newsbot.pages import ArticlePage, RestPost
from newsbot.pages.article_html import headline
from newsbot.pages.blocks import body_lines, fragment_root
from newsbot.sites.arbuz import PROFILE as ARBUZ

URL = "https://arbuztoday.ru/novost/"


def page_lines(content: str) -> list[str]:
    """The body lines a classic WordPress page with this content gives."""
    page = (
        "<html><head><title>Новость — АРБУЗ</title></head><body class='postid-7'><article>"
        "<h1 class='entry-title'>Новость</h1><div class='entry-content'>"
        f"{content}</div><time class='entry-date' datetime='2020-01-02T10:00:00+04:00'>2.1</time>"
        "<a href='/category/news/' rel='category tag'>Новости</a></article></body></html>"
    )
    return ArticlePage(ARBUZ, URL, page).to_article().paragraphs


def rest_post(content: str, caption: str = "") -> RestPost:
    post = {
        "id": 7,
        "date_gmt": "2020-01-02T06:00:00",
        "link": URL,
        "title": {"rendered": "Новость"},
        "content": {"rendered": content, "protected": False},
        "_embedded": {
            "wp:term": [[], []],
            "wp:featuredmedia": [{"caption": {"rendered": caption}}] if caption else [],
        },
    }
    return RestPost(ARBUZ, json.loads(json.dumps(post)))


def both(content: str) -> list[str]:
    """The lines of `content`, checked to be the same from both sources."""
    lines = page_lines(content)
    assert rest_post(content).to_article().paragraphs == lines
    return lines


def test_a_table_gives_a_line_per_row_with_its_cells_in_order() -> None:
    table = (
        "<figure class='wp-block-table'><table><thead><tr><th>Статья</th><th>2020</th></tr>"
        "</thead><tbody><tr><td>Доходы<br>всего</td><td><p>55,4</p><p>млрд</p></td></tr>"
        "<tr><td></td><td>—</td></tr></tbody></table>"
        "<figcaption class='wp-element-caption'>Источник: минфин</figcaption></figure>"
    )
    assert both(f"<p>До.</p>{table}<p>После.</p>") == [
        "До.",
        "Статья | 2020",
        "Доходы всего | 55,4 млрд",
        "| —",
        "После.",
    ]


def test_quotes_give_their_paragraphs_and_the_citation_on_its_own_line() -> None:
    content = (
        "<figure class='wp-block-pullquote'><blockquote><p>Сказано.</p><cite>Автор</cite>"
        "</blockquote></figure><blockquote class='wp-block-quote'>Без абзаца<cite>Другой</cite>"
        "</blockquote><p>Книга <cite>Название</cite> вышла.</p>"
    )
    assert both(content) == ["Сказано.", "Автор", "Без абзаца", "Другой", "Книга Название вышла."]


def test_preformatted_and_verse_give_a_line_per_line() -> None:
    content = (
        "<pre class='wp-block-preformatted'>a = 1\n\nb  =  2</pre>"
        "<pre class='wp-block-verse'>Строка <em>одна</em>,\nстрока две.</pre>"
    )
    assert both(content) == ["a = 1", "b = 2", "Строка одна,", "строка две."]


def test_images_embeds_and_galleries_are_not_text() -> None:
    content = (
        "<p>Текст.</p><figure class='wp-block-image'><img src='a.jpg' alt='x'>"
        "<figcaption>Фото: АРБУЗ</figcaption></figure>"
        "<div id='attachment_5' class='wp-caption aligncenter'><img src='b.jpg'>"
        "<p class='wp-caption-text'>Подпись</p></div>"
        "<figure class='wp-block-gallery'><figure class='wp-block-image'><img src='c.jpg'>"
        "</figure><figcaption class='blocks-gallery-caption'>Галерея</figcaption></figure>"
        "<figure class='wp-block-embed'><div class='wp-block-embed__wrapper'>"
        "https://www.youtube.com/watch?v=x</div></figure>"
        "<figure class='wp-block-video'><video src='v.mp4'>Нет видео</video>"
        "<figcaption>Видео: АРБУЗ</figcaption></figure><p>Конец.</p>"
    )
    assert both(content) == ["Текст.", "Конец."]


def test_page_breaks_of_a_split_post_leave_nothing() -> None:
    content = "<p>Один</p>\n<!--nextpage-->\n<p>Два<!--nextpage-->три</p>"
    assert both(content) == ["Один", "Два", "три"]


def test_an_image_opening_the_content_gives_the_photo_credit() -> None:
    lead = (
        "<figure id='attachment_9' class='wp-caption alignnone'><img src='a.jpg'>"
        "<figcaption class='wp-caption-text'>Фото: mid.astrobl.ru</figcaption></figure>"
    )
    content = f"{lead}<p>Текст.</p>"
    assert page_lines(content) == ["Текст."]
    html = ArticlePage(ARBUZ, URL, f"<html><body><div class='entry-content'>{content}</div>")
    assert html.photo_credit() == "Фото: mid.astrobl.ru"
    assert rest_post(content).photo_credit() == "Фото: mid.astrobl.ru"
    later = f"<p>Текст.</p>{lead}"
    assert rest_post(later).photo_credit() == ""
    assert rest_post(later, "<p>Фото: ТАСС</p>\n").photo_credit() == "Фото: ТАСС"


def test_deeply_nested_tables_are_read_without_recursion() -> None:
    depth = 50  # libxml2 keeps 255 levels of nesting, a table takes 4 (table, tbody, tr, td)
    content = "<table><tr><td>" * depth + "x" + "</td></tr></table>" * depth
    assert body_lines(fragment_root(content)) == ["x"]


SEPARATORS = (" | ", " — ", " – ", " - ", " · ")


@pytest.mark.parametrize("separator", SEPARATORS)
def test_the_site_name_goes_whatever_the_separator(separator: str) -> None:
    assert headline(f"Астрахань - Волгоград{separator}АРБУЗ", ARBUZ) == "Астрахань - Волгоград"
    assert headline(f"Итоги{separator}Страница 2{separator}АРБУЗ", ARBUZ) == "Итоги"
    assert headline(f"Итоги{separator}Страница 2 из 3{separator}АРБУЗ", ARBUZ) == "Итоги"


def test_a_page_number_without_the_site_name_is_part_of_the_headline() -> None:
    assert headline("Дневник — Страница 5", ARBUZ) == "Дневник — Страница 5"
    assert headline("АРБУЗ", ARBUZ) == "АРБУЗ"


@given(
    st.text(min_size=1, max_size=60).filter(lambda text: clean_text(text) != ""),
    st.sampled_from(SEPARATORS),
    st.one_of(st.none(), st.integers(min_value=2, max_value=999)),
)
def test_headline_inverts_what_wordpress_prints(
    title: str, separator: str, page: int | None
) -> None:
    printed = clean_text(title)
    if page is not None:
        printed += f"{separator}Страница {page}"
    assert headline(f"{printed}{separator}АРБУЗ", ARBUZ) == clean_text(title)


def test_navigation_and_page_links_are_not_text() -> None:
    """Themes wrap a split post's page links (and post navigation) in blocks of their own."""
    links = "Pages: <a class='post-page-numbers' href='/novost/2/'>2</a>"
    content = (
        f"<p>Текст.</p><div class='pagination'>{links}</div><nav>{links}</nav>"
        "<div class='post-navigation'><a href='/x/'>Следующая</a></div>"
    )
    assert page_lines(content) == ["Текст."]
