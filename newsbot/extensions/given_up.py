"""One error line per request given up: the crawl's own ("Giving up on …"), not Scrapy's too."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

RETRY_LOGGER = "scrapy.downloadermiddlewares.retry"


class RetriesSpentAsDebug(logging.Filter):
    """Scrapy's "Gave up retrying" line, said again by the request's errback, becomes DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR and str(record.msg).startswith("Gave up retrying"):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


class OneLinePerGivenUpRequest:
    """Installs `RetriesSpentAsDebug` on Scrapy's retry logger for the crawl."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        logger = logging.getLogger(RETRY_LOGGER)
        if not any(isinstance(f, RetriesSpentAsDebug) for f in logger.filters):
            logger.addFilter(RetriesSpentAsDebug())
        return cls()
