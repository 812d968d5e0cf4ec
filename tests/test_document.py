"""The seed document: byte-exact on the reference, and parse∘render is the identity."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given

from newsbot.document import DocumentError, printed_date, render
from newsbot.document import parse as parse_for
from newsbot.items import DOCUMENT_FIELDS, Article
from newsbot.normalize import utc_iso
from newsbot.sites.arbuz import PROFILE as ARBUZ
from tests.strategies import articles


def parse(text: str) -> Article:
    return parse_for(text, ARBUZ)


def test_parse_then_render_is_byte_exact_on_the_seed(fixtures: Path) -> None:
    seed = (fixtures / "seed.txt").read_bytes()
    assert render(parse(seed.decode("utf-8")), ARBUZ).encode("utf-8") == seed


def test_the_seed_parses_into_its_fields(fixtures: Path) -> None:
    article = parse((fixtures / "seed.txt").read_text(encoding="utf-8"))
    assert article.title.endswith("России и Казахстана.")
    assert utc_iso(article.published_at) == "2019-11-07T17:00:22+00:00"
    assert article.author == ""
    assert article.categories == ["Власть", "Основное"]
    assert article.photo_credit == "Фото: mid.astrobl.ru"
    assert len(article.paragraphs) == 6
    assert printed_date(article, ARBUZ) == "7 ноября 2019, 21:00"
    assert article.tags == ["Игорь Бабушкин"]


@given(articles())
def test_parse_inverts_render(article: Article) -> None:
    again = parse(render(article, ARBUZ))
    for name in DOCUMENT_FIELDS:
        assert getattr(again, name) == getattr(article, name), name


@given(articles())
def test_render_inverts_parse(article: Article) -> None:
    text = render(article, ARBUZ)
    assert render(parse(text), ARBUZ) == text


def test_no_categories_no_tags_no_credit(fixtures: Path) -> None:
    article = parse((fixtures / "seed.txt").read_text(encoding="utf-8"))
    bare = replace(
        article,
        categories=[],
        category_slugs=[],
        tags=[],
        tag_slugs=[],
        photo_credit="",
        author="Иван Петров",
    )
    text = render(bare, ARBUZ)
    assert "\n\n\n      \nГубернатор" in text
    assert text.endswith("21:00\n\n      \n")
    assert parse(text) == replace(bare, source="import")


SEED_DATE = "Published at: **2019-11-07T17:00:22+00:00**"


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("Бабушкин\n      \n", "Бабушкин\n", "tag block"),
        (SEED_DATE, "Published at: **вчера**", "header|timestamp"),
        (SEED_DATE, "Published at: **2019-11-07T21:00:22+04:00**", "not UTC"),
        ("7 ноября 2019, 21:00", "8 ноября 2019, 21:00", "display date"),
        ("\n# ", "\n## ", "header"),
        ("\n        Власть\n", "\nВласть\n", "category"),
        ("21:00\n\n", "21:00\n", "tag block|blank line"),
    ],
)
def test_malformed_documents_say_why(fixtures: Path, old: str, new: str, reason: str) -> None:
    text = (fixtures / "seed.txt").read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(DocumentError, match=reason):
        parse(text.replace(old, new))


@pytest.mark.parametrize("text", ["", "no newline at the end", "\n# only a title | АРБУЗ\n"])
def test_fragments_are_not_documents(text: str) -> None:
    with pytest.raises(DocumentError):
        parse(text)
