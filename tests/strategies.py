"""Hypothesis strategies for articles within DESIGN §1's rules (shared by several test modules)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from newsbot.items import Article
from newsbot.normalize import clean_text, slug_of
from newsbot.sites.arbuz import PROFILE as ARBUZ

_ALPHABET = st.characters(
    categories=("L", "N", "P", "Zs", "S"),
    include_characters="«»–—ёЁ&;'\"<>",
    exclude_characters="\u00ad",
)
_WORDS = st.sampled_from(
    [
        "Астрахань",
        "губернатор",
        "«Цейхгауз»",
        "—",
        "ёлка",
        "&amp;",
        "'",
        '"',
        "2019",
        "XVI",
        "Игорь",
    ]
)


def _line(raw: str) -> str | None:
    line = clean_text(raw)
    return line or None


lines = (
    st.one_of(
        st.lists(_WORDS, min_size=1, max_size=8).map(" ".join),
        st.text(_ALPHABET, min_size=1, max_size=60),
    )
    .map(_line)
    .filter(lambda line: line is not None)
    .map(str)
)

body_lines = lines.filter(lambda line: not ARBUZ.language.credit_line.match(line))

instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))

slugs = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=40).map(
    lambda text: text.strip("-") or "a"
)

credits = st.sampled_from(["Фото: mid.astrobl.ru", "Фото и видео: АРБУЗ", "Фото: пресс-служба"])


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """An article as a page object or the storage stage would hand it on."""
    categories = draw(st.lists(lines, max_size=3, unique=True))
    tags = draw(st.lists(lines, max_size=4, unique=True))
    return Article(
        title=draw(lines),
        site_name=ARBUZ.name,
        published_at=draw(instants),
        author=draw(st.one_of(st.just(""), lines)),
        url=f"https://{ARBUZ.host}/{draw(slugs)}/",
        categories=categories,
        photo_credit=draw(st.one_of(st.just(""), credits)),
        paragraphs=draw(st.lists(body_lines, min_size=1, max_size=30)),
        tags=tags,
        category_slugs=[slug_of(name, ARBUZ.language) or "term" for name in categories],
        tag_slugs=[slug_of(name, ARBUZ.language) or "term" for name in tags],
        source="import",
    )
