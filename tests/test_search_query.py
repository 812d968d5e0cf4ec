"""Query rewriting for Russian word forms: what it changes, what it keeps, and that FTS5 accepts
every rewrite of a query it accepts."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbot.search_query import russian_stem, spellings, stemmed_query

PIECES = [
    "губернатора", "ёлки", "елка", "Астрахани", "переезжает", "мэр", "железнодорожное", "в",
    "covid", "19",
    "AND", "OR", "NOT", "NEAR", "title", "body", '"ёлку"', '"два слова"', '"', "(", ")",
    "{", "}", ":", "*", "^", "+", "-", ",", "«Цейхгауз»",
]  # fmt: skip


def fts5_accepts(query: str) -> bool:
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE t USING fts5 (title, body)")
        connection.execute("SELECT * FROM t WHERE t MATCH ?", [query]).fetchall()
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
    return True


@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from([" ", "", "  "])), max_size=9))
def test_a_query_fts5_accepts_is_still_accepted_after_rewriting(
    pieces: list[tuple[str, str]],
) -> None:
    query = "".join(piece + separator for piece, separator in pieces)
    if fts5_accepts(query):
        assert fts5_accepts(stemmed_query(query)), stemmed_query(query)


@given(st.text())
def test_rewriting_never_fails(query: str) -> None:
    assert isinstance(stemmed_query(query), str)


@pytest.mark.parametrize(
    ("query", "rewritten"),
    [
        ("губернатора", "(губернатор* OR губёрнатор*)"),
        ("ёлки", "(елк* OR ёлк*)"),
        ("Астрахани OR пожар", "астрахан* OR пожар*"),
        ('"ёлку" губернатором', '("ёлку" AND (губернатор* OR губёрнатор*))'),
        ("title: ёлки", "title: (елк* OR ёлк*)"),
        ("NEAR(ёлки астрахани, 5)", "NEAR(ёлк* астрахан*, 5)"),
        ("^ёлки + астрахани", "^ёлк* + астрахан*"),
        ("ёлк* в covid AND NOT", "ёлк* в covid AND NOT"),
    ],
)
def test_bare_russian_words_become_stem_prefixes(query: str, rewritten: str) -> None:
    assert stemmed_query(query) == rewritten


def test_stems_keep_the_spelling_typed_and_spellings_cover_both() -> None:
    assert russian_stem("Ёлками") == "ёлк"
    assert russian_stem("губернатором") == "губернатор"
    assert spellings("ёлк") == ["елк", "ёлк"]
    assert spellings("переезжа") == ["переезжа"]
