"""An article out of more than its first page: the later pages of a post split with
`<!--nextpage-->`, then the post's REST route when the page does not print all that the route
has (a lead-photo caption, a time, a category). Without the route's answer a page lacking a
time or a category is refused with the reason (a later run tries it again), and so is one whose
lead photo shows no caption when the outlet credits its lead photos (a page alone cannot tell a
photo without a credit from a theme that hides it). One request after another; the page
objects and `newsbot.pages.combine` say what each answer holds.

Costs: a split post takes one request per page; a page asking for its REST route one more. An
idle incremental run fetches no article, so none of this.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot.crawl.urls import REST_ERROR_STATUSES
from newsbot.items import Article
from newsbot.normalize import canonical_url
from newsbot.pages import (
    ArticlePage,
    Incomplete,
    NotAnArticle,
    ProtectedPost,
    RestPost,
    completed,
    joined_pages,
    rest_posts,
)
from newsbot.spiders.context import CrawlContext

logger = logging.getLogger(__name__)

ASSEMBLY = "newsbot_assembly"
"""The request meta key of the article being assembled."""
REST_EMBED = "_embed=1"
CREDIT_UNREAD = "lead photo shown without a caption, and no REST route to say its credit"
MAX_POST_PAGES = 100
"""Pages of one post followed at most: a site naming new pages for ever ends there."""


@dataclass
class Assembly:
    """An article read from its first page, waiting for its later pages and its REST route."""

    first: Response
    """The first page's response: the article is stored as fetched from it."""
    article: Article
    pages: list[str]
    """Outlet URLs of the later pages still to fetch, in order."""
    named: set[str]
    """Every page of the post its pages have linked so far (the first's own URL included): a
    theme may link only the next page, not all of them."""
    route: str | None
    """The post's REST route, when the first page asked for it."""
    later: list[Article] = field(default_factory=list)
    needs: Incomplete | None = None
    """What the first page lacks of what every post has: the article is kept only once its
    REST route completed it."""
    credit_unread: bool = False
    """The page shows its lead photo without a caption, the outlet credits its lead photos, and
    the route has not said the credit yet: without the route's answer the article is refused."""


class ArticleAssembler:
    """Follows an article page to its later pages and REST route, then hands the article on."""

    def __init__(self, crawl: CrawlContext) -> None:
        self.crawl = crawl
        crawl.parse_article = self.parse_article

    def article_page(self, response: Response) -> ArticlePage:
        content_type = response.headers.get(b"Content-Type")
        return ArticlePage(
            self.crawl.profile,
            self.crawl.urls.outlet(response.url),
            response.body,
            content_type.decode("latin-1") if content_type else None,
        )

    def parse_article(self, response: Response) -> Iterator[Article | Request]:
        """An article page's answer: its article (and what it still needs), or why it is none."""
        crawl = self.crawl
        crawl.answered()
        if response.status != 304:
            crawl.stats.inc_value(crawlstats.ARTICLE_PAGES)
            try:
                yield from self.first_page(self.article_page(response), response)
            except ProtectedPost as error:
                crawl.skipped(crawlstats.PROTECTED, response.url, str(error))
            except NotAnArticle as error:
                article_url = response.meta.get("article_url")
                crawl.failures.not_an_article(response.url, str(error), article_url)

    def first_page(self, page: ArticlePage, response: Response) -> Iterator[Article | Request]:
        """The article of `page`, or the request for what it still needs; raises NotAnArticle."""
        try:
            article = page.to_article()
        except Incomplete as lacking:
            assembly = Assembly(response, lacking.partial, *self._pages(page), lacking.route)
            assembly.needs = lacking
        else:
            route = page.missing_from_rest()
            assembly = Assembly(response, article, *self._pages(page), route)
            assembly.credit_unread = self.crawl.profile.credits_lead_photos and (
                page.lead_uncaptioned()
            )
        yield from self._next(assembly)

    def _pages(self, first: ArticlePage) -> tuple[list[str], set[str]]:
        """The later pages the first page links, and those with its own URL."""
        later = first.page_urls()
        return later, {canonical_url(first.url, self.crawl.profile), *later}

    def _next(self, assembly: Assembly) -> Iterator[Article | Request]:
        crawl = self.crawl
        unit = assembly.first.meta.get("unit")
        meta = {ASSEMBLY: assembly, "article_url": assembly.first.meta.get("article_url")}
        if assembly.pages:
            url = crawl.urls.fetch(assembly.pages.pop(0))
            yield crawl.request(url, self.parse_later_page, unit=unit, meta=meta)
        elif assembly.route:
            route, assembly.route = assembly.route, None
            url = crawl.urls.fetch(route)
            url += ("&" if "?" in url else "?") + REST_EMBED
            yield crawl.request(
                url,
                self.parse_route,
                unit=unit,
                statuses=REST_ERROR_STATUSES,
                meta=meta,
                errback=self.route_failed,
            )
        elif assembly.needs is not None:  # its route did not complete it
            self.refuse(assembly, str(assembly.needs))
        elif assembly.credit_unread:
            self.refuse(assembly, CREDIT_UNREAD)
        else:
            article = joined_pages(assembly.article, assembly.later)
            yield crawl.item(article, assembly.first)

    def refuse(self, assembly: Assembly, reason: str) -> None:
        first = assembly.first
        self.crawl.failures.not_an_article(first.url, reason, first.meta.get("article_url"))

    def parse_later_page(self, response: Response) -> Iterator[Article | Request]:
        crawl = self.crawl
        assembly: Assembly = response.meta[ASSEMBLY]
        page = self.article_page(response)
        try:
            try:
                later = page.to_article()
            except Incomplete as lacking:  # its text is what a later page gives
                later = lacking.partial
            joined_pages(assembly.article, [*assembly.later, later])  # of the same post?
            linked = [url for url in page.page_urls() if url not in assembly.named]
        except NotAnArticle as error:
            crawl.failures.not_an_article(
                response.url,
                f"page {len(assembly.later) + 2}: {error}",
                response.meta.get("article_url"),
            )
        else:
            assembly.later.append(later)
            linked = linked[: max(0, MAX_POST_PAGES - len(assembly.named))]
            assembly.named.update(linked)
            assembly.pages += linked
            yield from self._next(assembly)

    def parse_route(self, response: Response) -> Iterator[Article | Request]:
        assembly: Assembly = response.meta[ASSEMBLY]
        needs, assembly.needs = assembly.needs, None
        try:
            (post,) = rest_posts(response.body) if response.status == 200 else [{}]
            own = assembly.article.post_id
            if post and own is not None and post.get("id") != own:
                raise NotAnArticle(f"the REST post is post {post.get('id')}, not {own}")
            if post and needs is not None:
                assembly.article = needs.complete(post)
            elif post:
                assembly.article = completed(assembly.article, post, self.crawl.profile)
                lost = RestPost(self.crawl.profile, post).featured_lost()
                assembly.credit_unread = assembly.credit_unread and lost
        except (NotAnArticle, ValueError) as error:
            logger.info("No usable REST post at %s: %s", response.url, error)
            post = {}
        if not post:
            logger.info("No REST post at %s (HTTP %d)", response.url, response.status)
            assembly.needs = needs
        yield from self._next(assembly)

    def route_failed(self, failure: Failure) -> Iterator[Article | Request]:
        """A REST route robots.txt forbids: the article goes on as its pages print it, or is
        refused for what only the route holds; any other failure fails the article (a later run
        tries it again)."""
        request = failure.request  # type: ignore[attr-defined]
        error = failure.value
        if isinstance(error, HttpError) or not isinstance(error, IgnoreRequest):
            self.crawl.request_failed(failure)
            return
        logger.info("Not fetching %s (%s)", request.url, failure.getErrorMessage())
        yield from self._next(request.meta[ASSEMBLY])
