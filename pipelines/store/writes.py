"""The SQL that writes a pending batch: explicit columns, so nothing omitted is ever overwritten."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from pipelines.store import retries
from pipelines.store.batch import Batch, PendingDuplicate
from pipelines.store.rows import ARTICLE_COLUMNS, ROW_COLUMNS, VERSION_COLUMNS, Row

_VERSION_ROW_COLUMNS = ("article_id", *ARTICLE_COLUMNS, *VERSION_COLUMNS, "replaced_at")


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


_INSERT_ARTICLE = _insert_sql("articles", ROW_COLUMNS)
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


def _update_article(db: Database, article_id: int, row: Row, changed: set[str]) -> None:
    columns = [name for name in ROW_COLUMNS if name in changed]
    assignments = ", ".join(f"{name} = ?" for name in columns)
    db.execute(
        f"UPDATE articles SET {assignments} WHERE article_id = ?",
        [*(row[name] for name in columns), article_id],
    )


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


def write_batch(db: Database, batch: Batch) -> None:
    """Write everything pending in `batch`, inside the caller's transaction."""
    inserted: dict[int, int] = {}
    for pending in batch.articles.values():
        if pending.is_new:
            cursor = db.execute(_INSERT_ARTICLE, [pending.row[name] for name in ROW_COLUMNS])
            assert cursor.lastrowid is not None
            inserted[pending.key] = cursor.lastrowid
        elif pending.changed:
            _update_article(db, pending.key, pending.row, pending.changed)
    version_rows: list[list[object]] = []
    url_rows: list[list[object]] = []
    for pending in batch.articles.values():
        article_id = inserted.get(pending.key, pending.key)
        for version in pending.versions:
            version_rows.append([article_id, *(version[name] for name in _VERSION_ROW_COLUMNS[1:])])
        url_rows.extend([url, article_id, seen_at] for url, seen_at in pending.urls.items())
    db.conn.executemany(_INSERT_VERSION, version_rows)
    db.conn.executemany(_RECORD_URL, url_rows)
    db.conn.executemany(
        _RECORD_DUPLICATE,
        [
            _duplicate_values(duplicate, inserted.get(duplicate.original, duplicate.original))
            for duplicate in batch.duplicates.values()
        ],
    )
    for key, (value, updated_at) in batch.state.items():
        if value is None:
            db.execute("DELETE FROM crawl_state WHERE key = ?", [key])
        else:
            db.execute(_SET_STATE, [key, value, updated_at])
    retries.write(db, batch.failures)
