"""`--category` and `--tag` of the readers: a name or slug the archive holds, else a usage error
that lists the ones it does hold."""

from __future__ import annotations

import click

from newsbot import terms
from newsbot.cli.options import Exit, F, fail
from pipelines.store import Archive


def term_options(function: F) -> F:
    """`--category NAME` and `--tag NAME`."""
    function = click.option("--tag", help="Only articles with this tag (name or slug).")(function)
    return click.option("--category", help="Only articles in this category (name or slug).")(
        function
    )


def check_terms(archive: Archive, *, category: str | None, tag: str | None) -> None:
    """Exit 2 with one line when `category` or `tag` is in no archived article."""
    try:
        terms.check_terms(archive, category=category, tag=tag)
    except terms.UnknownTerm as error:
        fail(Exit.USAGE, str(error))
