"""The Parquet export (needs the `parquet` extra: pyarrow), written in record batches."""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any, BinaryIO, Literal, Union, get_args, get_origin

import pyarrow as pa
import pyarrow.parquet as pq

from newsbot.exchange.records import RECORD_TYPES

BATCH_ROWS = 1000


def _arrow_field(name: str, hint: Any) -> pa.Field:
    """The Arrow column of a record field typed `hint`: str, int, datetime, list[str], Literal,
    X | None."""
    nullable = False
    if get_origin(hint) in (Union, types.UnionType):
        (hint,) = [arg for arg in get_args(hint) if arg is not type(None)]
        nullable = True
    origin = get_origin(hint)
    if origin is list:
        arrow_type = pa.list_(pa.string())
    elif origin is Literal or hint is str:
        arrow_type = pa.string()
    elif hint is int:
        arrow_type = pa.int64()
    elif hint is datetime:
        arrow_type = pa.timestamp("s", tz="UTC")
    else:
        raise TypeError(f"no Arrow type for the field {name}: {hint!r}")
    return pa.field(name, arrow_type, nullable=nullable)


SCHEMA = pa.schema([_arrow_field(name, hint) for name, hint in RECORD_TYPES.items()])


def record_batches(records: Iterable[dict[str, Any]]) -> Iterator[pa.RecordBatch]:
    """The records as Arrow batches of `BATCH_ROWS`, so memory does not grow with the archive."""
    rows = iter(records)
    while batch := list(islice(rows, BATCH_ROWS)):
        yield pa.RecordBatch.from_pylist(batch, schema=SCHEMA)


def write_parquet(records: Iterable[dict[str, Any]], binary: BinaryIO) -> None:
    """Every record, a batch at a time."""
    with pq.ParquetWriter(binary, SCHEMA) as writer:
        for batch in record_batches(records):
            writer.write_batch(batch)
