"""Categories and tags asked for by name or slug: one the archive does not hold is refused, with
the ones it does hold named (the CLI's `--category`/`--tag` and the Python API alike)."""

from __future__ import annotations

from typing import Literal

from pipelines.store import Archive

SHOWN = 8
"""How many of the most used names an unknown one's message lists."""


class UnknownTerm(ValueError):
    """A category or tag in no archived article."""


def _check(archive: Archive, kind: Literal["categories", "tags"], wanted: str) -> None:
    if kind == "categories" and archive.count_matching(category=wanted):
        return
    if kind == "tags" and archive.count_matching(tag=wanted):
        return
    word = "category" if kind == "categories" else "tag"
    names = [name for name, _ in archive.term_counts(kind)]
    if not names:
        raise UnknownTerm(f"no {word} {wanted!r}: the archive holds no {kind} yet")
    shown = ", ".join(names[:SHOWN]) + (f", … ({len(names)} in all)" if len(names) > SHOWN else "")
    raise UnknownTerm(f"no {word} {wanted!r} in the archive (a name or a slug; known: {shown})")


def check_terms(archive: Archive, *, category: str | None, tag: str | None) -> None:
    """Raise `UnknownTerm` when `category` or `tag` is in no archived article."""
    if category is not None:
        _check(archive, "categories", category)
    if tag is not None:
        _check(archive, "tags", tag)
