"""Options shared by several commands, and the exit codes every command uses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

import click

from newsbot.crawl.dates import parse_day, publication_bounds
from newsbot.sites import DEFAULT_SITE, SiteProfile, UnknownSite, load_profile

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "data/newsbot.db"


class Exit(IntEnum):
    """Exit codes of `newsbot` (README lists them)."""

    OK = 0
    FAILED = 1
    USAGE = 2
    SITE_UNREACHABLE = 3
    DATABASE = 4
    BUSY = 5
    DEGRADED = 6


def fail(code: Exit, message: str) -> NoReturn:
    """End the command with one line on stderr and a distinct exit code."""
    click.echo(f"Error: {message}", err=True)
    raise click.exceptions.Exit(int(code))


class Day(click.ParamType[date]):
    """A `YYYY-MM-DD` date."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_day(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class BaseUrl(click.ParamType[str]):
    """An `http(s)://host[:port]` URL pages are fetched from."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        parts = urlsplit(str(value).strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.fail(f"not an http(s) URL: {value!r}", param, ctx)
        return f"{parts.scheme}://{parts.netloc}"


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
        show_default=True,
        show_envvar=True,
        help="The outlet's site profile (newsbot/sites/NAME.py, or a dotted module path).",
    )(function)


def db_option(function: F) -> F:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        envvar="NEWSBOT_DB",
        show_default=True,
        show_envvar=True,
        help="The SQLite archive.",
    )(function)


def base_url_option(function: F) -> F:
    return click.option(
        "--base-url",
        type=BaseUrl(),
        envvar="NEWSBOT_BASE_URL",
        help="Where pages are fetched from (the site, a mirror, the replica); default: the "
        "outlet's own site. Stored URLs always name the outlet.",
    )(function)


def publication_range_options(function: F) -> F:
    """`--since` and `--until`: optional site-local days of publication, both inclusive."""
    since = click.option(
        "--since", type=Day(), help="First day of publication (site-local), YYYY-MM-DD."
    )
    until = click.option(
        "--until", type=Day(), help="Last day of publication (site-local, included), YYYY-MM-DD."
    )
    return since(until(function))


def publication_range(
    since: date | None, until: date | None, profile: SiteProfile
) -> tuple[datetime | None, datetime | None]:
    """`--since`/`--until` (the outlet's days) as the instants [start, end) to filter on."""
    if since and until and until < since:
        raise click.BadParameter(f"--until {until} is before --since {since}")
    return publication_bounds(since, until, profile.zone)
