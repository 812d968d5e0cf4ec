"""`newsbot crawl` (incremental) and `newsbot backfill` (a date range)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from newsbot.cli.contact import contact_option, with_contact
from newsbot.cli.days import Day, backfill_range
from newsbot.cli.demo import refuse_the_demos_archive
from newsbot.cli.logs import log_options
from newsbot.cli.options import F, base_url_option, count_range, db_option, site_option
from newsbot.cli.request import CrawlRequest
from newsbot.cli.runner import crawl_and_report, crawl_settings, stopped_at_start
from newsbot.cli.single_run import one_run_at_a_time, wait_options

source_option = click.option(
    "--source",
    type=click.Choice(["auto", "rest", "html"]),
    default="auto",
    help="REST API, HTML pages, or auto: probe the REST API once and use it when it answers.",
)
max_requests_option = click.option(
    "--max-requests",
    type=count_range(0),
    default=0,
    show_default=False,
    help="Stop after this many responses (0: no limit).",
)
settings_option = click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="A Scrapy or newsbot setting for this run (repeatable).",
)


def crawl_options(function: F) -> F:
    """The options `crawl` and `backfill` share, in the order `--help` lists them."""
    for option in reversed(
        (
            db_option,
            site_option,
            base_url_option,
            contact_option,
            source_option,
            max_requests_option,
            settings_option,
            log_options,
            wait_options,
        )
    ):
        function = option(function)
    return function


def _crawl(
    contact: str, wait: bool, wait_timeout: float | None, base_url: str | None, **asked: Any
) -> None:
    """Run the crawl the user asked for (`asked`: the other fields of its `CrawlRequest`), one at
    a time per database, and report it."""
    request = CrawlRequest(base_url=base_url or asked["profile"].base_url, **asked)
    with stopped_at_start(request):
        settings = with_contact(crawl_settings(request), contact)
        with one_run_at_a_time(request.db, request.mode, wait, wait_timeout):
            refuse_the_demos_archive(request)
            crawl_and_report(request, settings)


@click.command("crawl")
@click.option(
    "--sweep",
    is_flag=True,
    help="Also list every post the site still has and mark the stored articles it deleted or "
    "unpublished (confirmed one by one; NEWSBOT_SWEEP_EVERY_HOURS schedules it).",
)
@crawl_options
def crawl_command(**options: Any) -> None:
    """Fetch what is new or changed since the last run (the scheduled job).

    \b
    Examples:
      newsbot crawl --contact ops@example.org
      newsbot crawl --base-url http://127.0.0.1:8765 --db /tmp/arbuz.db
      newsbot crawl --wait --wait-timeout 300
      newsbot crawl --sweep
    """
    _crawl(**options)


@click.command("backfill")
@click.option(
    "--since",
    type=Day(),
    required=True,
    help="First day (site-local), YYYY-MM-DD; from 1995-01-01 on.",
)
@click.option("--until", type=Day(), help="Last day (site-local), YYYY-MM-DD; default today.")
@crawl_options
def backfill_command(since: date, until: date | None, **options: Any) -> None:
    """Fetch everything published in a date range; rerun to resume after an interruption.

    \b
    Examples:
      newsbot backfill --since 2024-01-01 --until 2024-12-31 --contact https://example.org/
      newsbot backfill --since 2019-11-01 --source html
    """
    first, last = backfill_range(since, until, options["profile"].zone)
    _crawl(since=first.isoformat(), until=last.isoformat() if last else None, **options)
