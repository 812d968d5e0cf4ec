"""One run at a time per database for the crawl commands: skip with exit 5, or `--wait`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from newsbot.cli.options import Exit, F, FiniteRange, fail
from newsbot.runlock import Busy, RunLock


def wait_options(function: F) -> F:
    """`--wait` and `--wait-timeout SECONDS`."""
    function = click.option(
        "--wait-timeout",
        type=FiniteRange(min=0),
        metavar="SECONDS",
        help="Wait at most this long for the other run (implies --wait).",
    )(function)
    return click.option(
        "--wait",
        is_flag=True,
        help="When another run is using the database, wait for it to finish instead of "
        f"exiting with code {int(Exit.BUSY)}.",
    )(function)


@contextmanager
def one_run_at_a_time(
    db: Path, mode: str, wait: bool = False, wait_timeout: float | None = None
) -> Iterator[None]:
    """Hold the run lock of `db` for the block; exit BUSY with one line when another run holds
    it (after waiting, with `wait`), DATABASE when the lock file cannot be made."""
    lock = RunLock(db)
    queued = wait or wait_timeout is not None
    try:
        lock.acquire(
            mode,
            timeout=wait_timeout if queued else 0.0,
            waiting=lambda line: click.echo(line, err=True),
        )
    except Busy as busy:
        hint = "" if queued else "; skipped (--wait queues the run instead)"
        fail(Exit.BUSY, f"{busy}{hint}")
    except OSError as error:
        fail(Exit.DATABASE, lock.unusable(error))
    try:
        yield
    finally:
        lock.release()
