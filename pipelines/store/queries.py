"""The SQL that reads the archive (what is in the database; pending writes are the caller's)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from pipelines.store.rows import Row

_FRESHNESS = "coalesce(modified_at, published_at)"


def rows(cursor: sqlite3.Cursor) -> Iterator[Row]:
    """The rows of `cursor` as dicts, one at a time."""
    names = [column[0] for column in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def first(cursor: sqlite3.Cursor) -> Row | None:
    return next(rows(cursor), None)


def article_by_id(db: Database, article_id: int) -> Row | None:
    return first(db.execute("SELECT * FROM articles WHERE article_id = ?", [article_id]))


def article_by_post_id(db: Database, post_id: int) -> Row | None:
    return first(db.execute("SELECT * FROM articles WHERE post_id = ?", [post_id]))


def article_id_by_url(db: Database, url: str) -> int | None:
    found = db.execute("SELECT article_id FROM article_urls WHERE url = ?", [url]).fetchone()
    return None if found is None else int(found[0])


def articles_with_content(db: Database, digest: str) -> list[int]:
    """Keys of the articles whose current content has this hash, oldest first."""
    cursor = db.execute(
        "SELECT article_id FROM articles WHERE content_hash = ? ORDER BY article_id", [digest]
    )
    return [int(article_id) for (article_id,) in cursor]


def url_freshness(db: Database) -> Iterator[tuple[str, int, str]]:
    """(url, article_id, modified_at or published_at) for every recorded URL."""
    yield from db.execute(
        f"SELECT article_urls.url, article_id, {_FRESHNESS} "
        "FROM article_urls JOIN articles USING (article_id)"
    )


def post_id_freshness(db: Database) -> Iterator[tuple[int, int, str]]:
    """(post_id, article_id, modified_at or published_at) for every article with a post id."""
    yield from db.execute(
        f"SELECT post_id, article_id, {_FRESHNESS} FROM articles WHERE post_id IS NOT NULL"
    )


def latest_modified(db: Database) -> str | None:
    found = db.execute(f"SELECT max({_FRESHNESS}) FROM articles").fetchone()
    return None if found is None else found[0]


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


OPTIONAL_FIELDS = {
    "categories": "categories != '[]'",
    "tags": "tags != '[]'",
    "photo_credit": "photo_credit != ''",
    "author": "author != ''",
}
"""Fields an article may lack, and the SQL that says it has one."""


def field_counts(db: Database) -> dict[str, int]:
    """How many articles there are, and how many of them carry each optional field."""
    sums = ", ".join(f"coalesce(sum({test}), 0)" for test in OPTIONAL_FIELDS.values())
    found = db.execute(f"SELECT count(*), {sums} FROM articles").fetchone()
    return dict(zip(("articles", *OPTIONAL_FIELDS), map(int, found), strict=True))


def _term_condition(list_column: str, slug_column: str, parameter: str) -> str:
    return (
        f"(EXISTS (SELECT 1 FROM json_each(articles.{list_column}) WHERE value = :{parameter})"
        f" OR EXISTS (SELECT 1 FROM json_each(articles.{slug_column}) WHERE value = :{parameter}))"
    )


def _filters(
    since: str | None, until: str | None, category: str | None = None, tag: str | None = None
) -> tuple[str, dict[str, Any]]:
    """The WHERE conditions (joined by AND, "1" when none) and their parameters."""
    conditions = ["1"]
    if since is not None:
        conditions.append("articles.published_at >= :since")
    if until is not None:
        conditions.append("articles.published_at < :until")
    if category is not None:
        conditions.append(_term_condition("categories", "category_slugs", "category"))
    if tag is not None:
        conditions.append(_term_condition("tags", "tag_slugs", "tag"))
    parameters = {"since": since, "until": until, "category": category, "tag": tag}
    return " AND ".join(conditions), parameters


def iter_articles(
    db: Database, since: str | None, until: str | None, category: str | None, tag: str | None
) -> Iterator[Row]:
    """Articles in publication order, streamed from one cursor."""
    where, parameters = _filters(since, until, category, tag)
    cursor = db.conn.execute(
        f"SELECT * FROM articles WHERE {where} ORDER BY published_at, article_id", parameters
    )
    yield from rows(cursor)


def search(
    db: Database,
    query: str,
    limit: int,
    since: str | None,
    until: str | None,
    marks: tuple[str, str] = ("[", "]"),
    category: str | None = None,
    tag: str | None = None,
) -> list[Row]:
    """Full-text matches, best first, each row with its `score` (bm25) and `snippet`, in which
    each match is wrapped in `marks`.

    Raises sqlite3.OperationalError for a query FTS5 cannot parse.
    """
    where, parameters = _filters(since, until, category, tag)
    cursor = db.conn.execute(
        "SELECT articles.*, bm25(articles_fts) AS score, "
        "snippet(articles_fts, -1, :open, :close, '…', 16) AS snippet "
        "FROM articles_fts JOIN articles ON articles.article_id = articles_fts.rowid "
        f"WHERE articles_fts MATCH :query AND {where} ORDER BY score LIMIT :limit",
        {**parameters, "query": query, "limit": limit, "open": marks[0], "close": marks[1]},
    )
    return list(rows(cursor))


def versions(db: Database, article_id: int) -> list[Row]:
    cursor = db.execute(
        "SELECT * FROM article_versions WHERE article_id = ? ORDER BY version", [article_id]
    )
    return list(rows(cursor))


def duplicates(db: Database) -> list[Row]:
    cursor = db.execute("SELECT * FROM article_duplicates ORDER BY first_seen_at, url")
    return list(rows(cursor))


def state(db: Database, key: str) -> str | None:
    found = db.execute("SELECT value FROM crawl_state WHERE key = ?", [key]).fetchone()
    return None if found is None else str(found[0])


def runs(db: Database, limit: int) -> list[Row]:
    return list(rows(db.execute("SELECT * FROM runs ORDER BY run_id DESC LIMIT ?", [limit])))


def count_matching(
    db: Database, since: str | None, until: str | None, category: str | None, tag: str | None
) -> int:
    where, parameters = _filters(since, until, category, tag)
    return int(db.execute(f"SELECT count(*) FROM articles WHERE {where}", parameters).fetchone()[0])


def newest_published(db: Database) -> str | None:
    found = db.execute("SELECT max(published_at) FROM articles").fetchone()
    return None if found is None else found[0]


def publication_minutes(db: Database) -> Iterator[tuple[str, int]]:
    """(UTC minute `YYYY-MM-DDTHH:MM`, articles published in it), earliest first."""
    yield from db.conn.execute(
        "SELECT substr(published_at, 1, 16) AS minute, count(*) FROM articles "
        "GROUP BY minute ORDER BY minute"
    )


def term_counts(db: Database, list_column: str, limit: int) -> list[tuple[str, int]]:
    """(name, articles) of the terms in a list column, most used first (limit -1: all)."""
    cursor = db.execute(
        f"SELECT value, count(DISTINCT article_id) AS uses "
        f"FROM articles, json_each(articles.{list_column}) "
        "GROUP BY value ORDER BY uses DESC, value LIMIT ?",
        [limit],
    )
    return [(str(name), int(uses)) for name, uses in cursor]
