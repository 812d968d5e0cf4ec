"""`newsbot demo`: the main job offline — start the replica, crawl it into the archive, stop it."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from newsbot.cli.options import Exit, db_option, fail, site_option
from newsbot.cli.runner import CrawlRequest, crawl_and_report, crawl_settings
from newsbot.cli.single_run import one_run_at_a_time
from newsbot.sites import SiteProfile

REPLICA_URL = re.compile(r"http://[0-9.]+:\d+/")
LOCAL_SPEED = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS=8",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
)
"""Politeness is for other people's servers; the replica is ours, on loopback."""


@contextmanager
def replica_process(articles: int) -> Iterator[str]:
    """A `newsbot replica` subprocess on a free loopback port; yields its base URL."""
    command = [
        sys.executable,
        "-m",
        "newsbot",
        "replica",
        "--port",
        "0",
        "--articles",
        str(articles),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        found = REPLICA_URL.search(first_line)
        if not found:
            fail(Exit.FAILED, f"the replica did not start: {first_line.strip() or 'no output'}")
        yield found.group(0).rstrip("/")
    finally:
        process.terminate()
        process.wait(timeout=10)


@click.command("demo")
@db_option
@click.option(
    "--articles", type=click.IntRange(min=1), default=1000, show_default=True,
    help="How many articles the replica publishes.",
)  # fmt: skip
@site_option
def demo_command(db: Path, articles: int, profile: SiteProfile) -> None:
    """Crawl the offline replica of the site into the archive (no network needed).

    \b
    Example:
      newsbot demo && newsbot stats
    """
    with one_run_at_a_time(db, "demo"), replica_process(articles) as base_url:
        click.echo(f"Replica of {profile.host} with {articles} articles at {base_url}/", err=True)
        request = CrawlRequest(db, profile, base_url, "auto", overrides=LOCAL_SPEED)
        crawl_and_report(request, crawl_settings(request))
