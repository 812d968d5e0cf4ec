"""What `newsbot search` sends FTS5 for a query typed by a user.

Russian word forms: each bare Russian word becomes a prefix query on its Snowball stem, in both
spellings of `е`/`ё`; quoted phrases, operators, column names and words already ending in `*`
are kept as typed. Punctuation as people type it: words joined by punctuation FTS5 has no use
for (`covid-19`, `музей-заповедник`, `3.14`) are a phrase of their parts, as the index splits
them; a `-` before a word excludes it (`музей -кремль`: музей NOT кремль); other such
punctuation separates words. What FTS5 cannot read is a `QueryProblem` about the query as typed.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache

from newsbot.sites.russian import russian_stem, spellings

_TOKENS = re.compile(
    r"""(?P<space>[ \t\n\r]+)
      | (?P<string>"(?:[^"]|"")*"?)
      | (?P<word>[0-9A-Za-z_\x1a\u0080-\U0010ffff]+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
"""FTS5's own lexing: whitespace is ASCII only; a bareword is any run of ASCII letters, digits,
`_`, U+001A and non-ASCII characters; a string runs to its closing quote (`""` escapes one)."""

_RUSSIAN_WORD = re.compile(r"[а-яё]{3,}")
"""A word worth stemming: Russian letters only, at least three of them."""

_OPERATORS = frozenset({"AND", "OR", "NOT"})
_OPERAND_ENDS = frozenset({"word", "string", "*", "near_end"})
_OPERAND_STARTS = frozenset({"word", "column", "string", "^", "-", "{", "exclude"})
_SYNTAX = frozenset('"(){}:*^+,-')
"""The ASCII characters FTS5's query syntax gives a meaning (`,` only inside NEAR(...))."""


@dataclass(eq=False)
class _Token:
    """One lexical token: its text and its role in the query's grammar."""

    kind: str
    """space, word, string, or the character itself; after `_stem_words`, column for a column
    name and near_end for the `)` closing a NEAR group."""
    text: str
    grouped: bool = False
    """The word became a parenthesised OR of spellings."""
    near: bool = False
    """Inside a NEAR group, its parentheses included (set by `_stem_words`)."""


class QueryProblem(ValueError):
    """A query that cannot be searched; the message says why, about the query as typed."""


def _tokens(query: str) -> list[_Token]:
    found = ((str(match.lastgroup), match.group()) for match in _TOKENS.finditer(query))
    return [_Token(text if kind == "other" else kind, text) for kind, text in found]


def _prefixes(stem: str, alone: bool) -> tuple[str, bool]:
    """`stem*`, or every spelling of it OR-ed in parentheses where FTS5 allows a group; and
    whether it is such a group."""
    forms = [stem] if alone else spellings(stem)
    if len(forms) == 1:
        return f"{forms[0]}*", False
    return "(" + " OR ".join(f"{form}*" for form in forms) + ")", True


def _stem_words(tokens: list[_Token]) -> None:
    """Rewrite each bare Russian word in place; mark NEAR groups and their closing parenthesis."""
    parens: list[bool] = []
    """Open parentheses, innermost last: whether each opens a NEAR group."""
    in_braces = False
    for position, token in enumerate(tokens):
        before = tokens[position - 1].text if position else ""
        after = tokens[position + 1].text if position + 1 < len(tokens) else ""
        if token.kind == "(":
            parens.append(before == "NEAR")
        token.near = any(parens)
        if token.kind == ")":
            if parens and parens.pop():
                token.kind = "near_end"
        elif token.kind in ("{", "}"):
            in_braces = token.kind == "{"
        elif token.kind == "word" and (in_braces or after == ":"):
            token.kind = "column"
        elif token.kind == "word" and not (
            token.text in _OPERATORS
            or (token.text == "NEAR" and after == "(")
            or after == "*"
            or not _RUSSIAN_WORD.fullmatch(token.text.lower())
        ):
            alone = token.near or before in ("^", "+") or after == "+"
            token.text, token.grouped = _prefixes(russian_stem(token.text), alone)


def _implicit_and_chains(tokens: list[_Token]) -> list[list[list[_Token]]]:
    """The runs of operands FTS5 joins by an implicit AND, each operand's tokens in order.

    Explicit operators and parentheses end a run; a NEAR group is one operand.
    """
    chains: list[list[list[_Token]]] = [[]]
    for token in tokens:
        if token.near:  # the NEAR before it began this operand
            chains[-1][-1].append(token)
            continue
        if token.kind in ("(", ")") or (token.kind == "word" and token.text in _OPERATORS):
            chains.append([])
            continue
        chain = chains[-1]
        previous = chain[-1][-1].kind if chain else ""
        if not chain or (previous in _OPERAND_ENDS and token.kind in _OPERAND_STARTS):
            chain.append([])
        chain[-1].append(token)
    return chains


def _punctuation(tokens: list[_Token]) -> None:
    """Give punctuation FTS5 has no use for the meaning a user typing it means (module doc)."""
    near_depth = 0
    for position, token in enumerate(tokens):
        before = tokens[position - 1] if position else None
        after = tokens[position + 1] if position + 1 < len(tokens) else None
        following = tokens[position + 2] if position + 2 < len(tokens) else None
        if token.kind == "(":  # FTS5 allows spaces between NEAR and its parenthesis
            word = next((t for t in reversed(tokens[:position]) if t.kind != "space"), None)
            near_depth += bool(near_depth) or (word is not None and word.text == "NEAR")
        elif token.kind == ")" and near_depth:
            near_depth -= 1
        if len(token.kind) != 1 or (token.kind in _SYNTAX - {"-", ","}):
            continue
        if token.kind == "," and near_depth:
            continue
        joins = before is not None and after is not None and before.kind == after.kind == "word"
        if joins:
            token.kind = token.text = "+"
        elif token.kind == "-" and (before is None or before.kind in ("space", "(")):
            column = after is not None and (
                after.kind == "{" or (after.kind == "word" and following and following.kind == ":")
            )
            if after is not None and after.kind in ("word", "string") and not column:
                token.kind, token.text = "exclude", ""
            elif not column:
                token.kind = token.text = " "
        else:
            token.kind, token.text = "space", " "


def _check_balance(tokens: list[_Token]) -> None:
    depth = 0
    for token in tokens:
        if token.kind == "string" and (len(token.text) < 2 or not token.text.endswith('"')):
            raise QueryProblem('a double quote (") is opened and never closed')
        depth += (token.kind == "(") - (token.kind == ")")
        if depth < 0:
            raise QueryProblem("a parenthesis is closed that was never opened")
    if depth:
        raise QueryProblem("a parenthesis is opened and never closed")


def _check_operators(significant: list[_Token]) -> None:
    """AND, OR and NOT need an operand on each side."""
    for position, token in enumerate(significant):
        if token.kind != "word" or token.text not in _OPERATORS:
            continue
        before = significant[position - 1] if position else None
        after = significant[position + 1] if position + 1 < len(significant) else None
        lonely = (
            before is None
            or after is None
            or before.kind == "("
            or after.kind == ")"
            or (after.kind == "word" and after.text in _OPERATORS)
        )
        if lonely:
            raise QueryProblem(
                f"{token.text} needs something to search for on each side, e.g. "
                f"'музей {token.text} театр' (to leave a word out: 'музей -кремль')"
            )


def _rewrite_chain(chain: list[list[_Token]]) -> None:
    """Explicit ANDs where spellings are grouped; excluded operands moved to the end as NOTs."""
    negatives = [operand for operand in chain if operand[0].kind == "exclude"]
    positives = [operand for operand in chain if operand[0].kind != "exclude"]
    if negatives and not positives:
        raise QueryProblem(
            "it only excludes words (a - before a word leaves it out): add a word to search "
            "for, e.g. 'музей -кремль'"
        )
    joined = len(positives) > 1 and any(token.grouped for operand in positives for token in operand)
    if joined:
        for operand in positives[:-1]:
            operand[-1].text += " AND"
    if negatives or joined:
        spelled = [" ".join(token.text for token in operand if token.text) for operand in negatives]
        excluded = "".join(f" NOT {operand}" for operand in spelled)
        for token in (token for operand in negatives for token in operand):
            token.text = ""
        positives[0][0].text = "(" + positives[0][0].text
        positives[-1][-1].text += excluded + ")"


def stemmed_query(query: str) -> str:
    """`query` with punctuation read as a user means it and each bare Russian word turned into
    `stem*` prefix queries (DESIGN §6); raises QueryProblem for a query with nothing to search.

    Spellings OR-ed in parentheses cannot be joined by FTS5's implicit AND, so a run of operands
    holding one is written with explicit ANDs, in parentheses to keep its precedence; excluded
    operands follow the others of their run as `NOT`s (FTS5's NOT binds looser than its
    implicit AND).
    """
    tokens = _tokens(query)
    _check_balance(tokens)
    _punctuation(tokens)
    significant = [token for token in tokens if token.kind not in ("space", " ")]
    if not any(
        token.kind in ("word", "string") and token.text.strip('" ') for token in significant
    ):
        raise QueryProblem("it holds no word to search for, e.g. 'музей'")
    _check_operators(significant)
    _stem_words(significant)
    for chain in _implicit_and_chains(significant):
        _rewrite_chain(chain)
    return "".join(token.text for token in tokens)


@cache
def _checker() -> sqlite3.Connection:
    """An empty FTS5 table with the archive's columns, to ask whether a query parses."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.execute("CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body)")
    return connection


def fts5_error(expression: str) -> str | None:
    """What FTS5 says of `expression` as a MATCH query on the archive's columns; None: it parses."""
    try:
        _checker().execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [expression]
        ).fetchall()
    except sqlite3.Error as error:
        return str(error)
    return None


def search_expression(query: str) -> str:
    """The FTS5 expression `newsbot search` runs for `query`; raises QueryProblem, which speaks
    of the query as typed, never of the rewriting."""
    if not query.strip():
        raise QueryProblem("it is empty: give words to search for, e.g. 'музей'")
    expression = stemmed_query(query)
    if fts5_error(expression) is None:
        return expression
    reason = fts5_error(query)
    if reason is None:
        return query  # a form the rewriting does not cover: searched as typed
    if reason.startswith("no such column"):
        raise QueryProblem(f"{reason} (the columns are title and body, as in 'title: пожар')")
    raise QueryProblem(f"FTS5 cannot read it ({reason})")
