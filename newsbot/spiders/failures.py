"""The articles a crawl could not store: each recorded with its reason (`failed_articles`) for a
later run to fetch again, counted once, and forgotten once stored (DESIGN §5, §8)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from scrapy.statscollectors import StatsCollector

from newsbot import crawlstats
from newsbot.normalize import utc_now
from pipelines.store import Archive
from pipelines.store.retries import FailedArticle, RetryPolicy, failure

logger = logging.getLogger(__name__)

Write = Callable[[Callable[[], None]], None]
"""A write to the archive that stops the crawl when the archive fails (and, once it has
failed, does nothing)."""


class ArticleFailures:
    """Failed article pages by URL: those of earlier runs, and this run's."""

    def __init__(
        self,
        archive: Archive,
        stats: StatsCollector,
        retry: RetryPolicy,
        write: Write,
        halted: Callable[[], bool],
    ) -> None:
        self.archive = archive
        self.stats = stats
        self.retry = retry
        self.write = write
        self.halted = halted
        """Whether the archive failed: nothing more is recorded."""
        self.failed: dict[str, FailedArticle] = archive.failed_articles()

    def due(self) -> list[str]:
        """The URLs whose next try has come (counted and said)."""
        now = utc_now()
        due = [url for url, failed in self.failed.items() if failed.due(now, self.retry)]
        if due:
            logger.info("Trying again %d article page(s) that failed before", len(due))
            self.stats.inc_value(crawlstats.RETRIES_DUE, len(due))
        return due

    def waiting(self, url: str, now: datetime) -> bool:
        """Whether `url` failed before and is not due yet (or was given up)."""
        earlier = self.failed.get(url)
        return earlier is not None and not earlier.due(now, self.retry)

    def pending(self) -> int:
        """Failed articles a later run will try again."""
        return sum(not failed.given_up for failed in self.failed.values())

    def not_an_article(self, url: str, reason: str, article_url: str | None = None) -> None:
        """A page or post that is no article; `article_url` is retried by later runs."""
        self.stats.inc_value(crawlstats.NOT_ARTICLE)
        self.refused(reason)
        logger.warning("Not an article: %s: %s", url, reason)
        if article_url:
            self.article_failed(article_url, f"not an article: {reason}")

    def refused(self, reason: str) -> None:
        """Keep the first reason a page or post was refused, for the verdict to name."""
        if not self.stats.get_value(crawlstats.REFUSED_EXAMPLE):
            self.stats.set_value(crawlstats.REFUSED_EXAMPLE, reason[:200])

    def article_failed(self, url: str, reason: str) -> None:
        """Record the article at `url` as not stored, for a later run to try again."""
        if self.halted():
            return
        record = failure(url, reason, utc_now(), self.retry, self.failed.get(url))
        self.failed[url] = record
        self.stats.inc_value(
            crawlstats.RETRIES_GIVEN_UP if record.given_up else crawlstats.RETRIES_RECORDED
        )
        self.write(lambda: self.archive.record_failure(record))

    def stored(self, *urls: str | None) -> None:
        """An article was stored: the failures recorded for its URLs are over."""
        for url in urls:
            if url and self.failed.pop(url, None) is not None:
                self.write(partial(self.archive.forget_failure, url))
