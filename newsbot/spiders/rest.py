"""Navigation through the WordPress REST API: changes no run covered yet, or date windows.
Every REST answer's posts become articles here."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot.crawl.checkpoints import WindowCheckpoint
from newsbot.crawl.dates import EARLIEST, local_bounds, local_naive_time
from newsbot.crawl.progress import Units
from newsbot.crawl.rest_answers import (
    PAST_THE_END,
    PageWalk,
    Received,
    header_int,
    is_rest_json,
    joined,
    overlapping_page,
    post_time,
)
from newsbot.crawl.urls import REST_ERROR_STATUSES
from newsbot.items import Article
from newsbot.normalize import utc_now
from newsbot.spiders.context import Checkpoint, CrawlContext
from newsbot.spiders.rest_items import post_articles, read_posts, unread

logger = logging.getLogger(__name__)

REST_COVERED = "incremental:rest:modified"
"""crawl_state key: the site-local `modified` spans whose changes are stored."""
REST_PUBLISHED = "incremental:rest:published"
"""crawl_state key: the site-local `date` up to which every publication is stored."""

PageKey = tuple[int, int]
"""(window, page number): one unit of a REST run."""


@dataclass(frozen=True)
class Window:
    """One REST query: its parameters and the site-local bounds it covers."""

    params: dict[str, str | int]
    after: datetime
    before: datetime
    open_ended: bool = False
    """Asked without an upper bound: its last page covers up to its last post, at most
    `before` (the run's clock)."""
    by_date: bool = False
    """New publications: WordPress keeps a scheduled post's older `modified`."""


class RestNavigation:
    """Changes outside the covered spans (`modified_after`), or a backfill's date windows.

    In auto mode the first page is the probe: when it does not answer a REST list,
    `fallback()` takes over (the HTML navigation). A backfill asks for the parts of its range
    its checkpoint does not hold yet, one window each.
    """

    def __init__(
        self,
        crawl: CrawlContext,
        overlap: timedelta,
        fallback: Callable[[], Iterator[Request]],
        max_pages: int,
    ) -> None:
        self.crawl = crawl
        self.overlap = overlap
        self.max_pages = max_pages
        """The most pages one window is read to, whatever the site announces."""
        self.fallback = fallback
        self.windows: list[Window] = []
        self.pages: dict[int, PageWalk] = {}
        """The pages of each window, once its first page has said."""
        self.received: dict[PageKey, Received] = {}
        self.read: set[tuple[int, str]] = set()
        """The posts (id, `modified`) the run's pages held: pages overlap by one."""
        self.stored: dict[PageKey, tuple[datetime, datetime]] = {}
        """The span each stored page of a backfill was recorded with, its stored neighbours'
        included: the moment two consecutive pages share is inside their joint span."""
        self.checkpoint: WindowCheckpoint | None = None

    def start(self) -> Iterator[Request]:
        crawl = self.crawl
        if crawl.plan.since is not None:
            after, before = local_bounds(crawl.plan.since, crawl.last_day)
            key = crawl.plan.backfill_key("rest")
            saved = crawl.archive.get_state(key)
            self.checkpoint = WindowCheckpoint(after, before, saved)
            spans = self.checkpoint.windows() or [(before - timedelta(seconds=1), before)]
            if saved:
                logger.info("Resuming the backfill: %d part(s) of the range left", len(spans))
            crawl.checkpoint = Checkpoint(key, self.page_done)
            order = {"orderby": "date", "order": "asc"}
            self.windows = [
                Window({**order, "after": _naive(lo), "before": _naive(hi)}, lo, hi)
                for lo, hi in spans
            ]
        else:
            self.windows = self.changes()
        yield self.page(0, 1)

    def changes(self) -> list[Window]:
        """The `modified` spans no earlier run covered, oldest first; the last one open-ended.

        The coverage ends at the run's own clock: a post dated later is stored, never trusted.
        An archive no incremental run covered yet (a backfill's) is read whole, once.
        """
        crawl = self.crawl
        now = local_naive_time(utc_now(), crawl.profile.zone)
        saved = crawl.archive.get_state(REST_COVERED)
        self.checkpoint = WindowCheckpoint(EARLIEST, now, saved)
        crawl.checkpoint = Checkpoint(REST_COVERED, self.page_done, lasting=True)
        gaps = self.checkpoint.windows() or [(now - timedelta(seconds=1), now)]
        if len(gaps) > 1:
            logger.info("Asking first for %d span(s) an earlier run left", len(gaps) - 1)
        windows = []
        for lo, hi in gaps:
            last = hi == now
            after = lo - self.overlap if last and lo != EARLIEST else lo
            params: dict[str, str | int] = {"orderby": "modified", "order": "asc"}
            if after != EARLIEST:
                params["modified_after"] = _naive(after)
            if not last:
                params["modified_before"] = _naive(hi)
            windows.append(Window(params, after, hi, open_ended=last))
        return windows + self._published(gaps[-1][0], now)

    def _published(self, covered: datetime, now: datetime) -> list[Window]:
        """Posts published since the newest an earlier run saw, edited before the coverage."""
        if covered == EARLIEST:
            return []
        since = covered
        with suppress(ValueError):  # none saved yet, or damaged: since the changes' coverage
            since = datetime.fromisoformat(self.crawl.archive.get_state(REST_PUBLISHED) or "")
        after = since - self.overlap
        params: dict[str, str | int] = {"orderby": "date", "order": "asc", "after": _naive(after)}
        params["modified_before"] = _naive(covered)  # later ones: the changes' window
        return [Window(params, after, now, open_ended=True, by_date=True)]

    def page(self, window: int, number: int) -> Request:
        self.crawl.units.add((window, number))
        return self.crawl.request(
            self.crawl.urls.rest_posts(
                **self.windows[window].params,
                **overlapping_page(number, self.crawl.profile.rest_page_size),
            ),
            self.parse_page,
            unit=(window, number),
            statuses=REST_ERROR_STATUSES,
            meta={"window": window, "page": number},
            priority=-number,
            errback=self.page_failed,
        )

    def page_failed(self, failure: Failure) -> Iterator[Request]:
        """A REST page that could not be fetched; the first one, in auto mode, means: use HTML."""
        request = failure.request  # type: ignore[attr-defined]
        if (request.meta["window"], request.meta["page"]) == (0, 1) and self._probing():
            yield from self._fall_back(failure.getErrorMessage())
            return
        self.crawl.request_failed(failure)
        yield from self.next_pages(request.meta["window"], request.meta["page"])

    def _probing(self) -> bool:
        return self.crawl.plan.source_choice == "auto" and not self.crawl.source

    def _fall_back(self, why: str) -> Iterator[Request]:
        self.crawl.stats.set_value(crawlstats.SOURCE, "html")
        logger.info("REST API unavailable (%s): crawling HTML pages", why)
        self.crawl.units = Units()
        self.crawl.checkpoint = None
        yield from self.fallback()

    def parse_page(self, response: Response) -> Iterator[Request | Article]:
        crawl = self.crawl
        window: int = response.meta["window"]
        number: int = response.meta["page"]
        if not is_rest_json(response):
            if (window, number) == (0, 1) and self._probing():
                yield from self._fall_back(f"HTTP {response.status} at {response.url}")
                return
            past_the_end = response.status == PAST_THE_END  # fewer pages than announced
            if not past_the_end:
                crawl.request_failed_response(response, "not a REST posts list")
            yield from self.next_pages(window, number, past_the_end)
            return
        crawl.stats.set_value(crawlstats.SOURCE, "rest")
        crawl.answered()
        posts = read_posts(crawl, response)
        if posts is None:
            yield from self.next_pages(window, number)
            return
        if number == 1:
            yield from self.more_pages(window, response)
        else:
            yield from self.next_pages(window, number, not posts)
        bounds = self.windows[window]
        field = str(bounds.params["orderby"])  # what orders the pages
        first, last = (post_time(posts, i, field, crawl.profile.zone) for i in (0, -1))
        ids = (posts[0].get("id"), posts[-1].get("id")) if posts else (None, None)
        self.received[(window, number)] = Received(first, last, *ids)
        for boundary in (number - 1, number):
            earlier, later = (self.received.get((window, n)) for n in (boundary, boundary + 1))
            if earlier and later and later.first_id is not None and not joined(earlier, later):
                crawl.stats.inc_value(crawlstats.REST_POSTS_MOVED)
                logger.info(
                    "REST: posts moved while the pages were read: the span between pages %d "
                    "and %d is asked again by the next run",
                    boundary,
                    boundary + 1,
                )
        if bounds.by_date and last:  # ISO times of one form order as text
            newest = crawl.state_at_close.get(REST_PUBLISHED, "")
            crawl.state_at_close[REST_PUBLISHED] = max(newest, _naive(min(last, bounds.before)))
        posts = unread(posts, self.read)
        crawl.stats.inc_value(crawlstats.POSTS_LISTED, len(posts))
        yield from post_articles(crawl, posts, response)
        crawl.posts_done += len(posts)

    def more_pages(self, window: int, response: Response) -> Iterator[Request]:
        """The window's later pages, as many as its totals say (at most `max_pages`): a few
        ahead at a time, the next one as each answers, so an empty page or WordPress's 400 past
        the end stops the walk whatever the headers claimed."""
        total_posts = header_int(response, b"X-WP-Total")
        walk = PageWalk(response, self.crawl.profile.rest_page_size, self.max_pages, overlap=1)
        self.pages[window] = walk
        crawl = self.crawl
        crawl.stats.inc_value(crawlstats.POSTS_ANNOUNCED, total_posts or 0)
        crawl.set_progress_total(
            int(crawl.stats.get_value(crawlstats.POSTS_ANNOUNCED, 0)), "articles"
        )
        logger.info("REST: %s posts in %d page(s) to read", total_posts, walk.last)
        for number in walk.first_pages():
            yield self.page(window, number)
        if window == 0:  # the probe answered: the other windows now
            yield from self.other_windows()

    def other_windows(self) -> Iterator[Request]:
        """The first page of every window after the first."""
        for other in range(1, len(self.windows)):
            yield self.page(other, 1)

    def next_pages(self, window: int, answered: int, empty: bool = False) -> Iterator[Request]:
        """Page `answered` is over: the next one to ask for, if any (none after an `empty` one).
        The first window's first page failing still lets the other windows be read."""
        if (window, answered) == (0, 1):
            yield from self.other_windows()
        walk = self.pages.get(window)
        number = walk.next_page(answered, empty) if walk else None
        if number is not None:
            yield self.page(window, number)

    def page_done(self, unit: PageKey) -> str | None:
        """The checkpoint once the page `unit` and its posts are stored (None: nothing new)."""
        window, number = unit
        bounds = self.windows[window]
        page = self.received.get(unit)
        if self.checkpoint is None or page is None or bounds.by_date:
            return None
        walk = self.pages.get(window)
        last_page = number >= (walk.last if walk else 1)
        first = bounds.after if number == 1 else page.first
        last = bounds.before if last_page and not bounds.open_ended else page.last
        if first is None or last is None:
            return None
        # Only pages sharing their boundary post cover the moment between them.
        earlier, later = (self.received.get((window, n)) for n in (number - 1, number + 1))
        before_it = self.stored.get((window, number - 1)) if joined(earlier, page) else None
        after_it = self.stored.get((window, number + 1)) if joined(page, later) else None
        first = min(first, before_it[0]) if before_it else first
        last = min(max(last, after_it[1]) if after_it else last, bounds.before)
        self.stored[unit] = (first, last)
        return self.checkpoint.complete(first, last)


def _naive(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
