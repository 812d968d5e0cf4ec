"""Slugs the way a WordPress outlet makes them (its language's transliteration, then slugify)."""

from __future__ import annotations

from slugify import slugify

from newsbot.sites import Language


def slug_of(text: str, language: Language) -> str:
    """The WordPress slug of a title or term name: `Игорь Бабушкин` → `igor-babushkin`."""
    lowered = text.lower()
    for letters, latin in language.slug_transliteration:
        lowered = lowered.replace(letters, latin)
    return slugify(lowered)
