"""One row in `runs` per crawl: opened when the spider opens, completed with its stats at close."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals

from newsbot import crawlstats
from newsbot.crawlstats import COVERAGE_PREFIX, SAVE_OUTCOMES
from newsbot.normalize import utc_iso, utc_now
from pipelines.store import ArchiveError, archive_for

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def run_fields(stats: dict[str, Any]) -> dict[str, Any]:
    """The `runs` columns a finished crawl's stats fill."""
    source = {"source": stats[crawlstats.SOURCE]} if stats.get(crawlstats.SOURCE) else {}
    return {
        **source,
        "finished_at": utc_iso(utc_now()),
        "finish_reason": stats.get(crawlstats.FINISH_REASON),
        "requests": stats.get(crawlstats.REQUESTS, 0),
        **{outcome: stats.get(crawlstats.stored(outcome), 0) for outcome in SAVE_OUTCOMES},
        "dropped": crawlstats.dropped(stats),
        "errors": crawlstats.errors(stats),
        "verdict": stats.get(crawlstats.VERDICT),
        "reasons": stats.get(crawlstats.REASONS, []),
        "coverage": coverage(stats),
        "sweep": crawlstats.sweep_record(stats),
        "stats": {key: value for key, value in stats.items() if _plain(value)},
    }


def coverage(stats: dict[str, Any]) -> dict[str, float]:
    """The share of this run's stored articles carrying each field."""
    items = stats.get(COVERAGE_PREFIX, 0)
    prefix = f"{COVERAGE_PREFIX}/"
    return {
        key[len(prefix) :]: round(value / items, 4)
        for key, value in stats.items()
        if items and key.startswith(prefix)
    }


def _plain(value: Any) -> bool:
    return isinstance(value, (int, float, str, bool)) or value is None


class RunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        assert self.crawler.stats is not None
        if self.crawler.stats.get_value(crawlstats.BUSY):
            return  # skipped: another run holds the database
        try:
            archive = archive_for(self.crawler)
        except ArchiveError:
            return  # the store pipeline reports it and closes the spider
        mode = getattr(spider, "mode", "incremental")
        self.run_id = archive.start_run(mode, getattr(spider, "source_choice", "auto"))
        self.crawler.stats.set_value(crawlstats.RUN_ID, self.run_id)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is None:
            return
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        if stats.get(crawlstats.STORE_ERROR):
            return  # the archive cannot be written: the run's own error line says so
        try:
            archive_for(self.crawler).finish_run(
                self.run_id, **run_fields({**stats, crawlstats.FINISH_REASON: reason})
            )
        except ArchiveError as error:
            logger.warning("The run was not recorded: %s", error)
