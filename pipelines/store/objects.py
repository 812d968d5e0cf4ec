"""The tables, triggers and indexes of a current archive, and which of them a database lacks."""

from __future__ import annotations

from functools import cache

from sqlite_utils import Database

from pipelines.store import schema

NEEDED = ("table", "trigger")
"""What an archive cannot work without; its queries never depend on an index."""
ALL = (*NEEDED, "index")


def _present(db: Database, kinds: tuple[str, ...]) -> set[str]:
    marks = ", ".join("?" for _ in kinds)
    rows = db.execute(
        f"SELECT name FROM sqlite_master WHERE type IN ({marks}) AND sql IS NOT NULL", kinds
    )
    return {name for (name,) in rows}


@cache
def _current() -> Database:
    """An empty archive in memory with every migration applied."""
    db = Database(memory=True)
    schema.MIGRATIONS.apply(db)
    return db


@cache
def migrations() -> frozenset[str]:
    """Every migration this code knows; a database that has applied others is newer than us."""
    return frozenset(schema.applied(_current()))


@cache
def expected(kinds: tuple[str, ...]) -> frozenset[str]:
    """The names of the objects of `kinds` every migration together makes."""
    return frozenset(_present(_current(), kinds))


def index_definitions(names: list[str]) -> list[str]:
    """The `CREATE INDEX` statements of the archive's indexes among `names`."""
    rows = _current().execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    )
    return [" ".join(sql.split()) for name, sql in rows if name in names]


def missing(db: Database, kinds: tuple[str, ...] = NEEDED) -> list[str]:
    """The objects of `kinds` a current archive has and `db` lacks, by name."""
    return sorted(expected(kinds) - _present(db, kinds))
