"""`newsbot export`: the archive as seed documents, JSON Lines, CSV or Parquet, streamed."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from newsbot.cli.days import publication_range, publication_range_options
from newsbot.cli.interrupts import stopped_cleanly
from newsbot.cli.options import Exit, db_option, fail, site_option, term_options
from newsbot.exchange.outputs import Refused, Target, seed_directory_problem, table_target
from newsbot.exchange.seed_files import export_seed_directory
from newsbot.exchange.staging import FileCounts
from newsbot.exchange.tables import (
    TableWriter,
    export_table,
    stream_table,
    write_csv,
    write_jsonl,
)
from newsbot.extensions.progress import CONSOLE
from newsbot.sites import SiteProfile
from newsbot.terms import check_terms
from pipelines.store import Archive, StoredArticle


def _table_writer(format_: str) -> TableWriter:
    if format_ == "jsonl":
        return write_jsonl
    if format_ == "csv":
        return write_csv
    try:
        from newsbot.exchange.parquet import write_parquet
    except ImportError:
        fail(
            Exit.USAGE,
            "the parquet format needs pyarrow: pip install -e '.[all]' "
            "(or choose --format jsonl or csv)",
        )
    return write_parquet


def _with_progress(archive: Archive, filters: dict[str, Any]) -> Iterator[StoredArticle]:
    """The articles to export; a progress bar on stderr while they stream, on a terminal."""
    articles = archive.iter_articles(**filters)
    if not CONSOLE.is_terminal:
        yield from articles
        return
    total = archive.count_matching(**filters)
    columns = (TextColumn("export"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=CONSOLE, transient=True) as progress:
        yield from progress.track(articles, total=total, description="export")


def _target(format_: str, out: Path, db: Path) -> Target | None:
    """How the export writes `out` (None: a seed directory); a usage error when it cannot."""
    database = os.path.realpath(db)
    own = {database: "the database itself"} | {
        f"{database}{suffix}": f"the database's {suffix} file"
        for suffix in ("-wal", "-shm", ".lock")
    }
    if str(out) != "-" and (named := own.get(os.path.realpath(out))):  # also through loops
        fail(Exit.USAGE, f"--out {out} is {named}: choose another path")
    if format_ == "seed":
        problem = seed_directory_problem(out)
        if problem:
            fail(Exit.USAGE, problem)
        return None
    try:
        target = table_target(out)
    except Refused as error:
        fail(Exit.USAGE, str(error))
    if target is Target.STDOUT and format_ == "parquet" and sys.stdout.isatty():
        fail(Exit.USAGE, "--out - would print Parquet's binary to the terminal: redirect it")
    return target


def _write(
    articles: Iterator[StoredArticle],
    out: Path,
    target: Target | None,
    write: TableWriter | None,
    profile: SiteProfile,
) -> FileCounts:
    if target is None or write is None:
        return export_seed_directory(articles, out, profile)
    if target is Target.FILE:
        return export_table(articles, out, write, profile)
    if target is Target.STDOUT:
        return stream_table(articles, sys.stdout.buffer, write, profile)
    with out.open("ab") as stream:  # never truncates: a FIFO or device, or /dev/stdout as given
        return stream_table(articles, stream, write, profile)


@click.command("export")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["seed", "jsonl", "csv", "parquet"]),
    default="seed",
    help="seed: one seed document per article in a directory; jsonl, csv, parquet: one file.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="The directory (seed) or file to write; rerunning updates only what changed. "
    '"-" is stdout (jsonl, csv, parquet); a FIFO or device is written into, a link refused.',
)
@click.option(
    "--live-only",
    is_flag=True,
    help="Leave out the articles the site deleted or unpublished (exported by default, with "
    "their status).",
)
@publication_range_options
@term_options
@db_option
@site_option
def export_command(
    format_: str,
    out: Path,
    live_only: bool,
    since: date | None,
    until: date | None,
    category: str | None,
    tag: str | None,
    db: Path,
    profile: SiteProfile,
) -> None:
    """Write the archived articles out, in publication order.

    A seed export names files {n:03d}_{key}.txt (n: position in this export, key: from the
    canonical URL); files already up to date are left untouched and files of that pattern no
    longer in the export are removed. Articles the site no longer serves are exported too
    (jsonl, csv and parquet say so in `status` and `deleted_at`; a seed document is the same
    as before), unless --live-only. Summary on stderr.

    \b
    Examples:
      newsbot export --format seed --out data/seeds --since 2024-01-01 --until 2024-12-31
      newsbot export --format jsonl --out data/arbuz.jsonl --category vlast
      newsbot export --format parquet --out data/arbuz.parquet
      newsbot export --format jsonl --out - | gzip > arbuz.jsonl.gz
      newsbot export --format csv --out data/live.csv --live-only
    """
    start, end = publication_range(since, until, profile)
    target = _target(format_, out, db)
    write = None if format_ == "seed" else _table_writer(format_)
    filters = {
        "since": start,
        "until": end,
        "category": category,
        "tag": tag,
        "live_only": live_only,
    }
    with Archive(db, profile, readonly=True) as archive:
        check_terms(archive, category=category, tag=tag)
        articles = _with_progress(archive, filters)
        try:
            with stopped_cleanly("the export"):
                counts = _write(articles, out, target, write, profile)
        except OSError as error:
            where = error.filename or ("standard output" if target is Target.STDOUT else out)
            fail(Exit.FAILED, f"cannot write {where}: {error.strerror or error}")
    click.echo(
        f"Exported {counts.articles} article{_s(counts.articles)} ({format_}): {counts.written} "
        f"file{_s(counts.written)} written, {counts.unchanged} unchanged, {counts.removed} "
        f"removed. Output: {'standard output' if target is Target.STDOUT else out}",
        err=True,
    )


def _s(count: int) -> str:
    return "" if count == 1 else "s"
