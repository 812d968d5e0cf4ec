"""Reject what is not a complete article of the outlet, with a reason that lands in the stats."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from newsbot.items import Article
from newsbot.prepare import rejection
from newsbot.sites import SiteProfile, profile_for

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

DROPPED_PREFIX = "newsbot/dropped/"


class ValidatePipeline:
    def __init__(self, stats: StatsCollector, profile: SiteProfile) -> None:
        self.stats = stats
        self.profile = profile

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats, profile_for(crawler.settings))

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        reason = rejection(item, self.profile)
        if reason is None:
            return item
        self.stats.inc_value(f"{DROPPED_PREFIX}{reason}")
        raise DropItem(f"{reason}: {item.url or item.fetched_url or '(no URL)'}")
