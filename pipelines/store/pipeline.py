"""The Scrapy side: one `Archive` per crawl, and the item pipeline that saves into it."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable
from typing import Any, Self
from weakref import WeakKeyDictionary

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newsbot import crawlstats
from newsbot.items import Article
from newsbot.sites import profile_for
from pipelines.store.archive import Archive
from pipelines.store.errors import ArchiveError

logger = logging.getLogger(__name__)

_ARCHIVES: WeakKeyDictionary[Crawler, Archive] = WeakKeyDictionary()
_FAILURES: WeakKeyDictionary[Crawler, ArchiveError] = WeakKeyDictionary()
"""The first archive error of each crawl: from then on nothing is fetched or written."""
_ARTICLE_FIELDS = frozenset(field.name for field in dataclasses.fields(Article))


def archive_for(crawler: Crawler) -> Archive:
    """The one Archive of this crawl, opened on first use from the crawler's settings
    (NEWSBOT_DB, NEWSBOT_DB_BATCH_SIZE, NEWSBOT_DB_FLUSH_SECONDS, NEWSBOT_DB_BUSY_TIMEOUT) and
    closed when the engine stops. Raises ArchiveError."""
    found = _ARCHIVES.get(crawler)
    if found is not None:
        return found
    settings = crawler.settings
    archive = Archive(
        settings.get("NEWSBOT_DB", "data/newsbot.db"),
        profile_for(settings),
        batch_size=settings.getint("NEWSBOT_DB_BATCH_SIZE", 200),
        flush_seconds=settings.getfloat("NEWSBOT_DB_FLUSH_SECONDS", 2.0),
        busy_timeout=settings.getfloat("NEWSBOT_DB_BUSY_TIMEOUT", 30.0),
    )
    _ARCHIVES[crawler] = archive

    def close_now() -> None:
        _ARCHIVES.pop(crawler, None)
        try:
            archive.close()
        except ArchiveError as error:
            if not archive_has_failed(crawler):  # else it was said once already
                logger.error("%s", error)

    spider_closed: Deferred[None] = Deferred()

    def after_the_spider(**_: Any) -> None:  # connected after the run log and the monitors
        if not spider_closed.called:
            spider_closed.callback(None)

    def close() -> Awaitable[None] | None:
        if spider_closed.called or not _spider_closing(crawler):
            close_now()
            return None
        # A stop (Ctrl-C) while the spider closes waits only for its idle slot: the pipelines,
        # the monitors and the run log still work. The engine stops once they are done.
        spider_closed.addCallback(lambda _: close_now())
        return maybe_deferred_to_future(spider_closed)

    crawler.signals.connect(after_the_spider, signal=signals.spider_closed, weak=False)
    crawler.signals.connect(close, signal=signals.engine_stopped, weak=False)
    return archive


def _spider_closing(crawler: Crawler) -> bool:
    """Whether the crawler's engine still has its spider (its close under way)."""
    try:
        return crawler.engine.spider is not None
    except RuntimeError:  # no engine: a crawler that never crawled
        return False


def archive_failed(crawler: Crawler, error: ArchiveError) -> None:
    """The archive cannot be written: say so once and stop the crawl at once.

    `newsbot.middlewares.halt` lets no request out from then on; what was committed stays
    (each is one transaction) and the state written with them covers exactly those articles. The
    pending batch is tried once more as the archive closes (quietly: the failure was said).
    """
    report_archive_error(crawler, error)
    if crawler.crawling and crawler.engine is not None and crawler.engine.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason=crawlstats.ARCHIVE_ERROR))


def report_archive_error(crawler: Crawler, error: ArchiveError) -> None:
    """Say an archive error once a crawl: the first is logged, kept (`archive_has_failed`) and
    put in the stats for the run's record."""
    assert crawler.stats is not None
    if crawler not in _FAILURES:
        _FAILURES[crawler] = error
        logger.error("%s", error)
        crawler.stats.set_value(crawlstats.STORE_ERROR, str(error))


def archive_has_failed(crawler: Crawler) -> bool:
    """Whether the crawl's archive failed (`report_archive_error`)."""
    return crawler in _FAILURES


def as_article(item: Any) -> Article:
    """The `Article` an item holds (keys that are no field of `Article` are ignored)."""
    if isinstance(item, Article):
        return item
    fields = ItemAdapter(item).asdict()
    return Article(**{name: value for name, value in fields.items() if name in _ARTICLE_FIELDS})


class StorePipeline:
    """Saves every article into the crawl's archive and counts the
    outcomes in the stats (`newsbot/store/new`, `…/updated`, `…/unchanged`, `…/duplicate`).

    An archive that cannot be opened or written stops the crawl (finish reason `archive_error`)
    with its one-line message in the log.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        try:
            self.archive = archive_for(self.crawler)
        except ArchiveError as error:
            report_archive_error(self.crawler, error)
            raise CloseSpider(crawlstats.ARCHIVE_ERROR) from None

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        """Save one article and count its outcome; DropItem when it cannot be written."""
        article = as_article(item)
        if archive_has_failed(self.crawler):
            self.crawler.stats.inc_value(crawlstats.NOT_WRITTEN)
            raise DropItem("not written: the archive failed", log_level="DEBUG")
        self.archive = self.archive or archive_for(self.crawler)
        try:
            outcome = self.archive.save(article)
        except ArchiveError as error:
            archive_failed(self.crawler, error)
            self.crawler.stats.inc_value(crawlstats.NOT_WRITTEN)
            raise DropItem(f"archive write failed: {error}", log_level="DEBUG") from None
        self.crawler.stats.inc_value(crawlstats.stored(outcome))
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.archive is None:
            return
        try:
            self.archive.flush()
        except ArchiveError as error:
            report_archive_error(self.crawler, error)
