"""`newsbot stats --check`: SQLite's integrity check, FTS5's own check of the full-text index,
and the objects of the schema, on an archive that may be too damaged to open as usual."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from pipelines.store import objects
from pipelines.store.connection import on_readonly_storage, read_only
from pipelines.store.errors import ArchiveError, explain, shows_damage

SHOWN = 20
"""At most this many of SQLite's findings are kept."""
RESTORE = "restore it from a backup (`sqlite3 {} .recover` saves what can still be read)"


@dataclass
class Findings:
    """What the checks found; empty lists everywhere: the archive is sound."""

    pages: list[str] = field(default_factory=list)
    """SQLite's `integrity_check` lines (damaged pages, records, indexes)."""
    search_index: list[str] = field(default_factory=list)
    """What FTS5's `integrity-check` said of `articles_fts`."""
    missing: list[str] = field(default_factory=list)
    """Tables, triggers and indexes of a current archive that the file lacks."""
    skipped: list[str] = field(default_factory=list)
    """Checks that could not run, and why."""

    @property
    def sound(self) -> bool:
        return not (self.pages or self.search_index or self.missing)


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that commits nothing (FTS5's check is an INSERT, rolled back)."""
    if not path.is_file():
        raise ArchiveError(f"there is no database at {path}: choose another --db")
    if on_readonly_storage(path):  # where SQLite cannot make the files a WAL reader needs
        return read_only(path, busy_timeout=30)
    uri = path.resolve().as_uri()
    try:
        return sqlite3.connect(f"{uri}?mode=rw", uri=True, isolation_level=None, timeout=30)
    except sqlite3.OperationalError:  # a file or directory that cannot be written
        return sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=30)


def _search_index(connection: sqlite3.Connection, findings: Findings) -> None:
    try:
        connection.execute("BEGIN")
        try:
            connection.execute(
                "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
            )
        finally:
            connection.execute("ROLLBACK")
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and "readonly" in str(error):
            findings.skipped.append("the full-text index check needs write access to the file")
        else:
            findings.search_index.append(str(error))


def check(path: Path) -> Findings:
    """Run every check on the archive at `path`; raises ArchiveError when it cannot be read."""
    findings = Findings()
    try:
        connection = _connect(path)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchmany(SHOWN)
            findings.pages = [str(line) for (line,) in rows if line != "ok"]
            findings.missing = objects.missing(Database(connection), objects.ALL)
            if objects.expected(objects.NEEDED) <= set(findings.missing):
                raise ArchiveError(f"{path} holds no newsbot archive: choose another --db")
            if "articles_fts" not in findings.missing:
                _search_index(connection, findings)
        finally:
            connection.close()
    except (sqlite3.Error, UnicodeDecodeError) as error:
        if isinstance(error, UnicodeDecodeError) or shows_damage(str(error)):
            raise ArchiveError(
                f"the archive {path} is too damaged to check ({error}): {RESTORE.format(path)}"
            ) from None
        raise explain(error, path) from None
    return findings
