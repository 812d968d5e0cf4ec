"""What the navigations of one crawl share: the plan, the archive, the units of work and
checkpoints, and the requests for articles (DESIGN §4)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot.crawl.dates import today
from newsbot.crawl.progress import Units, ending
from newsbot.crawl.urls import SiteUrls
from newsbot.items import Article
from newsbot.normalize import http_date, utc_now
from newsbot.spiders.failures import ArticleFailures
from newsbot.spiders.plan import CrawlPlan
from pipelines.store import Archive, ArchiveError
from pipelines.store.retries import RetryPolicy

logger = logging.getLogger(__name__)

FUTURE_TOLERANCE = timedelta(minutes=10)
"""How far past the run's clock a time may lie before it is reported (clocks differ a little)."""


@dataclass(frozen=True)
class Checkpoint:
    """The crawl_state `key` a navigation keeps: `completed(unit)` gives its value once `unit`
    is done. A backfill's goes once every unit is done; a `lasting` one stays."""

    key: str
    completed: Callable[[Any], str | None]
    lasting: bool = False


class CrawlContext:
    """One crawl's shared state and the requests every navigation makes through it."""

    parse_article: Callable[[Response], Iterator[Any]]
    """The callback of article pages (`ArticleAssembler.parse_article`), set by its owner."""

    def __init__(
        self,
        plan: CrawlPlan,
        urls: SiteUrls,
        archive: Archive,
        stats: StatsCollector,
        retry: RetryPolicy,
        on_archive_error: Callable[[ArchiveError], None],
        archive_failed: Callable[[], bool],
    ) -> None:
        self.plan = plan
        self.profile = urls.profile
        self.urls = urls
        self.archive = archive
        self.stats = stats
        self.units = Units()
        self.checkpoint: Checkpoint | None = None
        self.state_at_close: dict[str, str] = {}
        """crawl_state values to write when the run finishes cleanly."""
        self.requested: set[str] = set()
        self.on_archive_error = on_archive_error
        self._archive_failed = archive_failed
        self.failures = ArticleFailures(archive, stats, retry, self.write, lambda: self.halted)
        self.discovery_failures = 0
        """Failed requests that were not for an article page (those are recorded for retry)."""
        self.posts_done = 0

    @property
    def source(self) -> str:
        """The source this run uses: "rest" or "html" ("" until the probe has answered)."""
        chosen = "" if self.plan.source_choice == "auto" else self.plan.source_choice
        return str(self.stats.get_value(crawlstats.SOURCE, chosen))

    @property
    def halted(self) -> bool:
        """Whether the archive failed: nothing more is fetched or written."""
        return self._archive_failed()

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
        statuses: Iterable[int] = (),
        headers: dict[str, str] | None = None,
        meta: dict[str, Any] | None = None,
        priority: int = 0,
        errback: Callable[[Failure], Any] | None = None,
        cost: str | None = None,
    ) -> Request:
        """A request of `unit`: its task there ends when its callback (or errback) has given
        all its output, so a unit is done once every request and item asked for it is over.
        The stat `cost` counts the requests its answer or failure took."""
        errback = errback or self.request_failed
        if cost is not None:
            callback, errback = (
                _counting(method, self.stats, cost) for method in (callback, errback)
            )
        if unit is not None:
            self.units.begin(unit)
            over = partial(self.ended, unit)
            callback, errback = ending(callback, over), ending(errback, over)
        return Request(
            url,
            callback=callback,
            errback=errback,
            headers=headers,
            priority=priority,
            dont_filter=True,
            meta={"unit": unit, "handle_httpstatus_list": list(statuses), **(meta or {})},
        )

    def article_requests(
        self,
        urls: Iterable[str],
        unit: Hashable | None = None,
        modified_since: datetime | None = None,
        cost: str | None = None,
        reconcile: bool = False,
    ) -> Iterator[Request]:
        """Requests for the outlet articles at `urls` not yet requested in this run (`cost`:
        the stat that counts their requests).

        An incremental run leaves out the ones that failed before and are not due again (they
        are recorded: `ArticleFailures.due` names them when their time comes), unless it
        `reconcile`s: a sweep asks for every listed post the archive lacks, given up or not.
        """
        now = utc_now()
        for url in urls:
            if url in self.requested:
                continue
            if self.plan.since is None and not reconcile and self.failures.waiting(url, now):
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
                meta={"article_url": url},
                cost=cost,
            )

    def item(self, article: Article, response: Response, *, own_page: bool = True) -> Article:
        """`article` stamped with when it was fetched and, when `response` is the article's own
        page (not a REST answer), the URL it was fetched under; counted against its unit. One
        dated past the run's clock is reported: stored, but no state moves past now."""
        self.units.begin(response.meta.get("unit"))
        first_url = (response.meta.get("redirect_urls") or [response.url])[0]
        fetched = self.urls.outlet(first_url) if own_page else None
        now = utc_now()
        moment = max(article.published_at, article.modified_at or article.published_at)
        if moment > now + FUTURE_TOLERANCE:
            self.stats.inc_value(crawlstats.FUTURE_DATED)
            logger.warning(
                "Dated in the future (%s): %s; stored, the crawl state stays at %s",
                moment.isoformat(), article.url, now.isoformat(timespec="seconds"),
            )  # fmt: skip
        return replace(
            article, fetched_url=fetched if fetched != article.url else None, fetched_at=now
        )

    def write(self, write: Callable[[], None]) -> None:
        """A write to the archive; a failure of the archive stops the crawl."""
        if self.halted:
            return
        try:
            write()
        except ArchiveError as error:
            self.on_archive_error(error)

    def answered(self) -> None:
        """A page answered what was asked for (counted for the health verdict)."""
        self.stats.inc_value(crawlstats.ANSWERED)

    def listing_read(self, url: str, links: int) -> None:
        """A feed, sitemap, listing or date archive answered 200 with `links` article links."""
        self.answered()
        self.stats.inc_value(crawlstats.LISTINGS)
        if not links:
            self.stats.inc_value(crawlstats.EMPTY_LISTINGS)
            logger.warning("No article link recognised on %s", url)

    def skipped(self, reason: str, url: str, why: str) -> None:
        """A post the site publishes that is not for the archive (no failure, nothing stored)."""
        self.stats.inc_value(crawlstats.skipped_key(reason))
        logger.info("Skipped %s: %s", url, why)

    # Failures, units of work and checkpoints ---------------------------------------------------

    def request_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if self.halted:
            return  # the crawl stops because the archive failed: not the site's fault
        why = failure.getErrorMessage()
        self._failed(request.meta, f"Giving up on {request.url}: {why}")
        if request.meta.get("article_url"):
            self.failures.article_failed(request.meta["article_url"], why)

    def request_failed_response(self, response: Response, why: str) -> None:
        """A response that answered but not with what was asked for: its unit fails."""
        self._failed(
            response.meta, f"Unexpected answer from {response.url} (HTTP {response.status}): {why}"
        )

    def _failed(self, meta: dict[str, Any], message: str) -> None:
        """Count a failed request, fail the units it stood for, say why."""
        self.stats.inc_value(crawlstats.FAILED_REQUESTS)
        if not meta.get("article_url"):
            self.discovery_failures += 1
        for unit in meta.get("units_on_failure", [meta.get("unit")]):
            self.units.fail(unit)
        logger.error("%s", message)

    def ended(self, unit: Hashable | None) -> None:
        """A request or item of `unit` is over."""
        if unit is not None:
            self._settle(unit, self.units.end(unit))

    def resolved(self, unit: Hashable) -> None:
        """`unit` needs no request (its archive is absent)."""
        self._settle(unit, self.units.resolve(unit))

    def _settle(self, unit: Hashable, just_done: bool) -> None:
        """Record a unit just done in the checkpoint; keep the progress current."""
        checkpoint = self.checkpoint
        if just_done and checkpoint:
            value = checkpoint.completed(unit)
            if value:
                self.write(lambda: self.archive.set_state(checkpoint.key, value))
        progress = self.posts_done if self.source == "rest" else self.units.done
        self.stats.set_value(crawlstats.PROGRESS_DONE, progress)

    def set_progress_total(self, total: int, unit: str) -> None:
        self.stats.set_value(crawlstats.PROGRESS_TOTAL, total)
        self.stats.set_value(crawlstats.PROGRESS_UNIT, unit)

    def finish(self, reason: str) -> None:
        """At the end of a run: count what is pending; if it finished cleanly, write the state
        it earned."""
        self.stats.set_value(crawlstats.PENDING, self.failures.pending())
        if reason != crawlstats.FINISHED or self.discovery_failures:
            return
        for key, value in self.state_at_close.items():
            self.write(partial(self.archive.set_state, key, value))
        checkpoint = self.checkpoint
        if checkpoint and not checkpoint.lasting and self.units.done == self.units.total:
            self.write(lambda: self.archive.delete_state(checkpoint.key))


def _counting(
    method: Callable[[Any], Any], stats: StatsCollector, key: str
) -> Callable[[Any], Any]:
    """`method` (a callback or errback) counting under `key` the requests its input took: the
    first, its retries and the redirects it followed."""

    def call(result: Response | Failure) -> Any:
        meta = result.meta if isinstance(result, Response) else result.request.meta  # type: ignore[attr-defined]
        stats.inc_value(key, 1 + meta.get("retry_times", 0) + meta.get("redirect_times", 0))
        return method(result)

    return call
