"""Navigation through the WordPress REST API: changes no run covered yet, or date windows."""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot.crawl.checkpoints import WindowCheckpoint
from newsbot.crawl.dates import EARLIEST, local_bounds, local_naive_time
from newsbot.crawl.progress import Units
from newsbot.crawl.urls import REST_ERROR_STATUSES
from newsbot.items import ArticleBatch
from newsbot.normalize import utc_now
from newsbot.pages import NotAnArticle, ProtectedPost, RestPost, rest_posts
from newsbot.prepare import MAX_POST_ID
from newsbot.spiders.context import CrawlContext

logger = logging.getLogger(__name__)

PAST_THE_END = 400
REST_COVERED = "incremental:rest:modified"
"""crawl_state key: the site-local `modified` spans whose changes are stored."""

PageKey = tuple[int, int]
"""(window, page number): one unit of a REST run."""


def is_rest_json(response: Response) -> bool:
    """Whether the response is a REST collection (a JSON list), not an HTML page or an error."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return response.status == 200 and "json" in content_type and response.body.lstrip()[:1] == b"["


@dataclass(frozen=True)
class Window:
    """One REST query: its parameters and, in a backfill, the site-local bounds it covers."""

    params: dict[str, str | int]
    after: datetime | None = None
    before: datetime | None = None
    open_ended: bool = False
    """Asked without an upper bound: its last page covers up to its last post, at most
    `before` (the run's clock)."""


@dataclass(frozen=True)
class Received:
    """What a page of a window held: its first and last post's site-local time."""

    first: datetime | None
    last: datetime | None


class RestNavigation:
    """Changes outside the covered spans (`modified_after`), or a backfill's date windows.

    In auto mode the first page is the probe: when it does not answer a REST list,
    `fallback(why)` takes over (the HTML navigation). A backfill asks for the parts of its range
    its checkpoint does not hold yet, one window each.
    """

    def __init__(
        self,
        crawl: CrawlContext,
        overlap: timedelta,
        fallback: Callable[[str], Iterator[Request]],
    ) -> None:
        self.crawl = crawl
        self.overlap = overlap
        self.fallback = fallback
        self.windows: list[Window] = []
        self.pages: dict[int, int] = {}
        """Pages of each window, once its first page has said."""
        self.received: dict[PageKey, Received] = {}
        self.stored: dict[PageKey, tuple[datetime, datetime]] = {}
        """The span each stored page of a backfill was recorded with, its stored neighbours'
        included: the moment two consecutive pages share is inside their joint span."""
        self.checkpoint: WindowCheckpoint | None = None
        self.time_field = "date"
        """What orders the pages: publication (backfills) or modification (changes)."""

    def start(self) -> Iterator[Request]:
        crawl = self.crawl
        plan = crawl.plan
        if plan.since is not None:
            after, before = local_bounds(plan.since, crawl.last_day)
            key = plan.backfill_key("rest")
            saved = crawl.archive.get_state(key)
            self.checkpoint = WindowCheckpoint(after, before, saved)
            spans = self.checkpoint.windows() or [(before - timedelta(seconds=1), before)]
            if saved:
                logger.info("Resuming the backfill: %d part(s) of the range left", len(spans))
            crawl.use_checkpoint(key, self.page_done)
            order = {"orderby": "date", "order": "asc"}
            self.windows = [
                Window({**order, "after": _naive(lo), "before": _naive(hi)}, lo, hi)
                for lo, hi in spans
            ]
        else:
            self.windows = self.changes()
        yield self.first_page(0)

    def changes(self) -> list[Window]:
        """The `modified` spans no earlier run covered, oldest first; the last one open-ended.

        The coverage ends at the run's own clock: a post dated later is stored, never trusted.
        """
        crawl = self.crawl
        self.time_field = "modified"
        now = local_naive_time(utc_now(), crawl.profile.zone)
        saved = crawl.archive.get_state(REST_COVERED) or legacy_coverage(crawl, now)
        self.checkpoint = WindowCheckpoint(EARLIEST, now, saved)
        crawl.use_checkpoint(REST_COVERED, self.page_done, lasting=True)
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
        return windows

    def first_page(self, window: int) -> Request:
        self.crawl.units.add((window, 1))
        return self.page(window, 1)

    def page(self, window: int, number: int) -> Request:
        return self.crawl.request(
            self.crawl.urls.rest_posts(**self.windows[window].params, page=number),
            self.parse_page,
            unit=(window, number),
            statuses=list(REST_ERROR_STATUSES),
            meta={"window": window, "page": number},
            priority=-number,
            errback=self.page_failed,
            resolves=True,
        )

    def page_failed(self, failure: Failure) -> Iterator[Request]:
        """A REST page that could not be fetched; the first one, in auto mode, means: use HTML."""
        request = failure.request  # type: ignore[attr-defined]
        if (request.meta["window"], request.meta["page"]) == (0, 1) and self._probing():
            yield from self._fall_back(failure.getErrorMessage())
            return
        self.crawl.request_failed(failure)

    def _probing(self) -> bool:
        return self.crawl.plan.source_choice == "auto" and not self.crawl.source

    def _fall_back(self, why: str) -> Iterator[Request]:
        self.crawl.source = "html"
        logger.info("REST API unavailable (%s): crawling HTML pages", why)
        self.crawl.units = Units()
        self.crawl.use_checkpoint(None, None)
        yield from self.fallback(why)

    def parse_page(self, response: Response) -> Iterator[Request | ArticleBatch]:
        crawl = self.crawl
        window: int = response.meta["window"]
        number: int = response.meta["page"]
        if not is_rest_json(response):
            if (window, number) == (0, 1) and self._probing():
                yield from self._fall_back(f"HTTP {response.status} at {response.url}")
                return
            if response.status != PAST_THE_END:
                crawl.request_failed_response(response, "not a REST posts list")
                return
        else:
            crawl.source = "rest"
            crawl.answered()
            zone = crawl.profile.zone
            try:
                posts = rest_posts(response.body)
            except NotAnArticle as error:
                crawl.request_failed_response(response, str(error))
                return
            if number == 1:
                yield from self.more_pages(window, response)
            first, last = (_post_time(posts, i, self.time_field, zone) for i in (0, -1))
            self.received[(window, number)] = Received(first, last)
            crawl.stats.inc_value(crawlstats.POSTS_LISTED, len(posts))
            yield from self.articles(posts, response)
            crawl.posts_done += len(posts)
        crawl.unit_done((window, number))

    def more_pages(self, window: int, response: Response) -> Iterator[Request]:
        total_posts = header_int(response, b"X-WP-Total")
        total_pages = header_int(response, b"X-WP-TotalPages") or 1
        self.pages[window] = total_pages
        crawl = self.crawl
        crawl.stats.inc_value(crawlstats.POSTS_ANNOUNCED, total_posts or 0)
        crawl.set_progress_total(
            int(crawl.stats.get_value(crawlstats.POSTS_ANNOUNCED, 0)), "articles"
        )
        logger.info("REST: %s posts in %d page(s) to read", total_posts, total_pages)
        for number in range(2, total_pages + 1):
            crawl.units.add((window, number))
            yield self.page(window, number)
        if window == 0:  # the probe answered: the other windows now
            for other in range(1, len(self.windows)):
                yield self.first_page(other)

    def page_done(self, unit: Hashable) -> str | None:
        """The checkpoint once the page `unit` and its posts are stored (None: nothing new)."""
        assert isinstance(unit, tuple)
        window, number = unit
        bounds = self.windows[window]
        page = self.received.get(unit)
        if self.checkpoint is None or page is None or bounds.after is None:
            return None
        assert bounds.before is not None
        last_page = number >= self.pages.get(window, 1)
        previous = self.received.get((window, number - 1))
        following_key = (window, number + 1)
        following = self.received.get(following_key)
        first = bounds.after if number == 1 else previous.last if previous else page.first
        closing = last_page and not bounds.open_ended
        last = bounds.before if closing else following.first if following else page.last
        if first is None or last is None:
            return None
        before_it, after_it = self.stored.get((window, number - 1)), self.stored.get(following_key)
        first = min(first, before_it[0]) if before_it else first
        last = min(max(last, after_it[1]) if after_it else last, bounds.before)
        self.stored[unit] = (first, last)
        return self.checkpoint.complete(first, last)

    def articles(self, posts: list[dict[str, Any]], response: Response) -> Iterator[ArticleBatch]:
        """The page's articles as one item (none when no post is one)."""
        articles = []
        for post in posts:
            try:
                articles.append(RestPost(self.crawl.profile, post).to_article())
            except ProtectedPost as error:
                self.crawl.skipped(crawlstats.PROTECTED, str(post.get("link")), str(error))
            except NotAnArticle as error:
                url = self.post_page(post)
                self.crawl.not_an_article(url or repr(post.get("id"))[:40], str(error), url)
        if articles:
            yield self.crawl.batch(articles, response)

    def post_page(self, post: dict[str, Any]) -> str | None:
        """Where a later run can fetch the post again: its link, else its `?p=ID` shortlink."""
        link, number = post.get("link"), post.get("id")
        if isinstance(link, str) and link.startswith(("http://", "https://")):
            return link[:2000]
        if type(number) is int and 0 < number <= MAX_POST_ID:
            profile = self.crawl.profile
            return profile.base_url + profile.paths.shortlink.format(post_id=number)
        return None


def _naive(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _post_time(
    posts: list[dict[str, Any]], index: int, field: str, zone: tzinfo
) -> datetime | None:
    """The site-local naive time `field` of `posts[index]`, None when it cannot be read."""
    if not posts:
        return None
    try:
        moment = datetime.fromisoformat(str(posts[index].get(field, "")))
    except ValueError:
        return None
    return local_naive_time(moment, zone) if moment.tzinfo else moment


def legacy_coverage(crawl: CrawlContext, now: datetime) -> str | None:
    """An archive from before coverage was recorded: covered up to its newest modification."""
    newest = crawl.archive.latest_modified()
    if newest is None:
        return None
    end = min(local_naive_time(newest, crawl.profile.zone), now)
    return WindowCheckpoint(EARLIEST, now, None).complete(EARLIEST, end)


def header_int(response: Response, name: bytes) -> int | None:
    """A response header's integer (`X-WP-Total`, `X-WP-TotalPages`), None when absent."""
    value = response.headers.get(name)
    return int(value) if value and value.strip().isdigit() else None
