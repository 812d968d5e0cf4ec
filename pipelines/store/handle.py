"""`ArchiveFile`: the open database of an archive, what names it, and its write transaction."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NoReturn

from sqlite_utils import Database

from newsbot.sites import SiteProfile
from pipelines.store.connection import open_database
from pipelines.store.errors import ArchiveError, explain


class ArchiveFile:
    """One connection to the archive's SQLite file, for one outlet (its rows' `site`).

    Changes go into one open `BEGIN IMMEDIATE` transaction, committed once `batch_size` changes
    are in it or its first is `flush_seconds` old, and on `commit`: crawl state and failure
    records commit with the articles before them, never ahead of them.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        profile: SiteProfile,
        *,
        readonly: bool,
        busy_timeout: float,
        batch_size: int,
        flush_seconds: float,
    ) -> None:
        """Open (creating parent directories and the file unless readonly), WAL, migrate.

        Raises ArchiveError.
        """
        self.path = Path(path)
        self.profile = profile
        self.site = profile.key
        self.readonly = readonly
        self.batch_size = max(1, batch_size)
        self.flush_seconds = flush_seconds
        self._db: Database | None = open_database(
            self.path, readonly=readonly, busy_timeout=busy_timeout
        )
        self._changes = 0
        self._begun = 0.0

    def database(self) -> Database:
        """The connection; raises ArchiveError once closed."""
        if self._db is None:
            raise ArchiveError(f"the archive {self.path} is closed")
        return self._db

    @contextmanager
    def change(self, *, now: bool = False) -> Iterator[Database]:
        """One change of the archive, all of it or none of it, in the open transaction (begun
        if none is); committed at once when `now`, else when the batch is due.

        Any SQLite error rolls the whole open transaction back and comes out as ArchiveError;
        so does a change of an archive opened read-only or closed.
        """
        if self.readonly:
            raise ArchiveError(f"the archive {self.path} was opened read-only")
        db = self.database()
        try:
            if not db.conn.in_transaction:
                db.execute("BEGIN IMMEDIATE")
                self._changes, self._begun = 0, time.monotonic()
            db.execute("SAVEPOINT change")
            try:
                yield db
            except sqlite3.Error:
                raise
            except BaseException:
                db.execute("ROLLBACK TO change")
                db.execute("RELEASE change")
                raise
            db.execute("RELEASE change")
        except sqlite3.Error as error:
            self._fail(db, error)
        self._changes += 1
        due = self._changes >= self.batch_size
        if now or due or time.monotonic() - self._begun >= self.flush_seconds:
            self.commit()

    def commit(self) -> None:
        """Commit the open transaction, if any. Raises ArchiveError (and rolls it back)."""
        db = self._db
        if db is None or not db.conn.in_transaction:
            return
        try:
            db.execute("COMMIT")
        except sqlite3.Error as error:
            self._fail(db, error)

    def _fail(self, db: Database, error: sqlite3.Error) -> NoReturn:
        """Roll the open transaction back and raise `error` as ArchiveError."""
        with suppress(sqlite3.Error):
            db.rollback()
        if isinstance(error, ArchiveError):  # damage, already named
            raise error
        raise explain(error, self.path) from error

    def close(self) -> None:
        """Commit what is open, then close; closing twice does nothing."""
        if self._db is None:
            return
        try:
            self.commit()
        finally:
            self._db.close()
            self._db = None
