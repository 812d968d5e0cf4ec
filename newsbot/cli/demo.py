"""`newsbot demo`: the main job offline — start the replica, crawl it into the archive, stop it."""

from __future__ import annotations

from pathlib import Path

import click

from newsbot.cli.options import Exit, db_option, fail
from newsbot.cli.replica import require_aiohttp
from newsbot.cli.runner import CrawlRequest, crawl_and_report
from newsbot.cli.single_run import one_run_at_a_time
from newsbot.replica.launcher import ReplicaDidNotStart, running_replica

LOCAL_SPEED = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS=8",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
)
"""Politeness is for other people's servers; the replica is ours, on loopback."""


@click.command("demo")
@db_option
@click.option(
    "--articles", type=click.IntRange(min=2), default=1000, show_default=True,
    help="How many articles the replica publishes.",
)  # fmt: skip
def demo_command(db: Path, articles: int) -> None:
    """Crawl the offline replica of the site into the archive (no network needed).

    \b
    Example:
      newsbot demo && newsbot stats
    """
    require_aiohttp()
    with one_run_at_a_time(db, "demo"):
        try:
            with running_replica("--articles", str(articles)) as replica:
                click.echo(
                    f"Replica of arbuztoday.ru with {articles} articles at {replica.url}", err=True
                )
                crawl_and_report(CrawlRequest(db, replica.base_url, "auto", overrides=LOCAL_SPEED))
        except ReplicaDidNotStart as error:
            fail(Exit.FAILED, f"the replica did not start: {error}")
