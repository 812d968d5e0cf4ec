"""The SQL that writes a pending batch: explicit columns, so nothing omitted is ever overwritten.

Rows go in as multi-row statements of up to a few hundred rows, and the full-text index is
filled from the rows just inserted in one statement: each statement is one call outside
Python's lock, where `executemany` is one call per row (and a writer in the background, waiting
for the lock after each of them, would hardly advance while the next batch is decided).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter

from sqlite_utils import Database

from pipelines.store import deletions, queries, retries
from pipelines.store.batch import Batch, PendingArticle, PendingDuplicate
from pipelines.store.rows import ARTICLE_COLUMNS, ROW_COLUMNS, VERSION_COLUMNS

_VERSION_ROW_COLUMNS = ("article_id", *ARTICLE_COLUMNS, *VERSION_COLUMNS, "replaced_at")

_LARGEST_STATEMENT = 512
"""The most rows one statement inserts (fewer when the variable limit is lower)."""


class _Insert:
    """An INSERT of rows of `columns` into `table`, with an optional `ON CONFLICT` clause."""

    def __init__(self, table: str, columns: Sequence[str], conflict: str = "") -> None:
        self.head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        self.width = len(columns)
        self.conflict = conflict
        self._statements: dict[int, str] = {}
        """The statement for each number of rows used so far."""

    def run(self, db: Database, rows: Sequence[Sequence[object]]) -> None:
        """Insert `rows` (each `width` values) in statements of powers of two rows, largest
        first: few statements, and few distinct ones for SQLite to keep prepared."""
        variables = db.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        largest = min(_LARGEST_STATEMENT, max(1, variables // self.width))
        largest = 1 << (largest.bit_length() - 1)
        first = 0
        while first < len(rows):
            size = min(largest, 1 << ((len(rows) - first).bit_length() - 1))
            chunk = rows[first : first + size]
            db.conn.execute(self._sql(size), list(chain.from_iterable(chunk)))
            first += size

    def _sql(self, count: int) -> str:
        if count not in self._statements:
            row = f"({','.join('?' * self.width)})"
            self._statements[count] = f"{self.head}{','.join([row] * count)}{self.conflict}"
        return self._statements[count]


_INSERT_ARTICLES = _Insert("articles", ("article_id", *ROW_COLUMNS))
_row_values = itemgetter(*ROW_COLUMNS)
_INDEX_NEW_ROWS = (
    "INSERT INTO articles_fts (rowid, title, body) "
    "SELECT article_id, title, body FROM articles WHERE article_id >= ?"
)
"""The full-text index of the rows a batch inserts, whose keys are the highest (updates and
deletes are indexed by triggers)."""
_INSERT_VERSIONS = _Insert("article_versions", _VERSION_ROW_COLUMNS)
_RECORD_URLS = _Insert(
    "article_urls",
    ("url", "article_id", "first_seen_at"),
    " ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id "
    "WHERE article_id <> excluded.article_id",
)
_RECORD_DUPLICATES = _Insert(
    "article_duplicates",
    ("url", "post_id", "article_id", "content_hash", "first_seen_at", "last_seen_at", "times_seen"),
    " ON CONFLICT (url) DO UPDATE SET last_seen_at = excluded.last_seen_at, "
    "times_seen = times_seen + excluded.times_seen, "
    "post_id = coalesce(article_duplicates.post_id, excluded.post_id)",
)
_SET_STATE = (
    "INSERT INTO crawl_state (key, value, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
)


def _update_articles(db: Database, updated: list[PendingArticle]) -> None:
    """Write the changed columns of stored rows, one statement for rows that changed alike."""
    alike: dict[tuple[str, ...], list[list[object]]] = {}
    for pending in updated:
        columns = tuple(name for name in ROW_COLUMNS if name in pending.changed)
        values = [*(pending.row[name] for name in columns), pending.key]
        alike.setdefault(columns, []).append(values)
    for columns, values in alike.items():
        assignments = ", ".join(f"{name} = ?" for name in columns)
        db.conn.executemany(f"UPDATE articles SET {assignments} WHERE article_id = ?", values)


def _duplicate_values(duplicate: PendingDuplicate, article_id: int) -> list[object]:
    return [
        duplicate.url,
        duplicate.post_id,
        article_id,
        duplicate.content_hash,
        duplicate.first_seen_at,
        duplicate.last_seen_at,
        duplicate.times_seen,
    ]


def write_batch(db: Database, batch: Batch) -> dict[int, int]:
    """Write everything pending in `batch`, inside the caller's transaction (which holds the
    write lock, so the keys it gives new rows are free); return provisional key → real key."""
    first_key = queries.max_article_id(db) + 1
    keys = batch.keys_of_new_rows(first_key)
    new = [pending for pending in batch.articles.values() if pending.is_new]
    _INSERT_ARTICLES.run(db, [(keys[pending.key], *_row_values(pending.row)) for pending in new])
    if new:
        db.conn.execute(_INDEX_NEW_ROWS, [first_key])
    stored = [pending for pending in batch.articles.values() if not pending.is_new]
    _update_articles(db, [pending for pending in stored if pending.changed])
    version_rows: list[list[object]] = []
    url_rows: list[list[object]] = []
    for pending in batch.articles.values():
        article_id = keys.get(pending.key, pending.key)
        for version in pending.versions:
            version_rows.append([article_id, *(version[name] for name in _VERSION_ROW_COLUMNS[1:])])
        url_rows.extend([url, article_id, seen_at] for url, seen_at in pending.urls.items())
    _INSERT_VERSIONS.run(db, version_rows)
    _RECORD_URLS.run(db, url_rows)
    _RECORD_DUPLICATES.run(
        db,
        [
            _duplicate_values(duplicate, keys.get(duplicate.original, duplicate.original))
            for duplicate in batch.duplicates.values()
        ],
    )
    for key, (value, updated_at) in batch.state.items():
        if value is None:
            db.execute("DELETE FROM crawl_state WHERE key = ?", [key])
        else:
            db.execute(_SET_STATE, [key, value, updated_at])
    retries.write(db, batch.failures)
    if batch.revived:
        deletions.revive(db, batch.revived)
    return keys
