"""`CrawlState`: the `crawl_state` values (coverage, feed validators, backfill checkpoints)
and the article pages that failed (`failed_articles`, retried by later runs).

Each change goes into the archive's open transaction, so the state commits with the saves
before it and never runs ahead of the articles it covers (DESIGN §5).
"""

from __future__ import annotations

from dataclasses import astuple, fields

from pipelines.store.handle import ArchiveFile
from pipelines.store.queries import rows
from pipelines.store.retries import FailedArticle
from pipelines.store.rows import now_stamp

_GET_STATE = "SELECT value FROM crawl_state WHERE site = ? AND key = ?"
_SET_STATE = (
    "INSERT INTO crawl_state (site, key, value, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (site, key) DO UPDATE SET value = excluded.value, "
    "updated_at = excluded.updated_at"
)
_FAILURE_COLUMNS = ", ".join(field.name for field in fields(FailedArticle))
_RECORD_FAILURE = (
    f"INSERT INTO failed_articles (site, {_FAILURE_COLUMNS}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET reason = excluded.reason, "
    "attempts = excluded.attempts, last_failed_at = excluded.last_failed_at, "
    "next_try_at = excluded.next_try_at"
)


class CrawlState:
    """Keys and values of the outlet's crawl state, and its failed article pages."""

    file: ArchiveFile

    def get_state(self, key: str) -> str | None:
        """A value, None when unset."""
        found = self.file.database().execute(_GET_STATE, [self.file.site, key]).fetchone()
        return None if found is None else str(found[0])

    def set_state(self, key: str, value: str) -> None:
        """Set a value, committed with the saves before it."""
        with self.file.change() as db:
            db.execute(_SET_STATE, [self.file.site, key, value, now_stamp()])

    def delete_state(self, key: str) -> None:
        with self.file.change() as db:
            db.execute("DELETE FROM crawl_state WHERE site = ? AND key = ?", [self.file.site, key])

    def record_failure(self, failure: FailedArticle) -> None:
        """Record an article page that failed."""
        with self.file.change() as db:
            db.execute(_RECORD_FAILURE, [self.file.site, *astuple(failure)])

    def forget_failure(self, url: str) -> None:
        """The article at `url` is stored: its failure goes."""
        with self.file.change() as db:
            db.execute("DELETE FROM failed_articles WHERE url = ?", [url])

    def failed_articles(self) -> dict[str, FailedArticle]:
        """Every article page recorded as failed, by URL."""
        query = (
            f"SELECT {_FAILURE_COLUMNS} FROM failed_articles WHERE site = ? "
            "ORDER BY last_failed_at, url"
        )
        found = self.file.database().execute(query, [self.file.site])
        return {row["url"]: FailedArticle(**row) for row in rows(found)}
