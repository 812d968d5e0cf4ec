"""A connection whose damage errors name the archive: a damaged page, a missing table or index,
text that is not UTF-8 raise `DamagedArchive`, an `ArchiveError` that is also SQLite's error."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipelines.store.errors import ArchiveError, damaged, shows_damage


class DamagedArchive(ArchiveError, sqlite3.DatabaseError):
    """The archive's file is damaged; handlers of either kind of error see it."""


@contextmanager
def _reported(path: Path) -> Iterator[None]:
    """Damage seen by SQLite in the block comes out as `DamagedArchive` naming `path`."""
    try:
        yield
    except UnicodeDecodeError as error:  # SQLite's text of a damaged page or schema
        raise DamagedArchive(
            str(damaged(path, f"text that is not UTF-8: {error.reason}"))
        ) from None
    except sqlite3.DatabaseError as error:
        if isinstance(error, ArchiveError) or not shows_damage(str(error)):
            raise
        raise DamagedArchive(str(damaged(path, str(error)))) from None


class GuardedCursor(sqlite3.Cursor):
    """A cursor whose statements and rows report damage as `DamagedArchive`."""

    @property
    def path(self) -> Path:
        connection = self.connection
        assert isinstance(connection, GuardedConnection)
        return connection.path

    def execute(self, sql: str, parameters: Any = (), /) -> GuardedCursor:
        with _reported(self.path):
            super().execute(sql, parameters)
        return self

    def executemany(self, sql: str, parameters: Any, /) -> GuardedCursor:
        with _reported(self.path):
            super().executemany(sql, parameters)
        return self

    def executescript(self, script: str, /) -> GuardedCursor:
        with _reported(self.path):
            super().executescript(script)
        return self

    def __next__(self) -> Any:
        with _reported(self.path):
            return super().__next__()

    def fetchone(self) -> Any:
        with _reported(self.path):
            return super().fetchone()

    def fetchmany(self, size: int | None = None) -> list[Any]:
        with _reported(self.path):
            return super().fetchmany(self.arraysize if size is None else size)

    def fetchall(self) -> list[Any]:
        with _reported(self.path):
            return super().fetchall()


class GuardedConnection(sqlite3.Connection):
    """A connection (`sqlite3.connect(…, factory=GuardedConnection)`) whose cursors are
    `GuardedCursor`s; `path` names the archive in its errors."""

    path = Path()

    def execute(self, sql: str, parameters: Any = (), /) -> GuardedCursor:
        return self.cursor(GuardedCursor).execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> GuardedCursor:
        return self.cursor(GuardedCursor).executemany(sql, parameters)

    def executescript(self, script: str, /) -> GuardedCursor:
        return self.cursor(GuardedCursor).executescript(script)
