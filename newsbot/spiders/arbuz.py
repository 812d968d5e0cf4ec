"""The `arbuz` spider: it only navigates (DESIGN §4); page objects extract, pipelines store.

`scrapy crawl arbuz` runs an incremental crawl; `-a since=YYYY-MM-DD [-a until=YYYY-MM-DD]` a
backfill; `-a source=auto|rest|html` picks the source (auto probes the REST API once per run).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Hashable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot.crawl.dates import parse_day, today
from newsbot.crawl.progress import OrderedUnits
from newsbot.crawl.urls import SiteUrls
from newsbot.items import Article
from newsbot.normalize import http_date, utc_now
from newsbot.pages import ArticlePage, NotAnArticle
from newsbot.spiders.html import HtmlNavigation
from newsbot.spiders.rest import RestNavigation
from pipelines.store import Archive, ArchiveError, archive_for

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

FAILED_STAT = "newsbot/failed_requests"
"""Requests the crawl gave up on, or whose answer was not what was asked for."""

Source = Literal["auto", "rest", "html"]
SOURCES: tuple[Source, ...] = ("auto", "rest", "html")


class ArbuzSpider(Spider):
    name = "arbuz"

    allowed_domains: list[str]
    archive: Archive
    urls: SiteUrls
    known: dict[str, str]
    watermark: str | None
    overlap: float
    revisit_days: float
    sitemap_pages: int

    def __init__(
        self,
        since: str | None = None,
        until: str | None = None,
        source: str = "auto",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
        self.since: date | None = parse_day(since) if since else None
        self.until: date | None = parse_day(until) if until else None
        if self.until and not self.since:
            raise ValueError("until needs since")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        self.mode = "backfill" if self.since else "incremental"
        self.source_choice: Source = source
        self._source: str = "" if source == "auto" else source
        self.units = OrderedUnits()
        self.checkpoint_key: str | None = None
        self.state_at_close: dict[str, str] = {}
        self.requested: set[str] = set()
        self.rest = RestNavigation(self)
        self.html = HtmlNavigation(self)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.urls = SiteUrls(settings.get("NEWSBOT_BASE_URL"))
        spider.allowed_domains = [urlsplit(spider.urls.base).hostname or ""]
        spider.overlap = settings.getfloat("NEWSBOT_WATERMARK_OVERLAP")
        spider.revisit_days = settings.getfloat("NEWSBOT_REVISIT_DAYS")
        spider.sitemap_pages = settings.getint("NEWSBOT_INCREMENTAL_SITEMAPS")
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider.item_finished, signal=signal)
        return spider

    @property
    def source(self) -> str:
        """The source this run uses: "rest" or "html" ("" until the probe has answered)."""
        return self._source

    @source.setter
    def source(self, value: str) -> None:
        self._source = value
        self.crawler.stats.set_value("newsbot/source", value)

    @property
    def last_day(self) -> date:
        return self.until or today()

    def backfill_key(self, source: str) -> str:
        return f"backfill:{source}:{self.since}:{self.until or 'today'}"

    async def start(self) -> AsyncIterator[Request]:
        try:
            self.archive = archive_for(self.crawler)
        except ArchiveError as error:
            logger.error("%s", error)
            return
        self.known = self.archive.url_index()
        self.watermark = self.archive.latest_modified()
        first = self.html.start() if self.source_choice == "html" else self.rest.start()
        for request in first:
            yield request

    def use_html(self, why: str) -> Iterator[Request]:
        """Leave the REST path (auto mode only) for the HTML one."""
        logger.info("REST API unavailable (%s): crawling HTML pages", why)
        self.units = OrderedUnits()
        yield from self.html.start()

    # Articles -----------------------------------------------------------------------------

    def article_requests(
        self, urls: Iterable[str], unit: Hashable | None = None, modified_since: str | None = None
    ) -> Iterator[Request]:
        """Requests for the outlet articles at `urls` not yet requested in this run."""
        for url in urls:
            if url in self.requested:
                continue
            self.requested.add(url)
            yield self.request(
                self.urls.fetch(url),
                self.parse_article,
                unit=unit,
                statuses=[304],
                headers={"If-Modified-Since": http_date(modified_since)}
                if modified_since
                else None,
            )

    def parse_article(self, response: Response) -> Iterator[Article]:
        unit = response.meta.get("unit")
        if response.status != 304:
            self.crawler.stats.inc_value("newsbot/article_pages")
            content_type = response.headers.get(b"Content-Type")
            page = ArticlePage(
                self.urls.outlet(response.url),
                response.body,
                content_type.decode("latin-1") if content_type else None,
            )
            try:
                yield self.item(page.to_article(), response)
            except NotAnArticle as error:
                self.not_an_article(response.url, str(error))
        self.unit_done(unit)

    def item(self, article: Article, response: Response) -> Article:
        """`article` stamped with where and when it was fetched, counted against its unit."""
        unit = response.meta.get("unit")
        if unit is not None:
            self.units.begin(unit)
        first_url = (response.meta.get("redirect_urls") or [response.url])[0]
        fetched = self.urls.outlet(first_url)
        return replace(
            article,
            fetched_url=fetched if fetched != article.url else None,
            fetched_at=utc_now(),
        )

    def not_an_article(self, url: str, reason: str) -> None:
        self.crawler.stats.inc_value("newsbot/not_article")
        logger.warning("Not an article: %s: %s", url, reason)

    # Units of work and checkpoints ----------------------------------------------------------

    def request(
        self,
        url: str,
        callback: Any,
        *,
        unit: Hashable | None = None,
        statuses: list[int] | None = None,
        headers: dict[str, str] | None = None,
        meta: dict[str, Any] | None = None,
        priority: int = 0,
        errback: Any = None,
        resolves: bool = False,
    ) -> Request:
        """A request whose completion (or failure) is counted against `unit`.

        With `resolves`, the request is what the unit waits for first (its own resolution task,
        the one every unit starts with), so it adds no task of its own.
        """
        if unit is not None and not resolves:
            self.units.begin(unit)
        return Request(
            url,
            callback=callback,
            errback=errback or self.request_failed,
            headers=headers,
            priority=priority,
            dont_filter=True,
            meta={"unit": unit, "handle_httpstatus_list": statuses or [], **(meta or {})},
        )

    def request_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self._failed(request.meta, f"Giving up on {request.url}: {failure.getErrorMessage()}")

    def request_failed_response(self, response: Response, why: str) -> None:
        """A response that answered but not with what was asked for: its unit fails."""
        self._failed(
            response.meta, f"Unexpected answer from {response.url} (HTTP {response.status}): {why}"
        )

    def _failed(self, meta: dict[str, Any], message: str) -> None:
        """Count a failed request, fail the units it stood for, say why."""
        self.crawler.stats.inc_value(FAILED_STAT)
        for unit in meta.get("units_on_failure", [meta.get("unit")]):
            if unit is not None:
                self.units.fail(unit)
        logger.error("%s", message)

    def item_finished(self, item: Any, response: Response | Failure | None, **_: Any) -> None:
        if isinstance(response, Response):
            self.unit_done(response.meta.get("unit"))

    def unit_done(self, unit: Hashable | None) -> None:
        if unit is None:
            return
        self.units.end(unit)
        label = self.units.advance()
        if label and self.checkpoint_key:
            self.archive.set_state(self.checkpoint_key, label)
        self.crawler.stats.set_value("newsbot/progress/done", self.progress_done())

    def progress_done(self) -> int:
        return self.rest.posts_done if self.source == "rest" else self.units.done

    def closed(self, reason: str) -> None:
        failed = self.crawler.stats.get_value(FAILED_STAT)
        if reason != "finished" or failed or not hasattr(self, "archive"):
            return
        for key, value in self.state_at_close.items():
            self.archive.set_state(key, value)
        if self.checkpoint_key and self.units.done == self.units.total:
            self.archive.delete_state(self.checkpoint_key)

    def log(self, message: Any, level: int = logging.DEBUG, **kw: Any) -> None:
        """What spidermon reports through: the spider's logger, without the deprecation warning
        Scrapy's own `Spider.log` now gives."""
        self.logger.log(level, message, **kw)
