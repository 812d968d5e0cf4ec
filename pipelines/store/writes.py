"""The SQL that writes a pending batch: explicit columns, so nothing omitted is ever overwritten."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from sqlite_utils import Database

from pipelines.store import deletions, queries, retries
from pipelines.store.batch import Batch, PendingArticle, PendingDuplicate
from pipelines.store.rows import ARTICLE_COLUMNS, ROW_COLUMNS, VERSION_COLUMNS

_VERSION_ROW_COLUMNS = ("article_id", *ARTICLE_COLUMNS, *VERSION_COLUMNS, "replaced_at")


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


_INSERT_ARTICLE = _insert_sql("articles", ("article_id", *ROW_COLUMNS))
_row_values = itemgetter(*ROW_COLUMNS)
_INDEX_TEXT = "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)"
"""The full-text index of a new row (updates and deletes are indexed by triggers)."""
_INSERT_VERSION = _insert_sql("article_versions", _VERSION_ROW_COLUMNS)
_RECORD_URL = (
    "INSERT INTO article_urls (url, article_id, first_seen_at) VALUES (?, ?, ?) "
    "ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id "
    "WHERE article_id <> excluded.article_id"
)
_RECORD_DUPLICATE = (
    "INSERT INTO article_duplicates "
    "(url, post_id, article_id, content_hash, first_seen_at, last_seen_at, times_seen) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (url) DO UPDATE SET last_seen_at = excluded.last_seen_at, "
    "times_seen = times_seen + excluded.times_seen, "
    "post_id = coalesce(article_duplicates.post_id, excluded.post_id)"
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
    keys = batch.keys_of_new_rows(queries.max_article_id(db) + 1)
    new = [pending for pending in batch.articles.values() if pending.is_new]
    db.conn.executemany(
        _INSERT_ARTICLE, [(keys[pending.key], *_row_values(pending.row)) for pending in new]
    )
    db.conn.executemany(
        _INDEX_TEXT,
        [[keys[pending.key], pending.row["title"], pending.row["body"]] for pending in new],
    )
    stored = [pending for pending in batch.articles.values() if not pending.is_new]
    _update_articles(db, [pending for pending in stored if pending.changed])
    version_rows: list[list[object]] = []
    url_rows: list[list[object]] = []
    for pending in batch.articles.values():
        article_id = keys.get(pending.key, pending.key)
        for version in pending.versions:
            version_rows.append([article_id, *(version[name] for name in _VERSION_ROW_COLUMNS[1:])])
        url_rows.extend([url, article_id, seen_at] for url, seen_at in pending.urls.items())
    db.conn.executemany(_INSERT_VERSION, version_rows)
    db.conn.executemany(_RECORD_URL, url_rows)
    db.conn.executemany(
        _RECORD_DUPLICATE,
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
