"""The look-ups the writer and the reader share: rows as dicts, and an article by key, post id,
URL or content."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

from pipelines.store.rows import Row


def rows(cursor: sqlite3.Cursor) -> Iterator[Row]:
    """The rows of `cursor` as dicts, one at a time."""
    names = [column[0] for column in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def first(cursor: sqlite3.Cursor) -> Row | None:
    return next(rows(cursor), None)


def article_by_id(db: Database, site: str, article_id: int) -> Row | None:
    return first(
        db.execute("SELECT * FROM articles WHERE article_id = ? AND site = ?", [article_id, site])
    )


def article_by_post_id(db: Database, site: str, post_id: int) -> Row | None:
    return first(
        db.execute("SELECT * FROM articles WHERE site = ? AND post_id = ?", [site, post_id])
    )


def article_by_url(db: Database, site: str, url: str) -> Row | None:
    """The site's article this canonical URL is recorded for."""
    return first(
        db.execute(
            "SELECT articles.* FROM article_urls JOIN articles USING (article_id) "
            "WHERE article_urls.url = ? AND site = ?",
            [url, site],
        )
    )


def content_holder(db: Database, site: str, digest: str) -> Row | None:
    """The site's oldest article whose current content has this hash."""
    return first(
        db.execute(
            "SELECT * FROM articles WHERE site = ? AND content_hash = ? "
            "ORDER BY article_id LIMIT 1",
            [site, digest],
        )
    )
