"""`ArchiveReader`: look-ups, iteration, counts and full-text search over one outlet's articles.

It reads on the archive's own connection, so a writer reads what it saved, committed or not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Literal, NamedTuple

from sqlite_utils import Database

from newsbot.normalize import canonical_url, from_utc_iso, shortlink_post_id
from pipelines.store.errors import QueryError, explain, query_fault
from pipelines.store.handle import ArchiveFile
from pipelines.store.identity import locate
from pipelines.store.queries import article_by_id, rows
from pipelines.store.rows import Row, SearchHit, StoredArticle, stamp


class Duplicate(NamedTuple):
    """An article seen under another identity with the content of an archived one."""

    url: str
    post_id: int | None
    article_id: int
    """The archived original."""
    content_hash: str
    first_seen_at: str
    last_seen_at: str
    times_seen: int


class ArchiveReader:
    """Reads the archive for its outlet (`file.site`)."""

    file: ArchiveFile

    @property
    def _db(self) -> Database:
        return self.file.database()

    def _one(self, sql: str, parameters: Any) -> Any:
        """The first column of the first row `sql` gives."""
        return self._db.execute(sql, parameters).fetchone()[0]

    def find(self, *, post_id: int | None = None, url: str | None = None) -> StoredArticle | None:
        """The article with this post id or URL (in any variant form)."""
        if post_id is None and url is None:
            raise ValueError("find needs a post_id or a url")
        profile = self.file.profile
        urls = [] if url is None else [canonical_url(url, profile)]
        if post_id is None and urls:
            post_id = shortlink_post_id(urls[0], profile)
        return _stored(locate(self._db, self.file.site, post_id, urls))

    def get(self, article_id: int) -> StoredArticle | None:
        """The article with this archive key, or None."""
        return _stored(article_by_id(self._db, self.file.site, article_id))

    def freshness_of(self, urls: Iterable[str]) -> dict[str, datetime]:
        """Those of `urls` the archive holds live (variants and `?p=N` shortlinks included) →
        their article's modified_at, else published_at. One marked deleted is not held: a site
        that lists it again has it back."""
        wanted = [*set(urls)]
        profile = self.file.profile
        shortlinks = {number: url for url in wanted if (number := shortlink_post_id(url, profile))}
        live = "deleted_at IS NULL AND site = ?"
        by_post_id = f"SELECT post_id, {_FRESHNESS} FROM articles WHERE {live} AND post_id"
        by_url = (
            f"SELECT article_urls.url, {_FRESHNESS} FROM article_urls JOIN articles "
            f"USING (article_id) WHERE {live} AND article_urls.url"
        )
        texts = {shortlinks[post_id]: text for post_id, text in self._in(by_post_id, [*shortlinks])}
        texts.update(self._in(by_url, wanted))
        return {url: from_utc_iso(text) for url, text in texts.items()}

    def _in(self, sql: str, values: list[Any]) -> Iterator[tuple[Any, str]]:
        """The rows of `sql` (ending in a column name) `IN` each chunk of `values`."""
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            yield from self._db.execute(f"{sql} IN ({marks})", [self.file.site, *chunk])

    def _latest(self, column: str) -> datetime | None:
        """The greatest time in `column` of the outlet's articles, None for none."""
        latest = self._one(f"SELECT max({column}) FROM articles WHERE site = ?", [self.file.site])
        return None if latest is None else from_utc_iso(latest)

    def count(self) -> int:
        """How many articles the archive holds."""
        return int(self._one("SELECT count(*) FROM articles WHERE site = ?", [self.file.site]))

    def field_counts(self) -> dict[str, int]:
        """How many of the newest HISTORY articles there are, and how many of them have
        categories, tags, a photo credit, an author.

        The archive's own history, against which a crawl's field coverage is judged, read at the
        same cost whatever the archive's size.
        """
        sums = ", ".join(f"coalesce(sum({test}), 0)" for test in OPTIONAL_FIELDS.values())
        # `+site` keeps the site's index out: the newest rows are read in key order, then counted.
        columns = ", ".join(OPTIONAL_FIELDS)
        newest = f"SELECT {columns} FROM articles WHERE +site = ? ORDER BY article_id DESC LIMIT ?"
        query = f"SELECT count(*), {sums} FROM ({newest})"
        found = self._db.execute(query, [self.file.site, HISTORY]).fetchone()
        return dict(zip(("articles", *OPTIONAL_FIELDS), map(int, found), strict=True))

    def iter_articles(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        category: str | None = None,
        tag: str | None = None,
        live_only: bool = False,
    ) -> Iterator[StoredArticle]:
        """Articles published in [since, until), in publication order, streamed.

        `category` and `tag` match a name or a slug; `live_only` leaves out the articles marked
        deleted.
        """
        where, parameters = self._filters(since, until, category, tag, live_only)
        query = f"SELECT * FROM articles WHERE {where} ORDER BY published_at, article_id"
        return (
            StoredArticle.from_row(row) for row in rows(self._db.conn.execute(query, parameters))
        )

    def count_matching(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        category: str | None = None,
        tag: str | None = None,
        live_only: bool = False,
    ) -> int:
        """How many articles `iter_articles` with the same filters yields."""
        where, parameters = self._filters(since, until, category, tag, live_only)
        return int(self._one(f"SELECT count(*) FROM articles WHERE {where}", parameters))

    def versions(self, article_id: int) -> list[StoredArticle]:
        """The previous versions of an article, oldest first."""
        cursor = self._db.execute(
            "SELECT article_versions.* FROM article_versions JOIN articles USING (article_id) "
            "WHERE article_id = ? AND site = ? ORDER BY article_versions.version",
            [article_id, self.file.site],
        )
        return [StoredArticle.from_row(row) for row in rows(cursor)]

    def duplicates(self) -> list[Duplicate]:
        """Copies of archived articles seen under other identities, first seen first."""
        cursor = self._db.execute(
            "SELECT article_duplicates.* FROM article_duplicates JOIN articles USING (article_id) "
            "WHERE site = ? ORDER BY article_duplicates.first_seen_at, article_duplicates.url",
            [self.file.site],
        )
        return [Duplicate(**row) for row in rows(cursor)]

    def newest_published(self) -> datetime | None:
        """The latest published_at of any article, None for an empty archive."""
        return self._latest("published_at")

    def publication_minutes(self) -> Iterator[tuple[str, int]]:
        """(UTC minute `YYYY-MM-DDTHH:MM`, articles published in it), earliest first, streamed."""
        yield from self._db.conn.execute(
            "SELECT substr(published_at, 1, 16) AS minute, count(*) FROM articles "
            "WHERE site = ? GROUP BY minute ORDER BY minute",
            [self.file.site],
        )

    def term_counts(
        self, kind: Literal["categories", "tags"], limit: int | None = None
    ) -> list[tuple[str, int]]:
        """(category or tag name, articles that have it), most used first, then by name."""
        cursor = self._db.execute(
            "SELECT value, count(DISTINCT article_id) AS uses "
            f"FROM articles, json_each(articles.{kind}) WHERE site = ? "
            "GROUP BY value ORDER BY uses DESC, value LIMIT ?",
            [self.file.site, -1 if limit is None else limit],
        )
        return [(str(name), int(uses)) for name, uses in cursor]

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        since: datetime | None = None,
        until: datetime | None = None,
        marks: tuple[str, str] = ("[", "]"),
        category: str | None = None,
        tag: str | None = None,
        live_only: bool = False,
    ) -> list[SearchHit]:
        """Full-text search (FTS5 syntax) over titles and bodies, best match first, optionally
        in one category or tag; each match in a snippet is wrapped in `marks`. Articles marked
        deleted are found too, unless `live_only`. A query FTS5 cannot parse raises
        QueryError."""
        where, parameters = self._filters(since, until, category, tag, live_only)
        try:
            cursor = self._db.conn.execute(
                "SELECT articles.*, bm25(articles_fts) AS score, "
                "snippet(articles_fts, -1, :open, :close, '…', 16) AS snippet "
                "FROM articles_fts JOIN articles ON articles.article_id = articles_fts.rowid "
                f"WHERE articles_fts MATCH :query AND {where} ORDER BY score LIMIT :limit",
                {**parameters, "query": query, "limit": limit, "open": marks[0], "close": marks[1]},
            )
            found = list(rows(cursor))
        except sqlite3.OperationalError as error:
            if not query_fault(str(error)):
                raise explain(error, self.file.path) from None
            raise QueryError(query, str(error)) from None
        return [
            SearchHit(stored=StoredArticle.from_row(row), rank=row["score"], snippet=row["snippet"])
            for row in found
        ]

    def _filters(
        self,
        since: datetime | None,
        until: datetime | None,
        category: str | None,
        tag: str | None,
        live_only: bool,
    ) -> tuple[str, dict[str, Any]]:
        """The WHERE conditions (joined by AND) and their parameters: the site's articles
        published in [since, until) with that category and tag (and, `live_only`, not marked
        deleted)."""
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
        parameters = {
            "site": self.file.site,
            "since": stamp(since),
            "until": stamp(until),
            "category": category,
            "tag": tag,
        }
        return " AND ".join(conditions), parameters


_FRESHNESS = "coalesce(modified_at, published_at)"

CHUNK = 500
"""Values one `IN (…)` look-up binds."""

OPTIONAL_FIELDS = {
    "categories": "categories != '[]'",
    "tags": "tags != '[]'",
    "photo_credit": "photo_credit != ''",
    "author": "author != ''",
}
"""Fields an article may lack, and the SQL that says it has one."""

HISTORY = 2_000
"""The newest articles a crawl's field coverage is judged against: the archive's recent history."""


def _term_condition(list_column: str, slug_column: str, parameter: str) -> str:
    return (
        f"(EXISTS (SELECT 1 FROM json_each(articles.{list_column}) WHERE value = :{parameter})"
        f" OR EXISTS (SELECT 1 FROM json_each(articles.{slug_column}) WHERE value = :{parameter}))"
    )


def _stored(row: Row | None) -> StoredArticle | None:
    return None if row is None else StoredArticle.from_row(row)
