"""Text cleanup of DESIGN §1: NFC, plain spaces, no invisible characters, collapsed runs."""

from __future__ import annotations

import html
import re
import unicodedata

_REMOVED = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u200b\u200c\u200d\u2060\ufeff\ud800-\udfff]"
)
"""Soft hyphens, zero-width characters, control characters that are not spaces, and surrogates
(half a character, from a JSON escape: no UTF-8 text can hold one)."""
_TAGS = re.compile(r"<[^>]*>")
BLOCK_TAGS = frozenset(
    [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "div",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "figure",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "pre",
        "figcaption",
        "address",
    ]
)
"""Elements a browser shows as blocks of their own: a line of the body, a break between words."""
_BREAKS = re.compile(rf"</?(?:br|{'|'.join(BLOCK_TAGS)})\b[^>]*>", re.I)
"""Tags that part the words on either side; any other tag (`<em>`, `<a>`) joins them."""


def clean_text(text: str) -> str:
    """Normalise one line of text: NFC, any space separator as " ", no invisibles, stripped.

    Text that is clean already (most of it) costs a scan for each step and nothing more.
    """
    if _REMOVED.search(text) is not None:
        text = _REMOVED.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())  # str.split() splits at exactly what `\s` matches


def decode_html_text(fragment: str) -> str:
    """Text of a short HTML fragment (a REST title or caption): tags dropped (a space for those
    that break a line), entities decoded."""
    if "<" in fragment:
        fragment = _TAGS.sub("", _BREAKS.sub(" ", fragment))
    return clean_text(html.unescape(fragment) if "&" in fragment else fragment)


_LANGUAGE_TAG = re.compile(r"\A([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\Z")


def language_code(tag: str) -> str | None:
    """The primary language of a BCP 47 tag (`<html lang="ru-RU">` → "ru"), None for no tag."""
    match = _LANGUAGE_TAG.match(tag.strip())
    return match.group(1).lower() if match else None
