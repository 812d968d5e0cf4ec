"""The `arbuz` spider: it only navigates (DESIGN §4); page objects extract, pipelines store.

`scrapy crawl arbuz` runs an incremental crawl (`-a sweep=1`: with a deletion sweep);
`-a since=YYYY-MM-DD [-a until=YYYY-MM-DD]` a backfill; `-a source=auto|rest|html` picks the
source (auto probes the REST API once per run).
The outlet is the one of the `NEWSBOT_SITE` setting (`newsbot.sites`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot.crawl.sweeping import SweepPolicy
from newsbot.crawl.urls import SiteUrls
from newsbot.spiders.assembly import ArticleAssembler
from newsbot.spiders.context import CrawlContext
from newsbot.spiders.html import HtmlNavigation, HtmlSettings
from newsbot.spiders.plan import CrawlPlan
from newsbot.spiders.rest import RestNavigation
from newsbot.spiders.sweep import Sweep
from pipelines.store import ArchiveError, archive_for
from pipelines.store.pipeline import archive_failed, archive_has_failed, as_article
from pipelines.store.retries import RetryPolicy

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ArbuzSpider(Spider):
    name = "arbuz"

    allowed_domains: list[str]
    urls: SiteUrls
    crawl: CrawlContext | None = None

    def __init__(
        self,
        since: str | None = None,
        until: str | None = None,
        source: str = "auto",
        sweep: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.plan = CrawlPlan.from_arguments(since, until, source, sweep)

    @property
    def mode(self) -> str:
        return self.plan.mode

    @property
    def source_choice(self) -> str:
        return self.plan.source_choice

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.urls = SiteUrls.from_settings(crawler.settings)
        spider.allowed_domains = [urlsplit(spider.urls.base).hostname or ""]
        crawler.signals.connect(spider.item_stored, signal=signals.item_scraped)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.item_finished, signal=signals.item_error)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        settings = self.crawler.settings
        try:
            archive = archive_for(self.crawler)
        except ArchiveError as error:
            logger.error("%s", error)
            return
        assert self.crawler.stats is not None
        retry = RetryPolicy(
            backoff=timedelta(minutes=settings.getfloat("NEWSBOT_ARTICLE_RETRY_MINUTES")),
            attempts=settings.getint("NEWSBOT_ARTICLE_RETRY_ATTEMPTS"),
        )
        crawl = CrawlContext(
            self.plan,
            self.urls,
            archive,
            self.crawler.stats,
            retry,
            lambda error: archive_failed(self.crawler, error),
            lambda: archive_has_failed(self.crawler),
        )
        self.crawl = crawl
        assembler = ArticleAssembler(crawl)
        html = HtmlNavigation(
            crawl,
            HtmlSettings(
                revisit=timedelta(days=settings.getfloat("NEWSBOT_REVISIT_DAYS")),
                sitemap_pages=settings.getint("NEWSBOT_INCREMENTAL_SITEMAPS"),
                max_pages=settings.getint("NEWSBOT_MAX_PAGES"),
            ),
        )
        if self.plan.source_choice == "html":
            first = html.start()
        else:
            overlap = timedelta(seconds=settings.getfloat("NEWSBOT_WATERMARK_OVERLAP"))
            first = RestNavigation(crawl, overlap, html.start, html.settings.max_pages).start()
        for request in first:
            yield request
        if self.plan.since is None:
            for request in crawl.article_requests(crawl.failures.due()):
                yield request
            sweep = Sweep(crawl, assembler, SweepPolicy.from_settings(settings), self.plan.sweep)
            for request in sweep.start():
                yield request

    def item_stored(self, item: Any, response: Response | Failure | None, **_: Any) -> None:
        if self.crawl is not None and isinstance(response, Response):
            self.crawl.failures.stored(as_article(item).url, response.meta.get("article_url"))
            self.crawl.stats.set_value(crawlstats.REVIVED_ON_SAVE, self.crawl.archive.revived)
        self.item_finished(item, response)

    def item_dropped(
        self,
        item: Any,
        response: Response | Failure | None,
        exception: BaseException,
        **_: Any,
    ) -> None:
        if self.crawl is not None and isinstance(response, Response):  # retried by later runs
            url = response.meta.get("article_url") or as_article(item).url
            self.crawl.failures.refused(str(exception))
            self.crawl.failures.article_failed(url, str(exception))
        self.item_finished(item, response)

    def item_finished(self, item: Any, response: Response | Failure | None, **_: Any) -> None:
        if self.crawl is not None and isinstance(response, Response):
            self.crawl.ended(response.meta.get("unit"))

    def closed(self, reason: str) -> None:
        if self.crawl is not None:
            self.crawl.finish(reason)

    def log(self, message: Any, level: int = logging.DEBUG, **kw: Any) -> None:
        """What spidermon reports through: the spider's logger, without the deprecation warning
        Scrapy's own `Spider.log` now gives."""
        self.logger.log(level, message, **kw)
