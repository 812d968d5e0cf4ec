"""robots.txt and sitemaps are read up to a documented size, whatever a site sends.

robots.txt: the first `NEWSBOT_ROBOTSTXT_MAXSIZE` bytes (500 KiB, what RFC 9309 §2.5 asks a
crawler to read at least), cut after the last whole line; the rest is ignored, as the RFC allows.
Sitemaps: a sitemap or sitemap index larger than `NEWSBOT_SITEMAP_MAXSIZE` bytes, compressed or
not, is not downloaded (Scrapy cancels it, counted as a failed request).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsbot import crawlstats

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

ROBOTS = "/robots.txt"
SITEMAP_ENDINGS = (".xml", ".xml.gz")


def is_sitemap(url: str) -> bool:
    """Whether `url` names a sitemap or sitemap index (`…sitemap….xml`, also gzipped)."""
    path = urlsplit(url).path.lower()
    return "sitemap" in path.rsplit("/", 1)[-1] and path.endswith(SITEMAP_ENDINGS)


def first_lines(body: bytes, limit: int) -> bytes:
    """The whole lines among the first `limit` bytes of `body` (all of it when it fits)."""
    if len(body) <= limit:
        return body
    head = body[:limit]
    end = max(head.rfind(b"\n"), head.rfind(b"\r"))
    return head[: end + 1]


class SizeCaps:
    """Cuts robots.txt to its first lines, and sets sitemaps' download size limit."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.robots_limit = crawler.settings.getint("NEWSBOT_ROBOTSTXT_MAXSIZE")
        self.sitemap_limit = crawler.settings.getint("NEWSBOT_SITEMAP_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if is_sitemap(request.url):
            request.meta.setdefault("download_maxsize", self.sitemap_limit)

    def process_response(self, request: Request, response: Response) -> Response:
        if urlsplit(request.url).path != ROBOTS or len(response.body) <= self.robots_limit:
            return response
        self.stats.inc_value(crawlstats.ROBOTS_CUT)
        logger.warning(
            "robots.txt of %s is %d bytes: only its first %d are read",
            request.url,
            len(response.body),
            self.robots_limit,
        )
        return response.replace(body=first_lines(response.body, self.robots_limit))
