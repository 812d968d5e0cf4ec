"""Slugs as the outlet's WordPress makes them: Cyr-To-Lat, then `sanitize_title_with_dashes`."""

from __future__ import annotations

import re
from functools import cache

from newsbot.replica.outlet import data_file

_DASHES = re.compile("[\u00a0\u2013\u2014/.]")
"""No-break spaces, en and em dashes, slashes and dots become hyphens."""
_DROPPED = re.compile(r"[^a-z0-9 _-]")
_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile(r"-+")


@cache
def _transliteration() -> tuple[tuple[str, str], ...]:
    return tuple(
        (cyrillic, latin) for cyrillic, latin in data_file("russian.json")["transliteration"]
    )


def slugify(title: str) -> str:
    """The slug of a title or term name: `Игорь Бабушкин` → `igor-babushkin`.

    Characters outside the transliteration table and ASCII are dropped (WordPress would keep
    them percent-encoded; the replica's vocabulary has none).
    """
    text = title.lower()
    for cyrillic, latin in _transliteration():
        text = text.replace(cyrillic, latin)
    text = _DROPPED.sub("", _DASHES.sub("-", text))
    return _HYPHENS.sub("-", _SPACES.sub("-", text)).strip("-")
