"""Categories and tags asked for by name or slug: one the archive does not hold is refused, with
the ones it does hold named (the CLI's `--category`/`--tag` and the Python API alike)."""

from __future__ import annotations

from typing import Literal

from pipelines.store import Archive

SHOWN = 8
"""How many of the most used names an unknown one's message lists."""


class UnknownTerm(ValueError):
    """A category or tag in no archived article."""


def _unknown(archive: Archive, kind: Literal["categories", "tags"], wanted: str) -> UnknownTerm:
    """The error for `wanted`, naming the most used names of its kind the archive holds."""
    word = "category" if kind == "categories" else "tag"
    names = [name for name, _ in archive.term_counts(kind)]
    if not names:
        return UnknownTerm(f"no {word} {wanted!r}: the archive holds no {kind} yet")
    shown = ", ".join(names[:SHOWN]) + (f", … ({len(names)} in all)" if len(names) > SHOWN else "")
    return UnknownTerm(f"no {word} {wanted!r} in the archive (a name or a slug; known: {shown})")


def check_terms(archive: Archive, *, category: str | None, tag: str | None) -> None:
    """Raise `UnknownTerm` when `category` or `tag` is in no archived article."""
    if category is not None and not archive.count_matching(category=category):
        raise _unknown(archive, "categories", category)
    if tag is not None and not archive.count_matching(tag=tag):
        raise _unknown(archive, "tags", tag)
