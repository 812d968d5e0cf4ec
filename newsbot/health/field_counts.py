"""Field coverage, counted once per stored article: how many carry each field of `Article`; and
the archive's own history, read when the crawl opens: how often its articles carry each field.

The counts keep spidermon's stats names (`spidermon_item_scraped_count/Article/<field>`, see
`newsbot.crawlstats`), so its coverage shares are still worked out when the crawl closes; they are
counted here because spidermon counts a field that is present, and every field of a dataclass is,
empty or not. The health monitors read these counts.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals

from newsbot import crawlstats
from newsbot.items import Article
from pipelines.store import ArchiveError, archive_for
from pipelines.store.pipeline import as_article

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

FIELDS = tuple(field.name for field in dataclasses.fields(Article))


class FieldCounts:
    """Counts the fields of every article stored, and those of the archive's history."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        try:
            counts = archive_for(self.crawler).field_counts()
        except ArchiveError:
            return  # the store pipeline reports it and closes the spider
        for name, count in counts.items():
            self.stats.set_value(f"{crawlstats.HISTORY_PREFIX}{name}", count)

    def item_scraped(self, item: Any, **_: Any) -> None:
        self.stats.inc_value(crawlstats.COVERAGE_PREFIX)
        article = as_article(item)
        for name in FIELDS:
            if getattr(article, name):  # not empty, zero or None
                self.stats.inc_value(crawlstats.coverage_key(name))
