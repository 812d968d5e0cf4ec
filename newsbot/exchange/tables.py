"""JSON Lines and CSV exports: one record per article, UTF-8, written as the articles stream by."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from newsbot.exchange.records import RECORD_FIELDS, record_of
from newsbot.exchange.staging import FileCounts, staged, stale_of
from newsbot.normalize import utc_iso
from newsbot.sites import SiteProfile
from pipelines.store import StoredArticle

TableWriter = Callable[[Iterable[dict[str, Any]], BinaryIO], None]
"""Writes records to an open binary file as they come."""


@contextmanager
def _text(binary: BinaryIO, newline: str) -> Iterator[io.TextIOWrapper]:
    """UTF-8 text onto `binary`, detached from it after the block (whatever happened in it,
    so `binary`, standard output too, stays open)."""
    out = io.TextIOWrapper(binary, encoding="utf-8", newline=newline, write_through=True)
    try:
        yield out
    finally:
        out.detach()


def _json_value(value: object) -> object:
    """Instants as UTC ISO text; everything else as it is."""
    return utc_iso(value) if isinstance(value, datetime) else value


def write_jsonl(records: Iterable[dict[str, Any]], binary: BinaryIO) -> None:
    """One JSON object per line (lists as arrays, instants as UTC ISO text, missing values null)."""
    with _text(binary, "\n") as out:
        for record in records:
            flat = {name: _json_value(value) for name, value in record.items()}
            out.write(json.dumps(flat, ensure_ascii=False) + "\n")


def csv_cell(value: object) -> object:
    """A record value as a CSV cell: lists as JSON arrays, instants as UTC ISO text, a missing
    value as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return _json_value(value)


def write_csv(records: Iterable[dict[str, Any]], binary: BinaryIO) -> None:
    """A header row of `RECORD_FIELDS`, then one row per record."""
    with _text(binary, "") as out:
        writer = csv.writer(out)
        writer.writerow(RECORD_FIELDS)
        for record in records:
            writer.writerow([csv_cell(record[name]) for name in RECORD_FIELDS])


def _counted(
    articles: Iterable[StoredArticle], counts: FileCounts, profile: SiteProfile
) -> Iterator[dict[str, Any]]:
    for stored in articles:
        counts.articles += 1
        yield record_of(stored, profile)


def export_table(
    articles: Iterable[StoredArticle], out: Path, write: TableWriter, profile: SiteProfile
) -> FileCounts:
    """Write one record per article to `out` through a temporary file, replacing `out` only
    when the bytes differ."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stale_of(out)
    with staged(out) as file, file.path.open("wb") as binary:
        counts = stream_table(articles, binary, write, profile)
    counts.written, counts.unchanged = (1, 0) if file.changed else (0, 1)
    return counts


def stream_table(
    articles: Iterable[StoredArticle], out: BinaryIO, write: TableWriter, profile: SiteProfile
) -> FileCounts:
    """Write one record per article into an open stream (standard output, a pipe), in order."""
    counts = FileCounts()
    write(_counted(articles, counts, profile), out)
    out.flush()
    counts.written = 1
    return counts
