"""Requests and redirects stay on the site: outlet links are mapped onto the base URL, anything
else is refused.

`SiteOnlyRequests` refuses every request to another scheme, host or port than the base URL's,
whatever it is marked (`dont_filter` passes Scrapy's own offsite filter), before robots.txt is
asked for its host.

The base URL (`NEWSBOT_BASE_URL`) may be the live site, a mirror or the offline replica. A
redirect to the outlet's own host (as WordPress sends for `?p=N` or an old slug) is rewritten to
the base URL; one to any other host or scheme (`file:`, `data:`, another server) is logged and
not followed.

A mirror served on a port of its own may believe it is reached without one (WordPress takes the
port of its `home` address): its pages then redirect to the base's host without the port. Such a
redirect is followed to the base URL, naming the host the mirror expects (`Host: 127.0.0.1`), as
a proxy in front of it would; nothing is sent to any other address or port. Only the redirected
request names it: WordPress answers some paths (a split post's later pages) only without it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

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

HOST_META = "newsbot_host"
"""Request meta: the host a redirect to the base's host without its port named."""


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
        return cls(crawler.stats, SiteUrls.from_settings(crawler.settings))

    def process_request(self, request: Request) -> None:
        host = request.meta.get(HOST_META)
        if host and _origin(request.url) == self.base_origin:
            request.headers[b"Host"] = host.encode("ascii", "ignore")
        else:
            request.headers.pop(b"Host", None)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        request.meta.pop(HOST_META, None)  # the redirected request is a copy of this one
        mapped = self._portless_base(target)
        if mapped:
            request.meta[HOST_META] = urlsplit(target).netloc
        else:
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

    def _portless_base(self, target: str) -> str | None:
        """`target` on the base URL when it names the base's host without the base's port,
        else None."""
        parts, base = urlsplit(target), urlsplit(self.urls.base)
        if parts.scheme not in ("http", "https") or base.port is None or parts.port is not None:
            return None
        if (parts.hostname or "").lower() != (base.hostname or "").lower():
            return None
        logger.debug("Following %s on %s as host %s", target, self.urls.base, parts.netloc)
        return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))


class SiteOnlyRequests:
    """Refuses, counts and logs each request off the base URL's origin."""

    def __init__(self, stats: StatsCollector, base: str) -> None:
        self.stats = stats
        self.base_origin = _origin(base)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats, SiteUrls.from_settings(crawler.settings).base)

    def process_request(self, request: Request) -> None:
        if _origin(request.url) != self.base_origin:
            self.stats.inc_value(crawlstats.OFFSITE_REQUEST_REFUSED)
            logger.warning("Refused a request off the site: %s", request.url)
            raise IgnoreRequest(f"off the site: {request.url}")
