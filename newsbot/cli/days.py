"""Days on the command line: `YYYY-MM-DD` only, and ranges within the days anything can be
published on (validation's earliest publication to tomorrow, site-local)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

import click

from newsbot.cli.options import F
from newsbot.crawl.dates import parse_day, publication_bounds, today
from newsbot.normalize.article import DAYS_AHEAD, EARLIEST_PUBLICATION
from newsbot.sites import SiteProfile

EARLIEST_DAY = EARLIEST_PUBLICATION.date()
"""The first day an article may be published on (validation drops anything earlier)."""


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


def latest_day(zone: tzinfo) -> date:
    """The last day an article may be published on: tomorrow in the outlet's zone."""
    return today(zone) + DAYS_AHEAD


def backfill_range(since: date, until: date | None, zone: tzinfo) -> tuple[date, date | None]:
    """`--since`/`--until` of a backfill, kept to the days anything can be published on.

    A range wholly before the earliest day or after the latest is a usage error; a range that
    reaches past either end is cut there (`until` None: up to today, as when it is not given).
    """
    if until is not None and until < since:
        raise click.BadParameter(f"--until {until} is before --since {since}")
    latest = latest_day(zone)
    if since > latest:
        raise click.BadParameter(
            f"{since} is in the future (today is {today(zone)} at the outlet): nothing to backfill",
            param_hint="'--since'",
        )
    if until is not None and until < EARLIEST_DAY:
        raise click.BadParameter(
            f"{until} is before {EARLIEST_DAY}, the earliest publication newsbot keeps: "
            "nothing to backfill",
            param_hint="'--until'",
        )
    return max(since, EARLIEST_DAY), None if until is None or until > latest else until


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
    """`--since`/`--until` (the outlet's days) as the instants [start, end) to filter on. Days
    beyond those anything can be published on are moved to their edge, which selects the same
    articles (none, or all from that side)."""
    if since and until and until < since:
        raise click.BadParameter(f"--until {until} is before --since {since}")
    first, last = EARLIEST_DAY, latest_day(profile.zone)
    if since is not None:
        since = None if since <= first else min(since, last + DAYS_AHEAD)
    if until is not None:
        until = None if until >= last else max(until, first - DAYS_AHEAD)
    return publication_bounds(since, until, profile.zone)
