"""`--category` and `--tag` of the readers: a name or slug the archive holds, else a usage error
that lists the ones it does hold."""

from __future__ import annotations

from typing import Literal

import click

from newsbot.cli.options import Exit, F, fail
from pipelines.store import Archive

SHOWN = 8
"""How many of the most used names an unknown one's error lists."""


def term_options(function: F) -> F:
    """`--category NAME` and `--tag NAME`."""
    function = click.option("--tag", help="Only articles with this tag (name or slug).")(function)
    return click.option("--category", help="Only articles in this category (name or slug).")(
        function
    )


def _check(archive: Archive, kind: Literal["categories", "tags"], wanted: str) -> None:
    if kind == "categories" and archive.count_matching(category=wanted):
        return
    if kind == "tags" and archive.count_matching(tag=wanted):
        return
    word = "category" if kind == "categories" else "tag"
    names = [name for name, _ in archive.term_counts(kind)]
    if not names:
        fail(Exit.USAGE, f"no {word} {wanted!r}: the archive holds no {kind} yet")
    shown = ", ".join(names[:SHOWN]) + (f", … ({len(names)} in all)" if len(names) > SHOWN else "")
    fail(Exit.USAGE, f"no {word} {wanted!r} in the archive (a name or a slug; known: {shown})")


def check_terms(archive: Archive, *, category: str | None, tag: str | None) -> None:
    """Exit 2 with one line when `category` or `tag` is in no archived article."""
    if category is not None:
        _check(archive, "categories", category)
    if tag is not None:
        _check(archive, "tags", tag)
