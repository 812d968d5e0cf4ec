"""The archive's own history, read when a crawl opens: how often articles carry each field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Spider, signals

from newsbot.crawlstats import HISTORY_PREFIX
from pipelines.store import ArchiveError, archive_for

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class HistoryBaseline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        try:
            counts = archive_for(self.crawler).field_counts()
        except ArchiveError:
            return  # the store pipeline reports it and closes the spider
        assert self.crawler.stats is not None
        for name, count in counts.items():
            self.crawler.stats.set_value(f"{HISTORY_PREFIX}{name}", count)
