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


def article_by_id(db: Database, site: str, article_id: int) -> Row | None:
    return first(
        db.execute("SELECT * FROM articles WHERE article_id = ? AND site = ?", [article_id, site])
    )


def article_by_post_id(db: Database, site: str, post_id: int) -> Row | None:
    """The site's article with this post id."""
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


def content_holder(db: Database, site: str, digest: str) -> int | None:
    """The key of the site's oldest article whose current content has this hash."""
    found = db.execute(
        "SELECT article_id FROM articles WHERE site = ? AND content_hash = ? "
        "ORDER BY article_id LIMIT 1",
        [site, digest],
    ).fetchone()
    return None if found is None else int(found[0])


def url_freshness(db: Database, site: str, urls: list[str]) -> Iterator[tuple[str, int, str]]:
    """(url, article_id, modified_at or published_at) for those of `urls` the site's articles
    have."""
    for start in range(0, len(urls), CHUNK):
        chunk = urls[start : start + CHUNK]
        yield from db.execute(
            f"SELECT article_urls.url, article_id, {_FRESHNESS} "
            "FROM article_urls JOIN articles USING (article_id) "
            f"WHERE site = ? AND article_urls.url IN ({', '.join('?' * len(chunk))})",
            [site, *chunk],
        )


def post_id_freshness(
    db: Database, site: str, post_ids: list[int]
) -> Iterator[tuple[int, int, str]]:
    """(post_id, article_id, modified_at or published_at) for those of `post_ids` the site's
    articles have."""
    for start in range(0, len(post_ids), CHUNK):
        chunk = post_ids[start : start + CHUNK]
        yield from db.execute(
            f"SELECT post_id, article_id, {_FRESHNESS} FROM articles "
            f"WHERE site = ? AND post_id IN ({', '.join('?' * len(chunk))})",
            [site, *chunk],
        )


CHUNK = 500
"""Values one `IN (…)` look-up binds."""


def latest_modified(db: Database, site: str) -> str | None:
    found = db.execute(f"SELECT max({_FRESHNESS}) FROM articles WHERE site = ?", [site]).fetchone()
    return None if found is None else found[0]


def count(db: Database, site: str) -> int:
    return int(db.execute("SELECT count(*) FROM articles WHERE site = ?", [site]).fetchone()[0])


OPTIONAL_FIELDS = {
    "categories": "categories != '[]'",
    "tags": "tags != '[]'",
    "photo_credit": "photo_credit != ''",
    "author": "author != ''",
}
"""Fields an article may lack, and the SQL that says it has one."""


HISTORY = 2_000
"""The newest articles a crawl's field coverage is judged against: the archive's recent history,
read at the same cost whatever the archive's size."""


def field_counts(db: Database, site: str) -> dict[str, int]:
    """How many of the site's newest HISTORY articles there are, and how many of them carry
    each optional field."""
    sums = ", ".join(f"coalesce(sum({test}), 0)" for test in OPTIONAL_FIELDS.values())
    # `+site` keeps the site's index out: the newest rows are read in key order, then counted.
    columns = ", ".join(OPTIONAL_FIELDS)
    newest = f"SELECT {columns} FROM articles WHERE +site = ? ORDER BY article_id DESC LIMIT ?"
    found = db.execute(f"SELECT count(*), {sums} FROM ({newest})", [site, HISTORY]).fetchone()
    return dict(zip(("articles", *OPTIONAL_FIELDS), map(int, found), strict=True))


def _term_condition(list_column: str, slug_column: str, parameter: str) -> str:
    return (
        f"(EXISTS (SELECT 1 FROM json_each(articles.{list_column}) WHERE value = :{parameter})"
        f" OR EXISTS (SELECT 1 FROM json_each(articles.{slug_column}) WHERE value = :{parameter}))"
    )


def _filters(
    site: str,
    since: str | None,
    until: str | None,
    category: str | None = None,
    tag: str | None = None,
    live_only: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The WHERE conditions (joined by AND) and their parameters: the site's articles published
    in [since, until) with that category and tag (and, `live_only`, not marked deleted)."""
    conditions = ["articles.site = :site"]
    if live_only:
        conditions.append("articles.deleted_at IS NULL")
    if since is not None:
        conditions.append("articles.published_at >= :since")
    if until is not None:
        conditions.append("articles.published_at < :until")
    if category is not None:
        conditions.append(_term_condition("categories", "category_slugs", "category"))
    if tag is not None:
        conditions.append(_term_condition("tags", "tag_slugs", "tag"))
    parameters = {"site": site, "since": since, "until": until, "category": category, "tag": tag}
    return " AND ".join(conditions), parameters


def iter_articles(
    db: Database,
    site: str,
    since: str | None,
    until: str | None,
    category: str | None,
    tag: str | None,
    live_only: bool = False,
) -> Iterator[Row]:
    """Articles in publication order, streamed from one cursor."""
    where, parameters = _filters(site, since, until, category, tag, live_only)
    cursor = db.conn.execute(
        f"SELECT * FROM articles WHERE {where} ORDER BY published_at, article_id", parameters
    )
    yield from rows(cursor)


def search(
    db: Database,
    site: str,
    query: str,
    limit: int,
    since: str | None,
    until: str | None,
    marks: tuple[str, str] = ("[", "]"),
    category: str | None = None,
    tag: str | None = None,
    live_only: bool = False,
) -> list[Row]:
    """Full-text matches, best first, each row with its `score` (bm25) and `snippet`, in which
    each match is wrapped in `marks`.

    Raises sqlite3.OperationalError for a query FTS5 cannot parse.
    """
    where, parameters = _filters(site, since, until, category, tag, live_only)
    cursor = db.conn.execute(
        "SELECT articles.*, bm25(articles_fts) AS score, "
        "snippet(articles_fts, -1, :open, :close, '…', 16) AS snippet "
        "FROM articles_fts JOIN articles ON articles.article_id = articles_fts.rowid "
        f"WHERE articles_fts MATCH :query AND {where} ORDER BY score LIMIT :limit",
        {**parameters, "query": query, "limit": limit, "open": marks[0], "close": marks[1]},
    )
    return list(rows(cursor))


def versions(db: Database, site: str, article_id: int) -> list[Row]:
    cursor = db.execute(
        "SELECT article_versions.* FROM article_versions JOIN articles USING (article_id) "
        "WHERE article_id = ? AND site = ? ORDER BY article_versions.version",
        [article_id, site],
    )
    return list(rows(cursor))


def duplicates(db: Database, site: str) -> list[Row]:
    cursor = db.execute(
        "SELECT article_duplicates.* FROM article_duplicates JOIN articles USING (article_id) "
        "WHERE site = ? ORDER BY article_duplicates.first_seen_at, article_duplicates.url",
        [site],
    )
    return list(rows(cursor))


def state(db: Database, key: str) -> str | None:
    found = db.execute("SELECT value FROM crawl_state WHERE key = ?", [key]).fetchone()
    return None if found is None else str(found[0])


def runs(db: Database, limit: int) -> list[Row]:
    return list(rows(db.execute("SELECT * FROM runs ORDER BY run_id DESC LIMIT ?", [limit])))


def count_matching(
    db: Database,
    site: str,
    since: str | None,
    until: str | None,
    category: str | None,
    tag: str | None,
    live_only: bool = False,
) -> int:
    where, parameters = _filters(site, since, until, category, tag, live_only)
    return int(db.execute(f"SELECT count(*) FROM articles WHERE {where}", parameters).fetchone()[0])


def newest_published(db: Database, site: str) -> str | None:
    found = db.execute("SELECT max(published_at) FROM articles WHERE site = ?", [site]).fetchone()
    return None if found is None else found[0]


def publication_minutes(db: Database, site: str) -> Iterator[tuple[str, int]]:
    """(UTC minute `YYYY-MM-DDTHH:MM`, articles published in it), earliest first."""
    yield from db.conn.execute(
        "SELECT substr(published_at, 1, 16) AS minute, count(*) FROM articles WHERE site = ? "
        "GROUP BY minute ORDER BY minute",
        [site],
    )


def term_counts(db: Database, site: str, list_column: str, limit: int) -> list[tuple[str, int]]:
    """(name, articles) of the terms in a list column, most used first (limit -1: all)."""
    cursor = db.execute(
        f"SELECT value, count(DISTINCT article_id) AS uses "
        f"FROM articles, json_each(articles.{list_column}) WHERE site = ? "
        "GROUP BY value ORDER BY uses DESC, value LIMIT ?",
        [site, limit],
    )
    return [(str(name), int(uses)) for name, uses in cursor]
