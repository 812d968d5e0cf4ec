"""Navigation through the WordPress REST API: changes since the watermark, or a date window."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot.crawl.dates import local_bounds, local_earlier, local_naive, shift
from newsbot.items import Article
from newsbot.pages import NotAnArticle, RestPost, rest_posts

if TYPE_CHECKING:
    from newsbot.spiders.arbuz import ArbuzSpider

logger = logging.getLogger(__name__)

PAST_THE_END = 400


def is_rest_json(response: Response) -> bool:
    """Whether the response is a REST collection (a JSON list), not an HTML page or an error."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return response.status == 200 and "json" in content_type and response.body.lstrip()[:1] == b"["


class RestNavigation:
    def __init__(self, spider: ArbuzSpider) -> None:
        self.spider = spider
        self.params: dict[str, str | int] = {}
        self.posts_done = 0

    def start(self) -> Iterator[Request]:
        spider = self.spider
        if spider.mode == "backfill":
            assert spider.since is not None
            after, before = local_bounds(spider.since, spider.last_day)
            spider.checkpoint_key = spider.backfill_key("rest")
            resume = spider.archive.get_state(spider.checkpoint_key)
            if resume:
                logger.info("Resuming the backfill after %s (site-local time)", resume)
                after = local_earlier(resume)
            self.params = {"orderby": "date", "order": "asc", "after": after, "before": before}
        else:
            self.params = {"orderby": "modified", "order": "asc"}
            if spider.watermark:
                since = shift(spider.watermark, -spider.overlap)
                self.params["modified_after"] = local_naive(since)
        spider.units.add(1, "")
        yield self.page(1)

    def page(self, number: int) -> Request:
        return self.spider.request(
            self.spider.urls.rest_posts(**self.params, page=number),
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
        spider = self.spider
        request = failure.request  # type: ignore[attr-defined]
        if request.meta["page"] == 1 and spider.source_choice == "auto" and not spider.source:
            spider.source = "html"
            yield from spider.use_html(failure.getErrorMessage())
            return
        spider.request_failed(failure)

    def parse_page(self, response: Response) -> Iterator[Request | Article]:
        spider = self.spider
        number: int = response.meta["page"]
        if not is_rest_json(response):
            if number == 1 and spider.source_choice == "auto" and not spider.source:
                spider.source = "html"
                yield from spider.use_html(f"HTTP {response.status} at {response.url}")
                return
            if response.status != PAST_THE_END:
                spider.request_failed_response(response, "not a REST posts list")
                return
        else:
            spider.source = "rest"
            try:
                posts = rest_posts(response.body)
            except NotAnArticle as error:
                spider.request_failed_response(response, str(error))
                return
            if number == 1:
                yield from self.more_pages(response)
            if posts:
                spider.units.set_label(number, str(posts[-1].get("date", "")))
            yield from self.articles(posts, response)
            self.posts_done += len(posts)
        spider.unit_done(number)

    def more_pages(self, response: Response) -> Iterator[Request]:
        total_posts = _header_int(response, b"X-WP-Total")
        total_pages = _header_int(response, b"X-WP-TotalPages") or 1
        stats = self.spider.crawler.stats
        assert stats is not None
        stats.set_value("newsbot/progress/total", total_posts or 0)
        stats.set_value("newsbot/progress/unit", "articles")
        logger.info("REST: %s posts in %d page(s) to read", total_posts, total_pages)
        for number in range(2, total_pages + 1):
            self.spider.units.add(number, "")
            yield self.page(number)

    def articles(self, posts: list[dict[str, Any]], response: Response) -> Iterator[Article]:
        for post in posts:
            try:
                article = RestPost(post).to_article()
            except NotAnArticle as error:
                self.spider.not_an_article(str(post.get("link") or post.get("id")), str(error))
                continue
            yield self.spider.item(article, response)


def _header_int(response: Response, name: bytes) -> int | None:
    value = response.headers.get(name)
    return int(value) if value and value.strip().isdigit() else None
