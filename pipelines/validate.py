"""Reject what is not a complete article of the outlet, with a reason that lands in the stats."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem

from newsbot.items import Article
from newsbot.normalize import to_utc_iso, utc_iso
from newsbot.site import ARBUZ, SiteProfile

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

EARLIEST_PUBLICATION = "1995-01-01T00:00:00+00:00"


def _is_utc_iso(value: str) -> bool:
    try:
        return to_utc_iso(value) == value
    except ValueError:
        return False


def rejection(
    article: Article, profile: SiteProfile = ARBUZ, now: datetime | None = None
) -> str | None:
    """Why `article` cannot be stored (a short reason key), or None when it is valid."""
    latest = utc_iso((now or datetime.now(UTC)) + timedelta(days=1))
    parts = urlsplit(article.url)
    checks = (
        ("no_title", not article.title),
        ("no_body", not article.paragraphs),
        ("bad_published_at", not _is_utc_iso(article.published_at)),
        ("impossible_published_at", not EARLIEST_PUBLICATION <= article.published_at <= latest),
        (
            "bad_modified_at",
            article.modified_at is not None and not _is_utc_iso(article.modified_at),
        ),
        ("offsite_url", parts.scheme != "https" or parts.hostname != profile.host),
        ("wrong_site_name", article.site_name != profile.name),
    )
    return next((reason for reason, failed in checks if failed), None)


class ValidatePipeline:
    def __init__(self, stats: StatsCollector, profile: SiteProfile = ARBUZ) -> None:
        self.stats = stats
        self.profile = profile

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        reason = rejection(item, self.profile)
        if reason is None:
            return item
        self.stats.inc_value(f"newsbot/dropped/{reason}")
        raise DropItem(f"{reason}: {item.url or item.fetched_url or '(no URL)'}")
