"""Give up on a site that accepts connections and never answers, within about a minute.

Until the site has answered anything, requests (robots.txt, the REST probe, the feed) wait at
most `NEWSBOT_FIRST_ANSWER_TIMEOUT` seconds for their answer instead of `DOWNLOAD_TIMEOUT`, and
the usual retries follow. Whenever requests time out and nothing at all has come back for
`NEWSBOT_SILENCE_LIMIT` seconds, the site is gone: the crawl closes with the reason
`site_unreachable`, keeping what it stored and its checkpoint. A slow site that answers, however
slowly, keeps the crawl going: every answer resets the silence. Once stopping, no request leaves.

Placed closer to the downloader than RetryMiddleware, it sees every attempt.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.error import TCPTimedOutError, TimeoutError

from newsbot import crawlstats

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

TIMEOUTS = (DownloadTimeoutError, TimeoutError, TCPTimedOutError)


class StopWhenSilent:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.first_timeout = crawler.settings.getfloat("NEWSBOT_FIRST_ANSWER_TIMEOUT")
        self.limit = crawler.settings.getfloat("NEWSBOT_SILENCE_LIMIT")
        self.answered = False
        self.quiet_since: float | None = None
        """When the last answer came (or the first request left, before any answer)."""
        self.warned = False
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if self.stopping:
            raise IgnoreRequest("the site does not answer: the crawl is stopping")
        if self.quiet_since is None:
            self.quiet_since = time.monotonic()
        if not self.answered:
            timeout = float(request.meta.get("download_timeout") or self.first_timeout)
            request.meta["download_timeout"] = min(timeout, self.first_timeout)

    def process_response(self, request: Request, response: Response) -> Response:
        self.answered = True
        self.quiet_since = time.monotonic()
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, TIMEOUTS) or self.quiet_since is None or self.stopping:
            return
        silent = time.monotonic() - self.quiet_since
        if silent >= self.limit:
            self.stop(silent)
        elif not self.warned:
            self.warned = True
            logger.warning(
                "No answer from %s in %.0f s; the crawl stops after %.0f s without any answer",
                request.url,
                float(request.meta.get("download_timeout", 0)),
                self.limit,
            )

    def stop(self, silent: float) -> None:
        self.stopping = True
        why = (
            f"it accepts connections but sent no answer in {silent:.0f} s"
            if not self.answered
            else f"it stopped answering (nothing for {silent:.0f} s)"
        )
        self.crawler.stats.set_value(crawlstats.UNREACHABLE, why)
        logger.error("Stopping the crawl: the site %s; a rerun resumes from here", why)
        deferred_from_coro(
            self.crawler.engine.close_spider_async(reason=crawlstats.SITE_UNREACHABLE)
        )
