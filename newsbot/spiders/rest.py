"""Navigation through the WordPress REST API: changes since the watermark, or a date window."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot.crawl.dates import local_bounds, local_earlier, local_naive
from newsbot.crawl.progress import OrderedUnits
from newsbot.items import Article
from newsbot.pages import NotAnArticle, ProtectedPost, RestPost, rest_posts
from newsbot.spiders.context import CrawlContext

logger = logging.getLogger(__name__)

PAST_THE_END = 400


def is_rest_json(response: Response) -> bool:
    """Whether the response is a REST collection (a JSON list), not an HTML page or an error."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return response.status == 200 and "json" in content_type and response.body.lstrip()[:1] == b"["


class RestNavigation:
    """Changes since the watermark (`modified_after`), or a backfill's date window, page by page.

    In auto mode the first page is the probe: when it does not answer a REST list,
    `fallback(why)` takes over (the HTML navigation).
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
        self.params: dict[str, str | int] = {}

    def start(self) -> Iterator[Request]:
        crawl = self.crawl
        plan = crawl.plan
        if plan.since is not None:
            after, before = local_bounds(plan.since, crawl.last_day)
            crawl.checkpoint_key = plan.backfill_key("rest")
            resume = crawl.archive.get_state(crawl.checkpoint_key)
            if resume:
                logger.info("Resuming the backfill after %s (site-local time)", resume)
                after = local_earlier(resume)
            self.params = {"orderby": "date", "order": "asc", "after": after, "before": before}
        else:
            self.params = {"orderby": "modified", "order": "asc"}
            if crawl.watermark:
                since = crawl.watermark - self.overlap
                self.params["modified_after"] = local_naive(since, crawl.profile.zone)
        crawl.units.add(1, "")
        yield self.page(1)

    def page(self, number: int) -> Request:
        return self.crawl.request(
            self.crawl.urls.rest_posts(**self.params, page=number),
            self.parse_page,
            unit=number,
            statuses=[400, 401, 403, 404, 410],
            meta={"page": number},
            priority=-number,
            errback=self.page_failed,
            resolves=True,
        )

    def page_failed(self, failure: Failure) -> Iterator[Request]:
        """A REST page that could not be fetched; the first one, in auto mode, means: use HTML."""
        request = failure.request  # type: ignore[attr-defined]
        if request.meta["page"] == 1 and self._probing():
            yield from self._fall_back(failure.getErrorMessage())
            return
        self.crawl.request_failed(failure)

    def _probing(self) -> bool:
        return self.crawl.plan.source_choice == "auto" and not self.crawl.source

    def _fall_back(self, why: str) -> Iterator[Request]:
        self.crawl.source = "html"
        logger.info("REST API unavailable (%s): crawling HTML pages", why)
        self.crawl.units = OrderedUnits()
        yield from self.fallback(why)

    def parse_page(self, response: Response) -> Iterator[Request | Article]:
        crawl = self.crawl
        number: int = response.meta["page"]
        if not is_rest_json(response):
            if number == 1 and self._probing():
                yield from self._fall_back(f"HTTP {response.status} at {response.url}")
                return
            if response.status != PAST_THE_END:
                crawl.request_failed_response(response, "not a REST posts list")
                return
        else:
            crawl.source = "rest"
            try:
                posts = rest_posts(response.body)
            except NotAnArticle as error:
                crawl.request_failed_response(response, str(error))
                return
            if number == 1:
                yield from self.more_pages(response)
            if posts:
                crawl.units.set_label(number, str(posts[-1].get("date", "")))
            yield from self.articles(posts, response)
            crawl.posts_done += len(posts)
        crawl.unit_done(number)

    def more_pages(self, response: Response) -> Iterator[Request]:
        total_posts = _header_int(response, b"X-WP-Total")
        total_pages = _header_int(response, b"X-WP-TotalPages") or 1
        self.crawl.set_progress_total(total_posts or 0, "articles")
        logger.info("REST: %s posts in %d page(s) to read", total_posts, total_pages)
        for number in range(2, total_pages + 1):
            self.crawl.units.add(number, "")
            yield self.page(number)

    def articles(self, posts: list[dict[str, Any]], response: Response) -> Iterator[Article]:
        for post in posts:
            try:
                article = RestPost(self.crawl.profile, post).to_article()
            except ProtectedPost as error:
                self.crawl.skipped(crawlstats.PROTECTED, str(post.get("link")), str(error))
                continue
            except NotAnArticle as error:
                self.crawl.not_an_article(str(post.get("link") or post.get("id")), str(error))
                continue
            yield self.crawl.item(article, response, own_page=False)


def _header_int(response: Response, name: bytes) -> int | None:
    value = response.headers.get(name)
    return int(value) if value and value.strip().isdigit() else None
