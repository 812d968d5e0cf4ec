"""Russian word forms in full-text queries: each bare Russian word of an FTS5 query becomes a
prefix query on its Snowball stem, in both spellings of `е`/`ё`; quoted phrases, operators,
column names and words already ending in `*` are kept as typed."""

from __future__ import annotations

import re
from functools import cache
from itertools import product

import snowballstemmer

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
_OPERAND_STARTS = frozenset({"word", "column", "string", "^", "-", "{"})
MAX_SPELLINGS = 4
"""More `е`s in a stem than make this many spellings: only the stem as typed and with `е`."""


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("russian")


def russian_stem(word: str) -> str:
    """The Snowball stem of a Russian word in lower case, as typed (`ё` kept where it was)."""
    lowered = word.lower()
    stem = str(_stemmer().stemWord(lowered))
    folded = lowered.replace("ё", "е")
    return lowered[: len(stem)] if folded.startswith(stem) else stem


def spellings(stem: str) -> list[str]:
    """The stem with each `е` or `ё` written either way (the archive keeps `ё` as printed)."""
    folded = stem.replace("ё", "е")
    positions = [index for index, letter in enumerate(folded) if letter == "е"]
    if 2 ** len(positions) > MAX_SPELLINGS:
        return list(dict.fromkeys([stem, folded]))
    found = []
    for letters in product("её", repeat=len(positions)):
        spelled = list(folded)
        for index, letter in zip(positions, letters, strict=True):
            spelled[index] = letter
        found.append("".join(spelled))
    return found


class _Token:
    """One lexical token: its text and its role in the query's grammar."""

    def __init__(self, kind: str, text: str) -> None:
        self.kind = kind
        """space, word, string, or the character itself; after `_stem_words`, column for a
        column name and near_end for the `)` closing a NEAR group."""
        self.text = text
        self.grouped = False
        """The word became a parenthesised OR of spellings."""


def _tokens(query: str) -> list[_Token]:
    tokens = []
    for match in _TOKENS.finditer(query):
        kind = match.lastgroup or "other"
        tokens.append(_Token(match.group() if kind == "other" else kind, match.group()))
    return tokens


def _prefixes(stem: str, alone: bool) -> tuple[str, bool]:
    """`stem*`, or every spelling of it OR-ed in parentheses where FTS5 allows a group; and
    whether it is such a group."""
    forms = [stem] if alone else spellings(stem)
    if len(forms) == 1:
        return f"{forms[0]}*", False
    return "(" + " OR ".join(f"{form}*" for form in forms) + ")", True


def _stem_words(tokens: list[_Token]) -> None:
    """Rewrite each bare Russian word in place; mark the closing parenthesis of NEAR groups."""
    parens: list[bool] = []
    """Open parentheses, innermost last: whether each opens a NEAR group."""
    in_braces = False
    for position, token in enumerate(tokens):
        before = tokens[position - 1].text if position else ""
        after = tokens[position + 1].text if position + 1 < len(tokens) else ""
        if token.kind == "(":
            parens.append(before == "NEAR")
        elif token.kind == ")":
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
            alone = any(parens) or before in ("^", "+") or after == "+"
            token.text, token.grouped = _prefixes(russian_stem(token.text), alone)


def _implicit_and_chains(tokens: list[_Token]) -> list[list[list[_Token]]]:
    """The runs of operands FTS5 joins by an implicit AND, each operand's tokens in order.

    Explicit operators and parentheses end a run; a NEAR group is one operand.
    """
    chains: list[list[list[_Token]]] = [[]]
    near_depth = 0
    """Parentheses open inside the current NEAR group (-1: its `(` comes next)."""
    for position, token in enumerate(tokens):
        if near_depth:
            if near_depth == -1:
                near_depth = 0
            near_depth += (token.kind == "(") - (token.kind in (")", "near_end"))
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
        following = tokens[position + 1].kind if position + 1 < len(tokens) else ""
        if token.text == "NEAR" and following == "(":
            near_depth = -1
    return chains


def stemmed_query(query: str) -> str:
    """`query` with each bare Russian word turned into `stem*` prefix queries (DESIGN §6).

    Spellings OR-ed in parentheses cannot be joined by FTS5's implicit AND, so a run of operands
    holding one is written with explicit ANDs, in parentheses to keep its precedence.
    """
    tokens = _tokens(query)
    significant = [token for token in tokens if token.kind != "space"]
    _stem_words(significant)
    for chain in _implicit_and_chains(significant):
        if len(chain) > 1 and any(token.grouped for operand in chain for token in operand):
            chain[0][0].text = "(" + chain[0][0].text
            for operand in chain[:-1]:
                operand[-1].text += " AND"
            chain[-1][-1].text += ")"
    return "".join(token.text for token in tokens)
