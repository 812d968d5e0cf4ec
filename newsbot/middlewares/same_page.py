"""Notice a site that answers one identical page for different URLs (a parked domain, a wrong
`--base-url`, a captcha wall): the health verdict fails such a run (DESIGN §8)."""

from __future__ import annotations

from hashlib import blake2b
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsbot import crawlstats
from newsbot.middlewares.size_caps import ROBOTS

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class SamePageDetector:
    """Counts, for each distinct 200 body, the distinct URLs that answered it (up to the
    `NEWSBOT_HEALTH_SAME_PAGE_URLS` the verdict needs) and keeps the largest count in the stats."""

    def __init__(self, crawler: Crawler, enough: int) -> None:
        self.crawler = crawler
        self.enough = max(2, enough)
        self.urls_by_body: dict[bytes, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.getint("NEWSBOT_HEALTH_SAME_PAGE_URLS"))

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 200 or not response.body or urlsplit(response.url).path == ROBOTS:
            return response
        digest = blake2b(response.body, digest_size=16).digest()
        urls = self.urls_by_body.setdefault(digest, set())
        if len(urls) < self.enough and response.url not in urls:
            urls.add(response.url)
            stats = self.crawler.stats
            if len(urls) > (stats.get_value(crawlstats.SAME_PAGE_URLS) or 1):
                stats.set_value(crawlstats.SAME_PAGE_URLS, len(urls))
                stats.set_value(crawlstats.SAME_PAGE_EXAMPLE, min(urls))
        return response
