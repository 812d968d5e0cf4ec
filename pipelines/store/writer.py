"""`ArchiveWriter`: saves decided at once, written in batched `BEGIN IMMEDIATE` transactions."""

from __future__ import annotations

import time
from concurrent.futures import Future
from contextlib import suppress

from newsbot.items import DESCRIPTION_FIELDS, Article
from newsbot.normalize import canonical_url, shortlink_post_id
from pipelines.store import queries
from pipelines.store.batch import PendingDuplicate
from pipelines.store.committer import Committed, Committer
from pipelines.store.connection import immediate
from pipelines.store.errors import ArchiveError
from pipelines.store.handle import ArchiveFile
from pipelines.store.hashing import row_content_hash
from pipelines.store.identities import StoredIdentities
from pipelines.store.identity import post_id_of, seen_urls
from pipelines.store.locate import Found, Locator
from pipelines.store.pending import Pending
from pipelines.store.rows import (
    OUTCOMES,
    ROW_COLUMNS,
    Row,
    SaveOutcome,
    article_columns,
    now_stamp,
    stamp,
    version_of,
)

_REWRITTEN_ON_CHANGE = frozenset(ROW_COLUMNS) - {"site", "first_seen_at"}

_LET_GO_EVERY = 4
"""While a batch is written in the background, every this many saves the deciding thread lets
go of Python's lock for a moment (a sleep, some 80 µs): between its SQLite calls the writing
thread needs the lock back, and a thread busy deciding keeps it for a whole switch interval."""


class ArchiveWriter:
    """Decides each save against the archive and what is pending (identities in memory, so a
    new article costs no query) and writes the current batch when `batch_size` operations are
    pending, when the oldest is `flush_seconds` old, and on `flush`.

    With `write_behind` a due batch is written in the background while the next one is decided
    (the next due batch waits for it): a crash then loses at most the batch being written and
    the one after it, never state ahead of its articles.
    """

    def __init__(
        self,
        file: ArchiveFile,
        pending: Pending,
        *,
        batch_size: int,
        flush_seconds: float,
        write_behind: bool,
        busy_timeout: float,
    ) -> None:
        self._file = file
        self._pending = pending
        self._committer = Committer(file, background=write_behind, busy_timeout=busy_timeout)
        self.identities = StoredIdentities(file)
        self.locator = Locator(file, self.identities, pending)
        self.batch_size = max(1, batch_size)
        self.flush_seconds = flush_seconds
        self.counts: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        """Outcomes of `save` since the archive was opened."""
        self.revivals = 0
        """Saves since the archive was opened that revived an article marked deleted."""
        self._in_flight: Future[Committed] | None = None
        """The write of `pending.writing`; None while nothing is written (or after it failed)."""
        self._saves_while_writing = 0

    def save(self, article: Article) -> SaveOutcome:
        """Store `article` under its identity (post id, else canonical URL); say what happened.

        Records `article.url` and `article.fetched_url` (if set) as URLs of the row.
        """
        self._file.writable()
        self._look_up_fresh()
        now = now_stamp()
        profile = self._file.profile
        urls = seen_urls(article, profile)
        post_id = post_id_of(article, urls, profile)
        columns = article_columns(article)
        digest = row_content_hash(columns)
        outcome: SaveOutcome
        found = self.locator.locate(post_id, urls)
        holder = None
        if found is None:
            holder = self.locator.holder_of(digest)
            found = self.locator.seen_without_post_id(holder, post_id)
        if found is not None:
            outcome = self._save_known(found, article, columns, urls, post_id, digest, now)
        elif holder is not None:
            outcome = self._save_duplicate(holder, urls[0], post_id, digest, now)
        else:
            outcome = self._save_new(columns, urls, post_id, digest, now)
        self.counts[outcome] += 1
        self.count_operation()
        return outcome

    def _save_duplicate(
        self, original: int, url: str, post_id: int | None, digest: str, now: str
    ) -> SaveOutcome:
        batch = self._pending.current
        seen = batch.duplicates.get(url)
        if seen is None:
            batch.duplicates[url] = PendingDuplicate(url, post_id, original, digest, now, now)
        else:
            seen.last_seen_at = now
            seen.times_seen += 1
        return "duplicate"

    def _save_new(
        self, row: Row, urls: list[str], post_id: int | None, digest: str, now: str
    ) -> SaveOutcome:
        row.update(
            site=self._file.site,
            post_id=post_id,
            url=urls[0],
            content_hash=digest,
            version=1,
            first_seen_at=now,
            last_seen_at=now,
            changed_at=now,
        )
        pending = self._pending.current.add_new(row)
        pending.urls = dict.fromkeys(urls, now)
        self._pending.current.index(pending)
        return "new"

    def _save_known(
        self,
        found: Found,
        article: Article,
        columns: Row,
        urls: list[str],
        post_id: int | None,
        digest: str,
        now: str,
    ) -> SaveOutcome:
        key, row = found
        pending = self._pending.current.adopt(key, row)
        current = pending.row
        # A `?p=N` shortlink names the post; it never replaces the URL the article is stored under.
        shortlink = shortlink_post_id(urls[0], self._file.profile) is not None
        url = current["url"] if shortlink else urls[0]
        known_post_id = current["post_id"] if current["post_id"] is not None else post_id
        outcome: SaveOutcome
        if digest != current["content_hash"] or url != current["url"]:
            pending.versions.append(version_of(current, now))
            known = {name: current[name] for name in DESCRIPTION_FIELDS if columns[name] is None}
            pending.row = {
                **current,
                **columns,
                **known,
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
            for name in DESCRIPTION_FIELDS:  # no new version: kept current in place, as above
                if columns[name] is not None and columns[name] != current[name]:
                    current[name] = columns[name]
                    pending.changed.add(name)
            outcome = "unchanged"
        if article.fetched_at is not None and pending.row.get("deleted_at"):
            # the site serves a deleted article again: revived (an import is no such evidence)
            pending.row["deleted_at"] = pending.row["deletion_reason"] = None
            self._pending.current.revived[key] = now
            self.revivals += 1
        for seen in urls:
            if self.locator.owner_of(seen) != key:
                pending.urls.setdefault(seen, now)
        self._pending.current.index(pending)
        return outcome

    def add_url(
        self, url: str, *, article_id: int | None = None, post_id: int | None = None
    ) -> None:
        """Record another URL seen for a stored article (e.g. a redirect source).

        Raises ValueError when no article has that key.
        """
        self._file.writable()
        self._look_up_fresh()
        if article_id is not None:
            found = self.locator.current(article_id)
        elif post_id is not None:
            found = self.locator.locate(post_id, [])
        else:
            raise ValueError("add_url needs an article_id or a post_id")
        if found is None:
            raise ValueError(f"no archived article has {article_id=} {post_id=}")
        key, row = found
        canonical = canonical_url(url, self._file.profile)
        if self.locator.owner_of(canonical) != key:
            pending = self._pending.current.adopt(key, row)
            pending.urls.setdefault(canonical, now_stamp())
            self._pending.current.index(pending)
            self.count_operation()

    def _look_up_fresh(self) -> None:
        """Before a decision: take in a background write that has finished, or let a write
        still going on have Python's lock for a moment."""
        if self._committer.background:
            if self._in_flight is not None and self._in_flight.done():
                self._finish_writing()
            elif self._in_flight is not None:
                self._saves_while_writing += 1
                if self._saves_while_writing % _LET_GO_EVERY == 0:
                    time.sleep(0)

    def count_operation(self) -> None:
        """Note one more pending operation; write the batch when it is due."""
        batch = self._pending.current
        batch.count_operation()
        if batch.operations >= self.batch_size or batch.age() >= self.flush_seconds:
            self._write(wait=not self._committer.background)

    def flush(self) -> None:
        """Write everything pending, each batch in one `BEGIN IMMEDIATE` transaction: all of it
        or none. After a failure what was not written stays pending, so a later flush (or close)
        can retry it."""
        self._write(wait=True)

    def steady(self) -> None:
        """Wait for a batch being written in the background and take it in; a failed write
        stays pending, and the next write tries it again (and reports it)."""
        if self._in_flight is not None:
            with suppress(ArchiveError):
                self._finish_writing()

    def _write(self, *, wait: bool) -> None:
        self._finish_writing()
        if self._pending.current:
            self._in_flight = self._committer.submit(self._pending.start_writing())
            if wait:
                self._finish_writing()

    def _finish_writing(self) -> None:
        writing = self._pending.writing
        if writing is None:
            return
        if self._in_flight is None:  # its write failed: write it again
            self._in_flight = self._committer.submit(writing)
        future, self._in_flight = self._in_flight, None
        self._pending.written(future.result())

    def close(self) -> None:
        """Write what is pending, then stop writing in the background."""
        try:
            self.flush()
        finally:
            self._committer.close()

    def purge(self, article_id: int) -> None:
        """Delete an article for good: its row, versions, URLs, the copies recorded of it and its
        full-text entry. Raises ValueError when the archive has no such article."""
        self.flush()
        db = self._file.writable()
        row = queries.article_by_id(db, self._file.site, article_id)
        if row is None:
            raise ValueError(f"no archived article has {article_id=}")
        with immediate(db, self._file.path):
            for table in (
                "deletion_suspects",
                "deletions",
                "article_duplicates",
                "article_urls",
                "article_versions",
                "articles",
            ):
                db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
