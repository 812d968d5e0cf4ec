"""What the navigations of one crawl share: the plan, the archive, the units of work and
checkpoints, and the requests for articles (DESIGN §4)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot.crawl.dates import today
from newsbot.crawl.progress import OrderedUnits
from newsbot.crawl.urls import SiteUrls
from newsbot.items import Article
from newsbot.normalize import http_date, utc_now
from newsbot.pages import ArticlePage, NotAnArticle, ProtectedPost
from newsbot.sites import SiteProfile
from newsbot.spiders.assembly import ArticleAssembler
from newsbot.spiders.plan import CrawlPlan
from pipelines.store import Archive

logger = logging.getLogger(__name__)


class CrawlContext:
    """One crawl's shared state and the requests every navigation makes through it."""

    def __init__(
        self,
        plan: CrawlPlan,
        profile: SiteProfile,
        urls: SiteUrls,
        archive: Archive,
        stats: StatsCollector,
    ) -> None:
        self.plan = plan
        self.profile = profile
        self.urls = urls
        self.archive = archive
        self.stats = stats
        self.known: dict[str, datetime] = archive.url_index()
        """Every stored article's URLs → its freshness (modified, else published)."""
        self.watermark: datetime | None = archive.latest_modified()
        self.units = OrderedUnits()
        self.checkpoint_key: str | None = None
        self.state_at_close: dict[str, str] = {}
        """crawl_state values to write when the run finishes cleanly."""
        self.requested: set[str] = set()
        self.posts_done = 0
        self.assembler = ArticleAssembler(self)
        self._source: str = "" if plan.source_choice == "auto" else plan.source_choice

    @property
    def source(self) -> str:
        """The source this run uses: "rest" or "html" ("" until the probe has answered)."""
        return self._source

    @source.setter
    def source(self, value: str) -> None:
        self._source = value
        self.stats.set_value(crawlstats.SOURCE, value)

    @property
    def last_day(self) -> date:
        return self.plan.until or today(self.profile.zone)

    # Requests ----------------------------------------------------------------------------------

    def request(
        self,
        url: str,
        callback: Callable[..., Any],
        *,
        unit: Hashable | None = None,
        statuses: list[int] | None = None,
        headers: dict[str, str] | None = None,
        meta: dict[str, Any] | None = None,
        priority: int = 0,
        errback: Callable[[Failure], Any] | None = None,
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

    def article_requests(
        self,
        urls: Iterable[str],
        unit: Hashable | None = None,
        modified_since: datetime | None = None,
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

    def article_page(self, response: Response) -> ArticlePage:
        content_type = response.headers.get(b"Content-Type")
        return ArticlePage(
            self.profile,
            self.urls.outlet(response.url),
            response.body,
            content_type.decode("latin-1") if content_type else None,
        )

    def parse_article(self, response: Response) -> Iterator[Article | Request]:
        unit = response.meta.get("unit")
        if response.status != 304:
            self.stats.inc_value(crawlstats.ARTICLE_PAGES)
            page = self.article_page(response)
            try:
                yield from self.assembler.first_page(page, response)
            except ProtectedPost as error:
                self.skipped(crawlstats.PROTECTED, response.url, str(error))
            except NotAnArticle as error:
                self.not_an_article(response.url, str(error))
        self.unit_done(unit)

    def item(self, article: Article, response: Response, *, own_page: bool = True) -> Article:
        """`article` stamped with when it was fetched and, when `response` is the article's own
        page (not a REST list), the URL it was fetched under; counted against its unit."""
        unit = response.meta.get("unit")
        if unit is not None:
            self.units.begin(unit)
        fetched = None
        if own_page:
            first_url = (response.meta.get("redirect_urls") or [response.url])[0]
            fetched = self.urls.outlet(first_url)
        return replace(
            article,
            fetched_url=fetched if fetched != article.url else None,
            fetched_at=utc_now(),
        )

    def not_an_article(self, url: str, reason: str) -> None:
        self.stats.inc_value(crawlstats.NOT_ARTICLE)
        logger.warning("Not an article: %s: %s", url, reason)

    def skipped(self, reason: str, url: str, why: str) -> None:
        """A post the site publishes that is not for the archive (no failure, nothing stored)."""
        self.stats.inc_value(crawlstats.skipped_key(reason))
        logger.info("Skipped %s: %s", url, why)

    # Failures, units of work and checkpoints ---------------------------------------------------

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
        self.stats.inc_value(crawlstats.FAILED_REQUESTS)
        for unit in meta.get("units_on_failure", [meta.get("unit")]):
            if unit is not None:
                self.units.fail(unit)
        logger.error("%s", message)

    def unit_done(self, unit: Hashable | None) -> None:
        if unit is None:
            return
        self.units.end(unit)
        label = self.units.advance()
        if label and self.checkpoint_key:
            self.archive.set_state(self.checkpoint_key, label)
        done = self.posts_done if self.source == "rest" else self.units.done
        self.stats.set_value(crawlstats.PROGRESS_DONE, done)

    def set_progress_total(self, total: int, unit: str) -> None:
        self.stats.set_value(crawlstats.PROGRESS_TOTAL, total)
        self.stats.set_value(crawlstats.PROGRESS_UNIT, unit)

    def finish(self, reason: str) -> None:
        """At the end of a run that finished cleanly: write the state it earned."""
        failed = self.stats.get_value(crawlstats.FAILED_REQUESTS)
        if reason != crawlstats.FINISHED or failed:
            return
        for key, value in self.state_at_close.items():
            self.archive.set_state(key, value)
        if self.checkpoint_key and self.units.done == self.units.total:
            self.archive.delete_state(self.checkpoint_key)
