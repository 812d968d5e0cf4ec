"""`ArchiveError`: what went wrong with the database file, in one line a user can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class ArchiveError(Exception):
    """The archive cannot be opened, read or written; the message says why and what to do."""


class QueryError(ArchiveError):
    """A full-text query FTS5 cannot parse; `reason` is what SQLite said."""

    def __init__(self, query: str, reason: str) -> None:
        super().__init__(
            f"cannot search for {query!r}: {reason} "
            '(put words with punctuation in double quotes, e.g. "covid-19")'
        )
        self.query = query
        self.reason = reason


def explain(error: sqlite3.Error | OSError, path: Path) -> ArchiveError:
    """An `ArchiveError` for a failure of SQLite or of the file system on the database `path`."""
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return ArchiveError(f"cannot use the database {path}: {reason}")
    message = str(error)
    lowered = message.lower()
    if "disk is full" in lowered or "disk i/o error" in lowered:
        text = f"cannot write the database {path}: the disk is full or failing ({message})"
    elif "readonly database" in lowered or "read-only" in lowered:
        text = f"the database {path} is read-only: make it writable or choose another --db"
    elif "file is not a database" in lowered:
        text = f"{path} is not a newsbot database (not an SQLite file): choose another --db"
    elif "database is locked" in lowered or "database is busy" in lowered:
        text = f"the database {path} is locked by another writer: try again when it has finished"
    elif "unable to open database file" in lowered:
        text = f"cannot open the database {path}: check the path and its directory's permissions"
    else:
        text = f"the database {path} failed: {message}"
    return ArchiveError(text)
