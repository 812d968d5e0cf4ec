"""Slugs as the outlet's WordPress makes them: Cyr-To-Lat, then `sanitize_title_with_dashes`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from newsbot.replica.outlet import data_file

_DASHES = re.compile("[\u00a0\u2013\u2014/.]")
"""No-break spaces, en and em dashes, slashes and dots become hyphens."""
_DROPPED = re.compile(r"[^a-z0-9 _-]")
_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile(r"-+")


@cache
def _transliteration() -> Callable[[str], str]:
    """The table of `data/russian.json`: letter groups first (in table order), then letters."""
    pairs = data_file("russian.json")["transliteration"]
    groups = {str(source): str(target) for source, target in pairs if len(source) > 1}
    group = re.compile("|".join(re.escape(source) for source in groups) or "(?!)")
    letters = {str(source): str(target) for source, target in pairs if len(source) == 1}
    table = str.maketrans(letters)
    return lambda text: group.sub(lambda found: groups[found[0]], text).translate(table)


def slugify(title: str) -> str:
    """The slug of a title or term name: `Игорь Бабушкин` → `igor-babushkin`.

    Characters outside the transliteration table and ASCII are dropped (WordPress would keep
    them percent-encoded; the replica's vocabulary has none).
    """
    text = _transliteration()(title.lower())
    text = _DROPPED.sub("", _DASHES.sub("-", text))
    return _HYPHENS.sub("-", _SPACES.sub("-", text)).strip("-")
