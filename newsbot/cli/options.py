"""Options shared by several commands, and the exit codes every command uses."""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from newsbot.cli.base_url import BaseUrl
from newsbot.settings import largest_count
from newsbot.sites import DEFAULT_SITE, SiteProfile, UnknownSite, load_profile

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "data/newsbot.db"


class FiniteRange(click.FloatRange):
    """A number within bounds, never NaN or infinite (NaN passes every comparison)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


def count_range(minimum: int) -> click.IntRange:
    """A whole-number option from `minimum` up to the largest number SQLite takes."""
    return click.IntRange(min=minimum, max=largest_count)


class Exit(IntEnum):
    """Exit codes of `newsbot` (README lists them)."""

    OK = 0
    FAILED = 1
    USAGE = 2
    SITE_UNREACHABLE = 3
    DATABASE = 4
    BUSY = 5
    DEGRADED = 6
    INTERRUPTED = 7


def fail(code: Exit, message: str) -> NoReturn:
    """End the command with one line on stderr and a distinct exit code."""
    click.echo(f"Error: {message}", err=True)
    raise click.exceptions.Exit(int(code))


class Site(click.ParamType[SiteProfile]):
    """A site profile by name (`newsbot.sites`) or dotted module path."""

    name = "SITE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> SiteProfile:
        if isinstance(value, SiteProfile):
            return value
        try:
            return load_profile(str(value).strip())
        except UnknownSite as error:
            self.fail(str(error), param, ctx)


def site_option(function: F) -> F:
    """`--site`: the outlet whose profile a command uses; passed on as `profile`."""
    return click.option(
        "--site",
        "profile",
        type=Site(),
        default=DEFAULT_SITE,
        envvar="NEWSBOT_SITE",
        show_envvar=True,
        help="The outlet's site profile (newsbot/sites/NAME.py, or a dotted module path).",
    )(function)


DB_KEY = "newsbot.db"
"""Where in `click.Context.meta` the command's `--db` is kept, for errors that name it."""


def _remember_db(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    ctx.meta[DB_KEY] = value
    return value


def db_option(function: F) -> F:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        envvar="NEWSBOT_DB",
        show_envvar=True,
        callback=_remember_db,
        help="The SQLite archive.",
    )(function)


def base_url_option(function: F) -> F:
    return click.option(
        "--base-url",
        type=BaseUrl(),
        envvar="NEWSBOT_BASE_URL",
        help="Where pages are fetched from (the site, a mirror, also one under a path, the "
        "replica); default: the outlet's own site. Stored URLs always name the outlet.",
    )(function)


def term_options(function: F) -> F:
    """`--category NAME` and `--tag NAME` of the readers."""
    function = click.option("--tag", help="Only articles with this tag (name or slug).")(function)
    return click.option("--category", help="Only articles in this category (name or slug).")(
        function
    )
