"""`ArchiveError`: what went wrong with the database file, in one line a user can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class ArchiveError(Exception):
    """The archive cannot be opened, read or written; the message says why and what to do."""


class QueryError(ArchiveError):
    """A full-text query FTS5 cannot parse, with what SQLite said of it."""

    def __init__(self, query: str, reason: str) -> None:
        super().__init__(
            f"cannot search for {query!r}: {reason} "
            '(put words with punctuation in double quotes, e.g. "covid-19")'
        )


DAMAGE_SIGNS = (
    "malformed",
    "could not decode",
    "no such table",
    "no such index",
    "corrupt",
    "vtable constructor failed",
    "fts5 file format",
)
"""What SQLite says of a database whose pages or schema objects are damaged or missing (a
missing column may be a column filter of a search, so it is not among them)."""


def shows_damage(message: str) -> bool:
    """Whether SQLite's `message` says the database is damaged or lacks one of its objects."""
    lowered = message.lower()
    return any(sign in lowered for sign in DAMAGE_SIGNS)


def damaged(path: Path, reason: str) -> ArchiveError:
    """An `ArchiveError` for a damaged archive, saying what to do."""
    reason = "".join(character if character.isprintable() else "?" for character in reason)
    return ArchiveError(
        f"the database {path} is damaged ({reason}): run `newsbot stats --check --db {path}` "
        "and restore it from a backup"
    )


def explain(error: sqlite3.Error | OSError | UnicodeDecodeError, path: Path) -> ArchiveError:
    """An `ArchiveError` for a failure of SQLite or of the file system on the database `path`
    (one that is already explained, a guarded cursor's `DamagedArchive`, as it is)."""
    if isinstance(error, ArchiveError):
        return error
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return ArchiveError(f"cannot use the database {path}: {reason}")
    if isinstance(error, UnicodeDecodeError):
        return damaged(path, f"text that is not UTF-8: {error.reason}")
    message = str(error)
    lowered = message.lower()
    if shows_damage(message) or "no such column" in lowered:
        return damaged(path, message)
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


def query_fault(message: str) -> bool:
    """Whether SQLite's `message` on a full-text search blames the query, not the database."""
    lowered = message.lower()
    if "no such column" in lowered:  # a column filter FTS5 does not know
        return True
    blames_database = ("locked", "busy", "disk", *DAMAGE_SIGNS)
    return not any(sign in lowered for sign in blames_database)


def unreadable_value(path: Path, error: ValueError) -> ArchiveError:
    """An `ArchiveError` for a stored value newsbot never writes, read back from `path`."""
    return ArchiveError(
        f"the database {path} is damaged: it holds a value newsbot never writes ({error}); "
        "restore it from a backup"
    )
