"""`Archive`: the one way into the database for the spider, the pipeline, the CLI and tests."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, NamedTuple

from sqlite_utils import Database

from newsbot.items import Article
from newsbot.normalize import canonical_url, from_utc_iso, shortlink_post_id
from newsbot.sites import SiteProfile
from pipelines.store import queries, run_log
from pipelines.store.batch import Batch, PendingDuplicate
from pipelines.store.connection import immediate, open_database
from pipelines.store.errors import ArchiveError, QueryError, explain
from pipelines.store.hashing import content_hash
from pipelines.store.identity import post_id_of, seen_urls, shortlink
from pipelines.store.rows import (
    OUTCOMES,
    ROW_COLUMNS,
    Row,
    SaveOutcome,
    SearchHit,
    StoredArticle,
    article_columns,
    freshness,
    now_stamp,
    stamp,
    version_of,
)
from pipelines.store.writes import write_batch

_REWRITTEN_ON_CHANGE = frozenset(ROW_COLUMNS) - {"first_seen_at"}


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


class Archive:
    """The deduplicated article archive in one SQLite file (DESIGN §5).

    Writes are decided at once (against the database and the pending batch) and written in
    batches, each one `BEGIN IMMEDIATE` transaction: when `batch_size` operations are pending,
    when the oldest is `flush_seconds` old, and on `close`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        profile: SiteProfile,
        *,
        readonly: bool = False,
        batch_size: int = 200,
        flush_seconds: float = 2.0,
        busy_timeout: float = 30.0,
    ) -> None:
        """Open (creating parent directories and the file unless readonly), WAL, migrate.

        Raises ArchiveError. A readonly Archive never writes or migrates.
        """
        self.path = Path(path)
        self.profile = profile
        self.readonly = readonly
        self.batch_size = max(1, batch_size)
        self.flush_seconds = flush_seconds
        self.counts: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        """Outcomes of `save` since this Archive was opened."""
        self._batch = Batch()
        self._db: Database | None = open_database(
            self.path, readonly=readonly, busy_timeout=busy_timeout
        )

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r}, readonly={self.readonly})"

    # life cycle

    def close(self) -> None:
        """Flush what is pending, then close; closing twice does nothing."""
        if self._db is None:
            return
        try:
            if not self.readonly:
                self.flush()
        finally:
            self._db.close()
            self._db = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _reader(self) -> Database:
        if self._db is None:
            raise ArchiveError(f"the archive {self.path} is closed")
        return self._db

    def _writer(self) -> Database:
        if self.readonly:
            raise ArchiveError(f"the archive {self.path} was opened read-only")
        return self._reader()

    def _settled(self) -> Database:
        """The database with everything pending written, for reads that scan it."""
        if not self.readonly:
            self.flush()
        return self._reader()

    # writing

    def save(self, article: Article) -> SaveOutcome:
        """Store `article` under its identity (post id, else canonical URL); say what happened.

        Records `article.url` and `article.fetched_url` (if set) as URLs of the row.
        """
        self._writer()
        now = now_stamp()
        urls = seen_urls(article, self.profile)
        post_id = post_id_of(article, urls, self.profile)
        digest = content_hash(article)
        outcome: SaveOutcome
        found = self._locate(post_id, urls)
        holder = None
        if found is None:
            holder = self._holder_of(digest)
            found = self._seen_without_post_id(holder, post_id)
        if found is not None:
            outcome = self._save_known(found, article, urls, post_id, digest, now)
        elif holder is not None:
            outcome = self._save_duplicate(holder, urls[0], post_id, digest, now)
        else:
            outcome = self._save_new(article, urls, post_id, digest, now)
        self.counts[outcome] += 1
        self._batch.count_operation()
        self._flush_if_due()
        return outcome

    def _save_duplicate(
        self, original: int, url: str, post_id: int | None, digest: str, now: str
    ) -> SaveOutcome:
        seen = self._batch.duplicates.get(url)
        if seen is None:
            self._batch.duplicates[url] = PendingDuplicate(url, post_id, original, digest, now, now)
        else:
            seen.last_seen_at = now
            seen.times_seen += 1
        return "duplicate"

    def _save_new(
        self, article: Article, urls: list[str], post_id: int | None, digest: str, now: str
    ) -> SaveOutcome:
        row = article_columns(article)
        row.update(
            post_id=post_id,
            url=urls[0],
            content_hash=digest,
            version=1,
            first_seen_at=now,
            last_seen_at=now,
            changed_at=now,
        )
        pending = self._batch.add_new(row)
        pending.urls = dict.fromkeys(urls, now)
        self._batch.index(pending)
        return "new"

    def _save_known(
        self,
        found: tuple[int, Row],
        article: Article,
        urls: list[str],
        post_id: int | None,
        digest: str,
        now: str,
    ) -> SaveOutcome:
        key, row = found
        pending = self._batch.adopt(key, row)
        current = pending.row
        # A `?p=N` shortlink names the post; it never replaces the URL the article is stored under.
        url = current["url"] if shortlink_post_id(urls[0], self.profile) is not None else urls[0]
        known_post_id = current["post_id"] if current["post_id"] is not None else post_id
        outcome: SaveOutcome
        if digest != current["content_hash"] or url != current["url"]:
            pending.versions.append(version_of(current, now))
            pending.row = {
                **current,
                **article_columns(article),
                "post_id": known_post_id,
                "url": url,
                "content_hash": digest,
                "version": current["version"] + 1,
                "last_seen_at": now,
                "changed_at": now,
            }
            pending.changed |= _REWRITTEN_ON_CHANGE
            outcome = "updated"
        else:
            current["last_seen_at"] = now
            pending.changed.add("last_seen_at")
            if known_post_id != current["post_id"]:
                current["post_id"] = known_post_id
                pending.changed.add("post_id")
            modified_at = stamp(article.modified_at)
            if modified_at and modified_at > (current["modified_at"] or ""):
                current["modified_at"] = modified_at
                pending.changed.add("modified_at")
            outcome = "unchanged"
        for seen in urls:
            if self._owner_of(seen) != key:
                pending.urls.setdefault(seen, now)
        self._batch.index(pending)
        return outcome

    def add_url(
        self, url: str, *, article_id: int | None = None, post_id: int | None = None
    ) -> None:
        """Record another URL seen for a stored article (e.g. a redirect source).

        Raises ValueError when no article has that key.
        """
        self._writer()
        if article_id is not None:
            found = self._current(article_id)
        elif post_id is not None:
            found = self._locate(post_id, [])
        else:
            raise ValueError("add_url needs an article_id or a post_id")
        if found is None:
            raise ValueError(f"no archived article has {article_id=} {post_id=}")
        key, row = found
        canonical = canonical_url(url, self.profile)
        if self._owner_of(canonical) != key:
            pending = self._batch.adopt(key, row)
            pending.urls.setdefault(canonical, now_stamp())
            self._batch.index(pending)
            self._batch.count_operation()
            self._flush_if_due()

    def set_state(self, key: str, value: str) -> None:
        """Set a crawl_state value, written in the same transaction as the saves before it."""
        self._writer()
        self._batch.state[key] = (value, now_stamp())
        self._batch.count_operation()
        self._flush_if_due()

    def delete_state(self, key: str) -> None:
        self._writer()
        self._batch.state[key] = (None, now_stamp())
        self._batch.count_operation()
        self._flush_if_due()

    def _flush_if_due(self) -> None:
        if self._batch.operations >= self.batch_size or self._batch.age() >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write everything pending in one `BEGIN IMMEDIATE` transaction: all of it or none.

        After a failure the batch stays pending, so a later flush (or close) can retry it.
        """
        if not self._batch:
            return
        with immediate(self._writer(), self.path) as db:
            write_batch(db, self._batch)
        self._batch = Batch()

    # looking up (the database and the pending batch)

    def _current(self, key: int) -> tuple[int, Row] | None:
        """The row of `key` as it stands, pending changes included."""
        if key in self._batch.articles:
            return key, self._batch.articles[key].row
        row = queries.article_by_id(self._reader(), key)
        if row is None:
            return None
        del row["article_id"]
        return key, row

    def _owner_of(self, url: str) -> int | None:
        """The key of the article a canonical URL is recorded for."""
        key = self._batch.by_url.get(url)
        return key if key is not None else queries.article_id_by_url(self._reader(), url)

    def _locate(self, post_id: int | None, urls: list[str]) -> tuple[int, Row] | None:
        """The article with this post id, else the one holding any of these URLs.

        An article found by URL is the same one only if neither post id contradicts the other.
        """
        if post_id is not None:
            key = self._batch.by_post_id.get(post_id)
            if key is None:
                row = queries.article_by_post_id(self._reader(), post_id)
                key = None if row is None else int(row["article_id"])
            if key is not None:
                return self._current(key)
        for url in urls:
            owner = self._owner_of(url)
            found = None if owner is None else self._current(owner)
            if found is not None and (post_id is None or found[1]["post_id"] in (None, post_id)):
                return found
        return None

    def _holder_of(self, digest: str) -> int | None:
        """The key of the first archived article whose current content has this hash."""
        for article_id in queries.articles_with_content(self._reader(), digest):
            pending = self._batch.articles.get(article_id)
            if pending is None or pending.row["content_hash"] == digest:
                return article_id
        holder = self._batch.with_content(digest)
        return None if holder is None else holder.key

    def _seen_without_post_id(
        self, holder: int | None, post_id: int | None
    ) -> tuple[int, Row] | None:
        """The holder of an article's content when it was stored without a post id and the
        article now arrives with one: the same article seen before its post id was known
        (e.g. imported from a file), not a duplicate."""
        found = None if holder is None or post_id is None else self._current(holder)
        return found if found is not None and found[1]["post_id"] is None else None

    def _stored(self, found: tuple[int, Row]) -> StoredArticle:
        key, row = found
        if key < 0:  # inserted by the next flush: write it now, so the caller gets its real key
            self.flush()
            owner = self._owner_of(row["url"])
            key, row = (None if owner is None else self._current(owner)) or found
        return StoredArticle.from_row({**row, "article_id": key})

    # reading

    def find(self, *, post_id: int | None = None, url: str | None = None) -> StoredArticle | None:
        """The article with this post id or URL (in any variant form); sees pending saves."""
        if post_id is None and url is None:
            raise ValueError("find needs a post_id or a url")
        urls = [] if url is None else [canonical_url(url, self.profile)]
        if post_id is None and urls:
            post_id = shortlink_post_id(urls[0], self.profile)
        found = self._locate(post_id, urls)
        return None if found is None else self._stored(found)

    def get_state(self, key: str) -> str | None:
        """A crawl_state value (pending ones included), None when unset."""
        if key in self._batch.state:
            return self._batch.state[key][0]
        return queries.state(self._reader(), key)

    def url_index(self) -> dict[str, datetime]:
        """Every known canonical URL (variants and `?p=N` shortlinks included) → its article's
        modified_at, else published_at. Pending saves included."""
        db = self._reader()
        pending = {key: freshness(item.row) for key, item in self._batch.articles.items()}
        texts: dict[str, str] = {}
        for post_id, article_id, text in queries.post_id_freshness(db):
            texts[shortlink(post_id, self.profile)] = pending.get(article_id, text)
        for url, article_id, text in queries.url_freshness(db):
            texts[url] = pending.get(article_id, text)
        for item in self._batch.articles.values():
            text = freshness(item.row)
            if item.row["post_id"] is not None:
                texts[shortlink(item.row["post_id"], self.profile)] = text
            for url in (item.row["url"], *item.urls):
                texts[url] = text
        instants = {text: from_utc_iso(text) for text in set(texts.values())}
        return {url: instants[text] for url, text in texts.items()}

    def latest_modified(self) -> datetime | None:
        """The incremental watermark: the latest modified_at (else published_at) of any article."""
        stamps = [freshness(item.row) for item in self._batch.articles.values()]
        stored = queries.latest_modified(self._reader())
        if stored is not None:
            stamps.append(stored)
        latest = max(stamps, default=None)
        return None if latest is None else from_utc_iso(latest)

    def count(self) -> int:
        """How many articles the archive holds (pending new ones included)."""
        return queries.count(self._reader()) + self._batch.new_rows()

    def field_counts(self) -> dict[str, int]:
        """How many articles, and how many have categories, tags, a photo credit, an author.

        The archive's own history, against which a crawl's field coverage is judged.
        """
        return queries.field_counts(self._settled())

    def iter_articles(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        category: str | None = None,
        tag: str | None = None,
    ) -> Iterator[StoredArticle]:
        """Articles published in [since, until), in publication order, streamed.

        `category` and `tag` match a name or a slug.
        """
        rows = queries.iter_articles(
            self._settled(), _instant(since), _instant(until), category, tag
        )
        return (StoredArticle.from_row(row) for row in rows)

    def versions(self, article_id: int) -> list[StoredArticle]:
        """The previous versions of an article, oldest first."""
        return [
            StoredArticle.from_row(row) for row in queries.versions(self._settled(), article_id)
        ]

    def duplicates(self) -> list[Duplicate]:
        """Copies of archived articles seen under other identities, first seen first."""
        return [Duplicate(**row) for row in queries.duplicates(self._settled())]

    def count_matching(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        category: str | None = None,
        tag: str | None = None,
    ) -> int:
        """How many articles `iter_articles` with the same filters yields."""
        return queries.count_matching(
            self._settled(), _instant(since), _instant(until), category, tag
        )

    def newest_published(self) -> datetime | None:
        """The latest published_at of any article, None for an empty archive."""
        newest = queries.newest_published(self._settled())
        return None if newest is None else from_utc_iso(newest)

    def publication_minutes(self) -> Iterator[tuple[str, int]]:
        """(UTC minute `YYYY-MM-DDTHH:MM`, articles published in it), earliest first, streamed."""
        return queries.publication_minutes(self._settled())

    def term_counts(
        self, kind: Literal["categories", "tags"], limit: int | None = None
    ) -> list[tuple[str, int]]:
        """(category or tag name, articles that have it), most used first, then by name."""
        return queries.term_counts(self._settled(), kind, -1 if limit is None else limit)

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
    ) -> list[SearchHit]:
        """Full-text search (FTS5 syntax) over titles and bodies, best match first, optionally
        in one category or tag; each match in a snippet is wrapped in `marks`. A query FTS5
        cannot parse raises QueryError."""
        db = self._settled()
        try:
            rows = queries.search(
                db, query, limit, _instant(since), _instant(until), marks, category, tag
            )
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "disk" in str(error):
                raise explain(error, self.path) from None
            raise QueryError(query, str(error)) from None
        return [
            SearchHit(stored=StoredArticle.from_row(row), rank=row["score"], snippet=row["snippet"])
            for row in rows
        ]

    # the run log

    def start_run(self, mode: str, source: str) -> int:
        """Open a row in `runs` for a crawl starting now; return its id."""
        return run_log.start_run(self._writer(), self.path, mode, source)

    def finish_run(self, run_id: int, **fields: object) -> None:
        """Complete a run's row: finished_at (default now), finish_reason, requests, new, updated,
        unchanged, duplicate, dropped, errors, verdict, reasons, coverage, stats.

        Dicts and lists are stored as JSON; an unknown field or run raises ValueError.
        """
        self.flush()
        run_log.finish_run(self._writer(), self.path, run_id, fields)

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest runs, newest first, JSON fields decoded."""
        return run_log.recent_runs(self._reader(), limit)


def _instant(value: datetime | None) -> str | None:
    """A time bound as the stored form of instants (UTC ISO with seconds)."""
    return stamp(value)
