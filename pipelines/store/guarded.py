"""A connection whose damage errors name the archive: a damaged page, a missing table or index,
text that is not UTF-8 raise `DamagedArchive`, an `ArchiveError` that is also SQLite's error."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from pipelines.store.errors import ArchiveError, explain, shows_damage

T = TypeVar("T")


class DamagedArchive(ArchiveError, sqlite3.DatabaseError):
    """The archive's file is damaged; handlers of either kind of error see it."""


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """`method` of a cursor, its damage errors raised as `DamagedArchive` naming the file."""

    @wraps(method)
    def guarded(cursor: sqlite3.Cursor, *args: Any) -> T:
        try:
            return method(cursor, *args)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            # Text that is not UTF-8 is SQLite's text of a damaged page or schema.
            if isinstance(error, UnicodeDecodeError) or (
                not isinstance(error, ArchiveError) and shows_damage(str(error))
            ):
                connection = cursor.connection
                path = connection.path if isinstance(connection, GuardedConnection) else Path()
                raise DamagedArchive(str(explain(error, path))) from error
            raise

    return guarded


class GuardedCursor(sqlite3.Cursor):
    """A cursor whose statements and rows report damage as `DamagedArchive`."""

    execute = _guarded(sqlite3.Cursor.execute)
    executemany = _guarded(sqlite3.Cursor.executemany)
    executescript = _guarded(sqlite3.Cursor.executescript)
    __next__ = _guarded(sqlite3.Cursor.__next__)
    fetchone = _guarded(sqlite3.Cursor.fetchone)
    fetchmany = _guarded(sqlite3.Cursor.fetchmany)
    fetchall = _guarded(sqlite3.Cursor.fetchall)


class GuardedConnection(sqlite3.Connection):
    """A connection (`sqlite3.connect(…, factory=GuardedConnection)`) whose cursors are
    `GuardedCursor`s; `path` names the archive in its errors."""

    path = Path()

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return self._cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        return self._cursor().executemany(sql, parameters)

    def executescript(self, script: str, /) -> sqlite3.Cursor:
        return self._cursor().executescript(script)

    def _cursor(self) -> sqlite3.Cursor:
        return self.cursor(GuardedCursor)
