"""What Scrapy does for every item, done for the articles of an `ArticleBatch` once it has passed
the pipelines: Scrapy counted the batch as one item scraped; each article stored counts as one,
and each one a pipeline rejected is dropped as Scrapy drops an item (its log line, the
`item_dropped` signal, the stats)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.http import Response
from scrapy.utils.log import logformatter_adapter

from newsbot import crawlstats
from newsbot.items import ArticleBatch

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def settle(crawler: Crawler, batch: ArticleBatch, response: Response) -> None:
    """Account for the articles of `batch`, which Scrapy has just counted as one item scraped.

    The `item_dropped` signal of a rejected article carries `batch`: its handlers know that the
    article's page is settled with the batch (a handler without that argument never sees it).
    """
    assert crawler.stats is not None and crawler.spider is not None
    crawler.stats.inc_value(crawlstats.ITEMS_SCRAPED, len(batch.articles) - 1)
    for article, drop in batch.rejected:
        logged = crawler.logformatter.dropped(article, drop, response, crawler.spider)
        if logged is not None:
            logger.log(*logformatter_adapter(logged), extra={"spider": crawler.spider})
        crawler.signals.send_catch_log(
            signal=signals.item_dropped,
            item=article,
            response=response,
            spider=crawler.spider,
            exception=drop,
            batch=batch,
        )
