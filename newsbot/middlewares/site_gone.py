"""Stop the crawl when the site stops answering, instead of failing every request left.

Retries absorb a moment's refusal. When `NEWSBOT_UNREACHABLE_AFTER` requests in a row have
given up on a connection that was refused (or a host that no longer resolves) with no response
in between, the site is gone: the crawl closes with the reason `site_unreachable`, keeping what
it stored and its checkpoint, so a rerun resumes where it stopped.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, NoRouteError

from newsbot import crawlstats

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

GONE = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    ConnectionRefusedError,
    DNSLookupError,
    NoRouteError,
)


class StopWhenUnreachable:
    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        self.in_a_row = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.getint("NEWSBOT_UNREACHABLE_AFTER"))

    def process_response(self, request: Request, response: Response) -> Response:
        self.in_a_row = 0
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Called once the retries of `request` are spent (this sits below RetryMiddleware)."""
        if not isinstance(exception, GONE):
            return
        self.in_a_row += 1
        if self.in_a_row == self.limit:
            logger.error(
                "The site stopped answering (%d requests in a row: %s): stopping the crawl; "
                "what was fetched is stored and a rerun resumes from there",
                self.in_a_row,
                exception,
            )
            deferred_from_coro(
                self.crawler.engine.close_spider_async(reason=crawlstats.SITE_UNREACHABLE)
            )
