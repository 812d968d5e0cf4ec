"""`ArchiveReader`: look-ups, iteration, counts and full-text search over one outlet's articles.

It reads on the archive's own connection, so a writer reads what it saved, committed or not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Literal, NamedTuple

from sqlite_utils import Database

from newsbot.normalize import canonical_url, from_utc_iso, shortlink_post_id
from newsbot.normalize.article import MAX_POST_ID
from pipelines.store import queries
from pipelines.store.errors import QueryError, explain, query_fault
from pipelines.store.handle import ArchiveFile
from pipelines.store.identity import Found, current, locate
from pipelines.store.rows import SearchHit, StoredArticle, stamp


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

    def find(self, *, post_id: int | None = None, url: str | None = None) -> StoredArticle | None:
        """The article with this post id or URL (in any variant form)."""
        if post_id is None and url is None:
            raise ValueError("find needs a post_id or a url")
        profile = self.file.profile
        urls = [] if url is None else [canonical_url(url, profile)]
        if post_id is None and urls:
            post_id = shortlink_post_id(urls[0], profile)
        found = locate(self._db, self.file.site, post_id, urls)
        return (
            None if found is None else StoredArticle.from_row({**found[1], "article_id": found[0]})
        )

    def get(self, article_id: int) -> StoredArticle | None:
        """The article with this archive key, or None."""
        found = current(self._db, self.file.site, article_id)
        return (
            None if found is None else StoredArticle.from_row({**found[1], "article_id": found[0]})
        )

    def freshness_of(self, urls: Iterable[str]) -> dict[str, datetime]:
        """Those of `urls` the archive knows (variants and `?p=N` shortlinks included) → their
        article's modified_at, else published_at."""
        wanted = set(urls)
        db, site, profile = self._db, self.file.site, self.file.profile
        shortlinks = {
            number: url
            for url in wanted
            if (number := shortlink_post_id(url, profile)) and 0 < number <= MAX_POST_ID
        }
        texts: dict[str, str] = {}
        for post_id, _, text in queries.post_id_freshness(db, site, [*shortlinks]):
            texts[shortlinks[post_id]] = text
        for url, _, text in queries.url_freshness(db, site, [*wanted]):
            texts[url] = text
        return {url: from_utc_iso(text) for url, text in texts.items()}

    def latest_modified(self) -> datetime | None:
        """The incremental watermark: the latest modified_at (else published_at) of any article."""
        latest = queries.latest_modified(self._db, self.file.site)
        return None if latest is None else from_utc_iso(latest)

    def count(self) -> int:
        """How many articles the archive holds."""
        return queries.count(self._db, self.file.site)

    def field_counts(self) -> dict[str, int]:
        """How many articles, and how many have categories, tags, a photo credit, an author.

        The archive's own history, against which a crawl's field coverage is judged.
        """
        return queries.field_counts(self._db, self.file.site)

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
        filters = (stamp(since), stamp(until), category, tag, live_only)
        rows = queries.iter_articles(self._db, self.file.site, *filters)
        return (StoredArticle.from_row(row) for row in rows)

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
        filters = (stamp(since), stamp(until), category, tag, live_only)
        return queries.count_matching(self._db, self.file.site, *filters)

    def versions(self, article_id: int) -> list[StoredArticle]:
        """The previous versions of an article, oldest first."""
        rows = queries.versions(self._db, self.file.site, article_id)
        return [StoredArticle.from_row(row) for row in rows]

    def duplicates(self) -> list[Duplicate]:
        """Copies of archived articles seen under other identities, first seen first."""
        return [Duplicate(**row) for row in queries.duplicates(self._db, self.file.site)]

    def newest_published(self) -> datetime | None:
        """The latest published_at of any article, None for an empty archive."""
        newest = queries.newest_published(self._db, self.file.site)
        return None if newest is None else from_utc_iso(newest)

    def publication_minutes(self) -> Iterator[tuple[str, int]]:
        """(UTC minute `YYYY-MM-DDTHH:MM`, articles published in it), earliest first, streamed."""
        return queries.publication_minutes(self._db, self.file.site)

    def term_counts(
        self, kind: Literal["categories", "tags"], limit: int | None = None
    ) -> list[tuple[str, int]]:
        """(category or tag name, articles that have it), most used first, then by name."""
        return queries.term_counts(self._db, self.file.site, kind, -1 if limit is None else limit)

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
        db = self._db
        try:
            rows = queries.search(
                db,
                self.file.site,
                query,
                limit,
                stamp(since),
                stamp(until),
                marks,
                category,
                tag,
                live_only,
            )
        except sqlite3.OperationalError as error:
            if not query_fault(str(error)):
                raise explain(error, self.file.path) from None
            raise QueryError(query, str(error)) from None
        return [
            SearchHit(stored=StoredArticle.from_row(row), rank=row["score"], snippet=row["snippet"])
            for row in rows
        ]


def _stored(found: Found) -> StoredArticle:
    key, row = found
    return StoredArticle.from_row({**row, "article_id": key})
