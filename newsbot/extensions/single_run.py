"""One crawl at a time per database for `scrapy crawl arbuz` and scrapyd jobs (newsbot.runlock)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Spider, signals
from scrapy.exceptions import CloseSpider, NotConfigured

from newsbot import crawlstats
from newsbot.runlock import Busy, RunLock, held
from pipelines.store.errors import explain

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class SingleRun:
    """Holds the run lock of `NEWSBOT_DB` from the moment the crawl is set up (before anything
    opens the database) until the engine has stopped and the archive is closed.

    A crawl that finds the lock held is closed as it opens, with finish reason `busy`: it sends
    no request and records no run. The `newsbot` command takes the lock itself before Scrapy
    starts (to wait for it or to exit with one line); in its process this extension stands aside.
    """

    def __init__(self, crawler: Crawler, lock: RunLock) -> None:
        self.crawler = crawler
        self.lock = lock
        self.refusal: tuple[str, str] | None = None
        """The finish reason and log line of a crawl that could not take the lock."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        db = crawler.settings.get("NEWSBOT_DB")
        if held(db):
            raise NotConfigured("this process already holds the run lock")
        extension = cls(crawler, RunLock(db))
        extension.take(getattr(crawler.spider, "mode", "crawl"))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def take(self, mode: str) -> None:
        try:
            self.lock.acquire(mode)
        except Busy as busy:
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(crawlstats.BUSY, str(busy))
            self.refusal = (crawlstats.BUSY_REASON, f"Skipped: {busy}")
        except OSError as error:
            self.refusal = (crawlstats.ARCHIVE_ERROR, str(explain(error, self.lock.db)))

    def spider_opened(self, spider: Spider) -> None:
        if self.refusal is not None:
            reason, line = self.refusal
            logger.log(
                logging.WARNING if reason == crawlstats.BUSY_REASON else logging.ERROR, "%s", line
            )
            raise CloseSpider(reason)
        # Connected now, after the archive's own engine_stopped handler (connected when the store
        # pipeline opened it), so the last batch is written before the next run can start.
        self.crawler.signals.connect(self.lock.release, signal=signals.engine_stopped)
