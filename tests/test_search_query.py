"""Query rewriting for Russian word forms: what it changes, what it keeps, and that FTS5 accepts
every rewrite of a query it accepts."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbot.search_query import QueryProblem, fts5_error, search_expression, stemmed_query
from newsbot.sites.russian import russian_stem, spellings

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


QUERIES = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from([" ", "", "  "])), max_size=9
).map(lambda pieces: "".join(piece + separator for piece, separator in pieces))


def holds_a_word(query: str) -> bool:
    return any(character.isalnum() for character in query)


@given(QUERIES)
def test_a_query_fts5_accepts_is_still_accepted_after_rewriting(query: str) -> None:
    if fts5_accepts(query) and holds_a_word(query):
        assert fts5_accepts(stemmed_query(query)), stemmed_query(query)


@given(st.one_of(QUERIES, st.text()))
def test_every_query_is_searchable_or_one_problem_about_the_query_as_typed(query: str) -> None:
    try:
        expression = search_expression(query)
    except QueryProblem as problem:
        assert str(problem)
        return
    assert fts5_error(expression) is None, expression


@pytest.mark.parametrize(
    ("query", "rewritten"),
    [
        ("губернатора", "(губернатор* OR губёрнатор*)"),
        ("ёлки", "(елк* OR ёлк*)"),
        ("Астрахани OR пожар", "астрахан* OR пожар*"),
        ('"ёлку" губернатором', '("ёлку" AND (губернатор* OR губёрнатор*))'),
        ("title: ёлки", "title: (елк* OR ёлк*)"),
        ("NEAR(ёлки астрахани, 5)", "NEAR(ёлк* астрахан*, 5)"),
        ("NEAR (a b, 10)", "NEAR (a b, 10)"),
        ("^ёлки + астрахани", "^ёлк* + астрахан*"),
        ("ёлк* в covid", "ёлк* в covid"),
        ("covid-19", "covid+19"),
        ("e-mail, 3.14!", "e+mail  3+14 "),
        ("музей-заповедник", "муз*+заповедник*"),
        ("музей -кремль", "(муз* NOT (кремл* OR крёмл*)) "),
        ("covid -title: ёлки", "(covid AND -title: (елк* OR ёлк*))"),
        ("a -b c OR d", "(a  c NOT b) OR d"),
    ],
)
def test_bare_russian_words_become_stem_prefixes(query: str, rewritten: str) -> None:
    assert stemmed_query(query) == rewritten


def test_stems_keep_the_spelling_typed_and_spellings_cover_both() -> None:
    assert russian_stem("Ёлками") == "ёлк"
    assert russian_stem("губернатором") == "губернатор"
    assert spellings("ёлк") == ["елк", "ёлк"]
    assert spellings("переезжа") == ["переезжа"]
