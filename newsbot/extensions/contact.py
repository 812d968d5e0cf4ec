"""The operator's contact in every crawl's User-Agent, for `newsbot` commands, `scrapy crawl` and
scrapyd jobs alike (a Scrapy add-on: it sets `USER_AGENT` before any component reads it)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Spider, signals
from scrapy.exceptions import CloseSpider

from newsbot import crawlstats
from newsbot.contact import crawl_contact, user_agent
from newsbot.sites import profile_for

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

logger = logging.getLogger(__name__)


class ContactUserAgent:
    """`USER_AGENT` = `newsbot/<version> (+NEWSBOT_CONTACT)` (a `-s USER_AGENT=…` still wins).

    A crawl of the outlet's own host without a valid contact is closed as it opens, with finish
    reason `no_contact` and one error line saying how to set it: it sends no request. The
    `newsbot` commands refuse such a crawl before Scrapy starts (exit 2).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.refusal: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        addon = cls(crawler)
        crawler.signals.connect(addon.spider_opened, signal=signals.spider_opened)
        return addon

    def update_settings(self, settings: Settings) -> None:
        contact, self.refusal = crawl_contact(settings)
        base_url = settings.get("NEWSBOT_BASE_URL") or profile_for(settings).base_url
        settings.set("USER_AGENT", user_agent(contact, base_url), priority="addon")

    def spider_opened(self, spider: Spider) -> None:
        if self.refusal is not None:
            logger.error("Not crawling: %s", self.refusal)
            raise CloseSpider(crawlstats.NO_CONTACT_REASON)
