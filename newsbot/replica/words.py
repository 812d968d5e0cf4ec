"""The words the replica's news are made of, read from `data/news.json` and `data/terms.json`."""

from __future__ import annotations

from typing import Any

from newsbot.replica.outlet import data_file

_NEWS: dict[str, Any] = data_file("news.json")
_TERMS: dict[str, Any] = data_file("terms.json")


def _strings(values: list[str]) -> tuple[str, ...]:
    return tuple(str(value) for value in values)


HEADLINES = _strings(_NEWS["headlines"])
HEADLINE_TAILS = _strings(_NEWS["headline_tails"])
SENTENCES = _strings(_NEWS["sentences"])
QUOTES = _strings(_NEWS["quotes"])
SUBHEADINGS = _strings(_NEWS["subheadings"])
LIST_ITEMS = _strings(_NEWS["list_items"])
SLOTS: dict[str, tuple[str, ...]] = {name: _strings(v) for name, v in _NEWS["slots"].items()}
"""What fills each `{slot}` of a template (`{n}` and `{hour}` are numbers)."""
CREDIT_SOURCES = _strings(_NEWS["credit_sources"])
BYLINES = _strings(_NEWS["bylines"])
DRAFT_PREFIXES = _strings(_NEWS["draft_prefixes"])
"""Headline variants a post had before its editor renamed it (old slugs come from these)."""

CATEGORIES: tuple[tuple[int, str], ...] = tuple((int(i), str(n)) for i, n in _TERMS["categories"])
MAIN_CATEGORY_ID = int(_TERMS["main_category_id"])
"""The front-page category, added as a second one to many posts."""
FIXED_TAGS: dict[int, str] = {int(i): str(name) for i, name in _TERMS["fixed_tags"].items()}
"""Tags the site model shows, at their real ids."""
FIRST_TAG_ID = int(_TERMS["first_tag_id"])
TAG_POOLS: dict[str, tuple[str, ...]] = {k: _strings(v) for k, v in _TERMS["tag_pools"].items()}
_FIRST_YEAR, _LAST_YEAR = _TERMS["event_years"]
EVENT_YEARS = range(int(_FIRST_YEAR), int(_LAST_YEAR) + 1)
