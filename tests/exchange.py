"""Reading exports back as a user would, for the export and import tests."""

from __future__ import annotations

import csv
import json
import types
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from newsbot.exchange.records import RECORD_TYPES
from newsbot.items import INSTANT_FIELDS, Article
from newsbot.normalize import from_utc_iso, url_key
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, StoredArticle
from tests.outlet import display_date

ARTICLE_FIELDS = [field.name for field in fields(Article)]


def directory_bytes(directory: Path) -> dict[str, bytes]:
    """Every file of a directory (not recursive) by name."""
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def stored_articles(db: Path) -> list[StoredArticle]:
    with Archive(db, ARBUZ, readonly=True) as archive:
        return list(archive.iter_articles())


def expected_record(stored: StoredArticle) -> dict[str, Any]:
    """What a tabular export must hold for this article, field by field."""
    return {
        **{name: getattr(stored.article, name) for name in ARTICLE_FIELDS},
        "display_date": display_date(stored.article),
        "key": url_key(stored.article.url),
        "version": stored.version,
        "word_count": stored.article.word_count,
        "status": stored.status,
        "deleted_at": None if stored.deleted_at is None else from_utc_iso(stored.deleted_at),
    }


def _csv_value(text: str, hint: Any) -> Any:
    """A CSV cell back as its record value: JSON arrays for lists, empty for a missing value."""
    optional = get_origin(hint) in (Union, types.UnionType)
    if optional:
        if text == "":
            return None
        (hint,) = [arg for arg in get_args(hint) if arg is not type(None)]
    if get_origin(hint) is list:
        return json.loads(text)
    if hint is int:
        return int(text)
    if hint is datetime:
        return from_utc_iso(text)
    return text


def read_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    header, *body = rows
    assert tuple(header) == tuple(RECORD_TYPES)
    return [
        {name: _csv_value(cell, RECORD_TYPES[name]) for name, cell in zip(header, row, strict=True)}
        for row in body
    ]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        for name in (*INSTANT_FIELDS, "deleted_at"):
            if record[name] is not None:
                record[name] = from_utc_iso(record[name])
    return records


def read_parquet(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    assert table.schema.names == list(RECORD_TYPES)
    records: list[dict[str, Any]] = table.to_pylist()
    return records
