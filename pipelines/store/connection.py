"""Opening the database file: permissions, WAL, busy timeout, schema checks and migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from pipelines.store import objects, schema
from pipelines.store.errors import ArchiveError, damaged, explain
from pipelines.store.guarded import GuardedConnection


def _writable(path: Path) -> bool:
    """Whether `path` may be written: permitted, and not marked read-only by its mode bits.

    The mode bits are checked as well because a superuser passes every access check.
    """
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


def on_readonly_storage(path: Path) -> bool:
    """Whether the database's directory cannot be written (a read-only mount or directory), so
    SQLite cannot make the `-shm` file a WAL reader needs."""
    directory = path.resolve().parent
    return bool(os.statvfs(directory).f_flag & os.ST_RDONLY) or not os.access(directory, os.W_OK)


def _guarded(target: str, path: Path, **options: Any) -> sqlite3.Connection:
    """An autocommit connection to `target` whose damage errors name `path`."""
    connection = sqlite3.connect(target, factory=GuardedConnection, isolation_level=None, **options)
    connection.path = path
    return connection


def read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection that never writes: `mode=ro`, or on read-only storage, where that cannot
    open a WAL database, `immutable=1` (nothing can change the file there; a WAL file with
    changes not yet in the database would be ignored, so such a database is refused)."""
    if path.exists() and not path.is_file():
        raise ArchiveError(f"{path} is not a regular file: choose another --db")
    if not path.is_file():
        raise ArchiveError(f"there is no database at {path}: run a crawl or import first")
    if path.stat().st_size == 0:  # what a first run killed before its first write leaves
        raise ArchiveError(
            f"there is no archive in {path} yet (an empty file): run a crawl or import first"
        )
    uri = path.resolve().as_uri()
    connection = _guarded(f"{uri}?mode=ro", path, uri=True, timeout=busy_timeout)
    try:
        connection.execute("PRAGMA schema_version")  # opens the file, and a WAL its -shm
        return connection
    except sqlite3.OperationalError as error:
        connection.close()
        if not on_readonly_storage(path):
            raise explain(error, path) from None
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        raise ArchiveError(
            f"the database {path} is on read-only storage and its last changes are still in "
            f"{wal.name}, which only a writer can apply: copy both files to writable storage"
        )
    return _guarded(f"{uri}?immutable=1", path, uri=True, timeout=busy_timeout)


def _connect(path: Path, *, readonly: bool, busy_timeout: float) -> sqlite3.Connection:
    if not readonly:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = (
                "a file is in the way"
                if isinstance(error, FileExistsError)
                else error.strerror or error
            )
            raise ArchiveError(
                f"cannot create the database {path}: cannot make its directory ({reason})"
            ) from None
        if path.exists() and not _writable(path):
            raise ArchiveError(
                f"the database {path} is read-only: make it writable or choose another --db"
            )
        if path.exists() and not path.is_file():
            raise ArchiveError(f"{path} is not a regular file: choose another --db")
        if not path.exists() and not _writable(path.parent):
            raise ArchiveError(f"cannot create the database {path}: its directory is not writable")
    try:
        if readonly:
            return read_only(path, busy_timeout)
        return _guarded(str(path), path, timeout=busy_timeout)
    except sqlite3.Error as error:
        raise explain(error, path) from None


def _check_schema(db: Database, path: Path, *, readonly: bool) -> bool:
    """Whether migrations are pending; raises ArchiveError for a foreign or a newer database."""
    done = set(schema.applied(db))
    newer = sorted(done - objects.migrations())
    if newer:
        raise ArchiveError(
            f"the database {path} was written by a newer newsbot (schema {', '.join(newer)}): "
            "upgrade newsbot"
        )
    if not done and (db.table_names() or db.view_names()):
        raise ArchiveError(f"{path} is not a newsbot database: choose another --db")
    pending = done != objects.migrations()
    if pending and readonly:
        if not done:
            raise ArchiveError(f"{path} is an empty file, not a newsbot database")
        raise ArchiveError(
            f"the database {path} has an older schema: open it once for writing (e.g. a crawl) "
            "to upgrade it"
        )
    return pending


def open_database(path: Path, *, readonly: bool, busy_timeout: float) -> Database:
    """A ready `Database` on `path`: WAL, busy timeout, schema current. Raises ArchiveError."""
    connection = _connect(path, readonly=readonly, busy_timeout=busy_timeout)
    try:
        db = Database(connection, execute_plugins=False)
        pending = _check_schema(db, path, readonly=readonly)  # before WAL: a foreign file stays
        if not readonly:
            db.enable_wal()
            db.execute("PRAGMA foreign_keys = ON")
        if pending:
            db.execute("BEGIN IMMEDIATE")  # every pending migration, or none
            try:
                schema.MIGRATIONS.apply(db)
                db.execute("COMMIT")
            except BaseException:
                db.rollback()
                raise
        lacking = objects.missing(db)
        if lacking:
            raise damaged(path, f"it lacks {', '.join(lacking)}")
    except ArchiveError:
        connection.close()
        raise
    except (sqlite3.Error, UnicodeDecodeError) as error:  # the latter: a damaged schema's text
        connection.close()
        raise explain(error, path) from None
    return db
