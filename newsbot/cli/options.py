"""Options shared by several commands, and the exit codes every command uses."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from newsbot.cli.base_url import BaseUrl
from newsbot.site import ARBUZ

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
        default=ARBUZ.base_url,
        envvar="NEWSBOT_BASE_URL",
        show_default=True,
        help="Where pages are fetched from (the site, a mirror, also one under a path, the "
        "replica); stored URLs always name the outlet.",
    )(function)
