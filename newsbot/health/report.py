"""Spidermon's report without tracebacks: a failed monitor is a finding, not a crash."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Spider, signals

from newsbot.health.verdict import failure_reason

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

TRACEBACK = "Traceback (most recent call last)"


class MonitorFailureLines(logging.Filter):
    """Rewrite spidermon's failure records (header, separators, traceback) as one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("[Spidermon]") and TRACEBACK in message:
            header = next(
                (line for line in message.splitlines() if line.startswith(("FAIL", "ERROR"))), ""
            )
            record.msg = "[Spidermon] %s: %s"
            record.args = (header, failure_reason(message, "failed"))
        return True


class ConciseMonitorReport:
    """Installs `MonitorFailureLines` on the spider's logger, through which spidermon reports."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls()
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        logger = logging.getLogger(spider.name)
        if not any(isinstance(f, MonitorFailureLines) for f in logger.filters):
            logger.addFilter(MonitorFailureLines())
