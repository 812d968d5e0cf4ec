"""Honour `Retry-After` on 429 and 503: no request goes to that host until the wait is over.

Scrapy's RetryMiddleware retries such responses at once; this middleware (placed closer to the
downloader) records the wait the server asked for, and holds every later request to that host
until it has passed. Waits longer than `NEWSBOT_RETRY_AFTER_MAX` seconds are cut to it.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import reactor
from twisted.internet.task import deferLater

from newsbot import crawlstats

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or an HTTP date), or None."""
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        statuses = crawler.settings.getlist("NEWSBOT_RETRY_AFTER_STATUSES")
        self.statuses = {int(code) for code in statuses}
        self.max_wait = crawler.settings.getfloat("NEWSBOT_RETRY_AFTER_MAX")
        self.paused_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> Deferred[None] | None:
        host = urlparse_cached(request).netloc
        wait = self.paused_until.get(host, 0.0) - time.monotonic()
        if wait <= 0:
            return None
        return deferLater(reactor, wait, lambda: None)

    def process_response(self, request: Request, response: Response) -> Response:
        header = (response.headers.get(b"Retry-After") or b"").decode("latin-1")
        seconds = retry_after_seconds(header) if response.status in self.statuses else None
        if seconds is None:
            return response
        wait = min(seconds, self.max_wait)
        host = urlparse_cached(request).netloc
        until = time.monotonic() + wait
        self.paused_until[host] = max(self.paused_until.get(host, 0.0), until)
        logger.info(
            "HTTP %d with Retry-After %s for %s: pausing requests to %s for %.1f s",
            response.status,
            header,
            request.url,
            host,
            wait,
        )
        self.stats.inc_value(crawlstats.RETRY_AFTER_COUNT)
        self.stats.inc_value(crawlstats.RETRY_AFTER_WAIT_MS, round(wait * 1000))
        return response
