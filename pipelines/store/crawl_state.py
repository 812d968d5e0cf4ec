"""`CrawlState`: the `crawl_state` values (watermarks, feed validators, backfill checkpoints)
and the article pages that failed (`failed_articles`, retried by later runs).

A value set is written in the same transaction as the saves before it, so the state never runs
ahead of the articles it covers (DESIGN §5).
"""

from __future__ import annotations

from pipelines.store import queries, retries
from pipelines.store.handle import ArchiveFile
from pipelines.store.pending import Pending
from pipelines.store.rows import now_stamp
from pipelines.store.writer import ArchiveWriter


class CrawlState:
    """Keys and values of the crawl's state, pending ones seen first."""

    def __init__(self, file: ArchiveFile, pending: Pending, writer: ArchiveWriter | None) -> None:
        self._file = file
        self._pending = pending
        self._writer = writer

    def get(self, key: str) -> str | None:
        """A value (pending ones included), None when unset."""
        found, value = self._pending.state(key)
        return value if found else queries.state(self._file.database(), key)

    def set(self, key: str, value: str) -> None:
        """Set a value, written with the saves before it."""
        self._pend(key, value)

    def delete(self, key: str) -> None:
        self._pend(key, None)

    def record_failure(self, failure: retries.FailedArticle) -> None:
        """Record an article page that failed, written with the saves before it."""
        self._pend_failure(failure.url, failure)

    def forget_failure(self, url: str) -> None:
        """The article at `url` is stored: its failure goes, with the saves before it."""
        self._pend_failure(url, None)

    def failed_articles(self) -> dict[str, retries.FailedArticle]:
        """Every article page recorded as failed (pending records included), by URL."""
        found = retries.read_all(self._file.database())
        for url, change in self._pending.failures().items():
            if change is None:
                found.pop(url, None)
            else:
                found[url] = change
        return found

    def _pend_failure(self, url: str, failure: retries.FailedArticle | None) -> None:
        self._file.writable()
        assert self._writer is not None  # every writable archive has one
        self._pending.current.failures[url] = failure
        self._writer.count_operation()

    def _pend(self, key: str, value: str | None) -> None:
        self._file.writable()
        assert self._writer is not None  # every writable archive has one
        self._pending.current.state[key] = (value, now_stamp())
        self._writer.count_operation()
