"""`newsbot import`: seed documents into the archive, deduplicated like crawled articles."""

from __future__ import annotations

from pathlib import Path

import click

from newsbot.cli.archive import opened_archive
from newsbot.cli.options import Exit, db_option, fail, site_option
from newsbot.cli.single_run import one_run_at_a_time, wait_options
from newsbot.exchange.seed_import import import_seed_files, seed_paths
from newsbot.sites import SiteProfile


def _report_skipped(path: Path, reason: str) -> None:
    click.echo(f"Skipped {path}: {reason}", err=True)


@click.command("import")
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
)
@db_option
@site_option
@wait_options
def import_command(
    paths: tuple[Path, ...],
    db: Path,
    profile: SiteProfile,
    wait: bool,
    wait_timeout: float | None,
) -> None:
    """Import seed documents (files, or directories searched for *.txt) into the archive.

    Each file goes through the same normalisation, validation and deduplication as a crawled
    article: a later crawl of the same article updates the same row. A file that is not a
    valid seed document is reported on stderr and skipped. Exit code 0: every file imported;
    1: some were skipped.

    \b
    Examples:
      newsbot import data/seeds
      newsbot import old-corpus/ 000_d8421866bf9c5a00.txt --db /tmp/arbuz.db
    """
    files = list(dict.fromkeys(seed_paths(paths)))
    if not files:
        fail(Exit.USAGE, f"no seed documents (*.txt) in {', '.join(map(str, paths))}")
    with (
        one_run_at_a_time(db, "import", wait, wait_timeout),
        opened_archive(db, profile, readonly=False) as archive,
    ):
        run_id = archive.start_run("import", "import")
        counts = import_seed_files(files, archive, profile, _report_skipped)
        archive.finish_run(
            run_id, finish_reason="finished", dropped=counts.skipped, **archive.counts
        )
        outcomes = dict(archive.counts)
    imported = counts.files - counts.skipped
    click.echo(
        f"Imported {imported} of {counts.files} files: {outcomes['new']} new, "
        f"{outcomes['updated']} updated, {outcomes['unchanged']} unchanged, "
        f"{outcomes['duplicate']} duplicate, {counts.skipped} skipped. Archive: {db}",
        err=True,
    )
    if counts.skipped:
        raise click.exceptions.Exit(int(Exit.FAILED))
