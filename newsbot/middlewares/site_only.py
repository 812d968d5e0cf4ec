"""Redirects stay on the site: outlet links are mapped onto the base URL, anything else is refused.

The base URL (`NEWSBOT_BASE_URL`) may be the live site, a mirror or the offline replica. A
redirect to the outlet's own host (as WordPress sends for `?p=N` or an old slug) is rewritten to
the base URL; one to any other host or scheme (`file:`, `data:`, another server) is logged and
not followed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest

from newsbot import crawlstats
from newsbot.crawl.urls import SiteUrls

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class SiteOnlyRedirectMiddleware:
    def __init__(self, stats: StatsCollector, urls: SiteUrls) -> None:
        self.stats = stats
        self.urls = urls
        self.base_origin = _origin(urls.base)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats, SiteUrls.from_settings(crawler.settings))

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        mapped = self.urls.fetch(target)
        if _origin(mapped) == self.base_origin:
            if mapped == target:
                return response
            headers = response.headers.copy()
            headers[b"Location"] = mapped.encode("ascii", "ignore")
            return response.replace(headers=headers)
        self.stats.inc_value(crawlstats.OFFSITE_REDIRECT_REFUSED)
        logger.warning("Refused a redirect off the site: %s → %s", request.url, target)
        raise IgnoreRequest(f"redirect off the site to {target}")
