"""`newsbot demo`: the main job offline — start the replica, crawl it into the archive, stop it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from newsbot.cli.logs import log_options
from newsbot.cli.options import Exit, db_option, fail, site_option
from newsbot.cli.replica import require_aiohttp
from newsbot.cli.request import CrawlRequest
from newsbot.cli.runner import crawl_and_report, crawl_settings
from newsbot.cli.single_run import one_run_at_a_time
from newsbot.hosts import is_loopback_host
from newsbot.replica.launcher import ReplicaDidNotStart, running_replica
from newsbot.sites import SiteProfile
from pipelines.store import Archive, ArchiveError

DEMO_STATE = "demo:replica"
"""crawl_state key: the archive is the demo's, the replica's made-up posts in it."""

NEXT_STEPS = """\
Next, in this directory (after `source .venv/bin/activate`):
  newsbot stats                          what the archive holds, per month and category
  newsbot search мост --limit 5          full-text search, Russian word forms
  newsbot export --format jsonl --out -  every article as JSON Lines
  newsbot serve                          the archive in a browser (needs pip install -e '.[all]')
Crawl the replica yourself: README.md, "A quick tour"."""
"""What `demo` prints after its summary: the commands a newcomer tries next."""


def claim_archive(db: Path, profile: SiteProfile) -> None:
    """Mark `db` as the demo's; exit USAGE when it holds articles the demo did not write."""
    with Archive(db, profile) as archive:
        held = archive.count()
        if held and archive.get_state(DEMO_STATE) is None:
            fail(
                Exit.USAGE,
                f"--db {db} holds {held:,} article{'s' * (held != 1)} the demo did not crawl: "
                "the demo writes "
                "only into a new archive or its own; give --db another path",
            )
        archive.set_state(DEMO_STATE, "1")


def refuse_the_demos_archive(request: CrawlRequest) -> None:
    """Exit USAGE when a crawl of a site off this machine would write into the demo's archive:
    its made-up posts and the replica's coverage would stand for the site's."""
    if is_loopback_host(urlsplit(request.base_url).hostname or "") or not request.db.exists():
        return
    try:
        with Archive(request.db, request.profile, readonly=True) as archive:
            marked = archive.get_state(DEMO_STATE) is not None
    except ArchiveError:
        return  # the crawl says what is wrong with it
    if marked:
        fail(
            Exit.USAGE,
            f"--db {request.db} is the demo's archive of the replica, not of {request.base_url}: "
            "give --db another path",
        )


def outlet_arguments(profile: SiteProfile) -> tuple[str, ...]:
    """`newsbot replica` options that make it serve the outlet `profile` describes."""
    return (
        "--site-name", profile.name,
        "--site-host", profile.host,
        "--site-zone", profile.zone.key,
        "--title-separator", profile.title_separators[0],
    )  # fmt: skip


@click.command("demo")
@db_option
@click.option(
    "--articles", type=click.IntRange(min=2), default=1000,
    help="How many articles the replica publishes.",
)  # fmt: skip
@site_option
@log_options
def demo_command(db: Path, articles: int, profile: SiteProfile) -> None:
    """Crawl the offline replica of the site into a new archive, or the demo's own (no network
    needed): the replica's made-up posts never join an archive of the site.

    \b
    Example:
      newsbot demo && newsbot stats
    """
    require_aiohttp()
    with one_run_at_a_time(db, "demo"):
        claim_archive(db, profile)
        try:
            replica = running_replica("--articles", str(articles), *outlet_arguments(profile))
            with replica as running:
                click.echo(
                    f"Replica of {profile.host} with {articles} articles at {running.url}",
                    err=True,
                )
                request = CrawlRequest(db, profile, running.base_url, "auto")
                crawl_and_report(request, crawl_settings(request))
                click.echo(NEXT_STEPS)
        except ReplicaDidNotStart as error:
            fail(Exit.FAILED, f"the replica did not start: {error}")
