"""Slugs the way the outlet's WordPress makes them (Cyr-To-Lat transliteration)."""

from __future__ import annotations

from slugify import slugify

from newsbot.site import CYR_TO_LAT


def slugify_ru(text: str) -> str:
    """The WordPress slug of a Russian title or term name: `Игорь Бабушкин` → `igor-babushkin`."""
    lowered = text.lower()
    for cyrillic, latin in CYR_TO_LAT:
        lowered = lowered.replace(cyrillic, latin)
    return slugify(lowered)
