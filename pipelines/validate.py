"""Reject what is not a complete article of the outlet, with a reason that lands in the stats."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from newsbot.crawlstats import DROPPED_PREFIX
from newsbot.items import Article
from newsbot.normalize.article import rejection
from newsbot.sites import SiteProfile, profile_for

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class ValidatePipeline:
    """Drops an invalid article (DropItem) with its reason."""

    def __init__(self, stats: StatsCollector, profile: SiteProfile) -> None:
        self.stats = stats
        self.profile = profile

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats, profile_for(crawler.settings))

    def process_item(self, item: object) -> object:
        """Drop an invalid article (counted by reason); pass anything else on."""
        if not isinstance(item, Article):
            return item
        reason = rejection(item, self.profile, datetime.now(UTC))
        if reason is None:
            return item
        self.stats.inc_value(f"{DROPPED_PREFIX}{reason}")
        raise DropItem(f"{reason}: {item.url or item.fetched_url or '(no URL)'}")
