"""`newsbot import`: seed documents into the archive, deduplicated like crawled articles."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click

from newsbot.cli.options import Exit, db_option, fail, site_option
from newsbot.cli.single_run import one_run_at_a_time, wait_options
from newsbot.exchange.seed_import import SeedFiles, import_seed_files
from newsbot.sites import SiteProfile
from newsbot.stopping import STOP_SIGNALS, STOPS
from pipelines.store import Archive


def _report_skipped(path: Path, reason: str) -> None:
    click.echo(f"Skipped {path}: {reason}", err=True)


@contextmanager
def stop_between_files() -> Iterator[Callable[[], bool]]:
    """While the block runs, a first SIGINT or SIGTERM asks the import to end after the file it
    is reading; a second one interrupts at once, as by default."""
    signalled: list[int] = []

    def handle(number: int, _frame: FrameType | None) -> None:
        signalled.append(number)
        STOPS.restore()

    previous = {each: signal.signal(each, handle) for each in STOP_SIGNALS}
    try:
        yield lambda: bool(signalled)
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)


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
    valid seed document (or a link under a directory that leads out of it) is reported on
    stderr and skipped. Exit code 0: every file imported; 1: some were skipped, or the import
    was interrupted (what it imported stays; rerun it for the rest).

    \b
    Examples:
      newsbot import data/seeds
      newsbot import old-corpus/ 000_d8421866bf9c5a00.txt --db /tmp/arbuz.db
    """
    found = SeedFiles(paths)
    if not found.files:
        fail(Exit.USAGE, f"no seed documents (*.txt) in {', '.join(map(str, paths))}")
    with (
        one_run_at_a_time(db, "import", wait, wait_timeout),
        Archive(db, profile, readonly=False) as archive,
    ):
        with stop_between_files() as stop:
            run_id = archive.start_run("import", "import")
            counts = import_seed_files(found.files, archive, profile, _report_skipped, stop)
        reason = "interrupted" if counts.stopped else "finished"
        archive.finish_run(run_id, finish_reason=reason, dropped=counts.skipped, **archive.counts)
        outcomes = dict(archive.counts)
    imported = counts.files - counts.skipped
    others = f"{found.ignored} other file{'' if found.ignored == 1 else 's'}"
    ignored = f"; {others} left alone" if found.ignored else ""
    click.echo(
        f"Imported {imported} of {counts.files} files: {outcomes['new']} new, "
        f"{outcomes['updated']} updated, {outcomes['unchanged']} unchanged, "
        f"{outcomes['duplicate']} duplicate, {counts.skipped} skipped{ignored}. Archive: {db}",
        err=True,
    )
    if counts.stopped:
        fail(
            Exit.FAILED,
            f"the import was interrupted after {counts.files} of {len(found.files)} files; what "
            f"it imported is kept (run #{run_id}, finish reason interrupted): rerun it for the "
            "rest",
        )
    if counts.skipped:
        raise click.exceptions.Exit(int(Exit.FAILED))
