"""`Archive`: the one way into the database for the spider, the pipeline, the CLI and tests.

It composes the parts that do the work: `ArchiveWriter` (saves), `ArchiveReader`
(look-ups, iteration, search), `CrawlState` (`crawl_state` values), `RunLog` (`runs`) and
`Tombstones` (articles the site no longer serves), all on one `ArchiveFile`, for one outlet:
rows are written under `profile.key` and read within it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from newsbot.items import Article
from newsbot.sites import SiteProfile
from pipelines.store.crawl_state import CrawlState
from pipelines.store.handle import ArchiveFile
from pipelines.store.reader import ArchiveReader, Duplicate
from pipelines.store.retries import FailedArticle
from pipelines.store.rows import SaveOutcome, SearchHit, StoredArticle
from pipelines.store.run_log import RunLog
from pipelines.store.tombstones import Tombstones
from pipelines.store.writer import ArchiveWriter

__all__ = ["Archive", "Duplicate"]


class Archive:
    """The deduplicated article archive of one outlet in one SQLite file (DESIGN §5).

    Writes go into one `BEGIN IMMEDIATE` transaction, committed when `batch_size` of them are
    in it, when the first is `flush_seconds` old, on `flush` and on `close`.
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
        self.file = ArchiveFile(
            path,
            profile,
            readonly=readonly,
            busy_timeout=busy_timeout,
            batch_size=batch_size,
            flush_seconds=flush_seconds,
        )
        """The connection and what names it, shared by the parts."""
        self.writer = ArchiveWriter(self.file)
        self.reader = ArchiveReader(self.file)
        self.state = CrawlState(self.file)
        self.run_log = RunLog(self.file)
        self.tombstones = Tombstones(self.file)
        """Suspects, confirmed deletions and revivals (`pipelines.store.deletions`)."""

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r}, readonly={self.readonly})"

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def profile(self) -> SiteProfile:
        return self.file.profile

    @property
    def readonly(self) -> bool:
        return self.file.readonly

    @property
    def counts(self) -> dict[str, int]:
        """Outcomes of `save` since this Archive was opened."""
        return self.writer.counts

    @property
    def revived(self) -> int:
        """Saves since this Archive was opened that revived an article marked deleted."""
        return self.writer.revivals

    @property
    def batch_size(self) -> int:
        """Writes per transaction; a backfill may raise it."""
        return self.file.batch_size

    @batch_size.setter
    def batch_size(self, size: int) -> None:
        self.file.batch_size = max(1, size)

    # life cycle

    def close(self) -> None:
        """Commit what is written, then close; closing twice does nothing."""
        self.file.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # writing

    def save(self, article: Article) -> SaveOutcome:
        """Store `article` under its identity (post id, else canonical URL); say what happened."""
        return self.writer.save(article)

    def add_url(
        self, url: str, *, article_id: int | None = None, post_id: int | None = None
    ) -> None:
        """Record another URL seen for a stored article (e.g. a redirect source)."""
        self.writer.add_url(url, article_id=article_id, post_id=post_id)

    def purge(self, article_id: int) -> None:
        """Delete an article for good, with its versions, URLs, copies and index entry."""
        self.writer.purge(article_id)

    def flush(self) -> None:
        """Commit what is written."""
        self.file.commit()

    # crawl state

    def get_state(self, key: str) -> str | None:
        return self.state.get(key)

    def set_state(self, key: str, value: str) -> None:
        """Set a crawl_state value, committed with the saves before it."""
        self.state.set(key, value)

    def delete_state(self, key: str) -> None:
        self.state.delete(key)

    def record_failure(self, failure: FailedArticle) -> None:
        """Record an article page that failed (`retries.failure`), with the saves before it."""
        self.state.record_failure(failure)

    def forget_failure(self, url: str) -> None:
        """The article at `url` is stored now: no more retries for it."""
        self.state.forget_failure(url)

    def failed_articles(self) -> dict[str, FailedArticle]:
        """Every article page recorded as failed, by URL."""
        return self.state.failed_articles()

    # reading

    def find(self, *, post_id: int | None = None, url: str | None = None) -> StoredArticle | None:
        return self.reader.find(post_id=post_id, url=url)

    def get(self, article_id: int) -> StoredArticle | None:
        return self.reader.get(article_id)

    def freshness_of(self, urls: Iterable[str]) -> dict[str, datetime]:
        return self.reader.freshness_of(urls)

    def latest_modified(self) -> datetime | None:
        return self.reader.latest_modified()

    def count(self) -> int:
        return self.reader.count()

    def field_counts(self) -> dict[str, int]:
        return self.reader.field_counts()

    def iter_articles(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        category: str | None = None,
        tag: str | None = None,
        live_only: bool = False,
    ) -> Iterator[StoredArticle]:
        return self.reader.iter_articles(
            since=since, until=until, category=category, tag=tag, live_only=live_only
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
        return self.reader.count_matching(
            since=since, until=until, category=category, tag=tag, live_only=live_only
        )

    def versions(self, article_id: int) -> list[StoredArticle]:
        return self.reader.versions(article_id)

    def duplicates(self) -> list[Duplicate]:
        return self.reader.duplicates()

    def newest_published(self) -> datetime | None:
        return self.reader.newest_published()

    def publication_minutes(self) -> Iterator[tuple[str, int]]:
        return self.reader.publication_minutes()

    def term_counts(
        self, kind: Literal["categories", "tags"], limit: int | None = None
    ) -> list[tuple[str, int]]:
        return self.reader.term_counts(kind, limit)

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
        return self.reader.search(
            query,
            limit=limit,
            since=since,
            until=until,
            marks=marks,
            category=category,
            tag=tag,
            live_only=live_only,
        )

    # the run log

    def start_run(self, mode: str, source: str) -> int:
        """Open a row in `runs` for a crawl starting now; return its id."""
        return self.run_log.start(mode, source)

    def finish_run(self, run_id: int, **fields: object) -> None:
        """Complete a run's row: finished_at (default now), finish_reason, requests, new, updated,
        unchanged, duplicate, dropped, errors, verdict, reasons, coverage, stats.

        Dicts and lists are stored as JSON; an unknown field or run raises ValueError.
        """
        self.run_log.finish(run_id, fields)

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        return self.run_log.recent(limit)
