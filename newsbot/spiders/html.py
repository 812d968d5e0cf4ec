"""Navigation through HTML pages: the feed and sitemaps for changes, date archives for backfills."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.http import Response

from newsbot.crawl.dates import days, parse_day, shift
from newsbot.normalize import utc_iso
from newsbot.pages import FeedPage, ListingPage, SitemapPage

if TYPE_CHECKING:
    from newsbot.spiders.arbuz import ArbuzSpider

logger = logging.getLogger(__name__)

FEED_ETAG = "html:feed:etag"
FEED_LAST_MODIFIED = "html:feed:last_modified"


def _text_header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class HtmlNavigation:
    def __init__(self, spider: ArbuzSpider) -> None:
        self.spider = spider
        self.listing_started = False

    def start(self) -> Iterator[Request]:
        if self.spider.mode == "backfill":
            yield from self.backfill()
        else:
            yield self.feed()

    # Incremental: feed → sitemaps (or listings and a revisit window) ---------------------------

    def feed(self) -> Request:
        archive = self.spider.archive
        headers = {
            name: value
            for name, value in (
                ("If-None-Match", archive.get_state(FEED_ETAG)),
                ("If-Modified-Since", archive.get_state(FEED_LAST_MODIFIED)),
            )
            if value
        }
        return self.spider.request(
            self.spider.urls.feed(), self.parse_feed, statuses=[304], headers=headers
        )

    def parse_feed(self, response: Response) -> Iterator[Request]:
        spider = self.spider
        spider.source = "html"
        if response.status == 304:
            logger.info("The feed has not changed since the last run: nothing to fetch")
            return
        for key, header in ((FEED_ETAG, b"ETag"), (FEED_LAST_MODIFIED, b"Last-Modified")):
            value = _text_header(response, header)
            if value:
                spider.state_at_close[key] = value
        feed = FeedPage(response.body)
        changed_at = feed.last_build_date()
        if spider.watermark and changed_at and changed_at <= spider.watermark:
            logger.info("Nothing changed on the site since %s: nothing to fetch", spider.watermark)
            return
        fresh = [entry.url for entry in feed.entries() if entry.url not in spider.known]
        yield from spider.article_requests(fresh)
        yield spider.request(spider.urls.sitemap_index(), self.parse_sitemap_index, statuses=[404])

    def parse_sitemap_index(self, response: Response) -> Iterator[Request]:
        sitemaps = SitemapPage(response.body).post_sitemaps() if response.status == 200 else []
        if not sitemaps:
            logger.info("No posts sitemaps at %s: reading listings instead", response.url)
            yield from self.listings()
            return
        newest = self.spider.sitemap_pages
        if self.spider.watermark and newest and len(sitemaps) > newest:
            logger.info("Reading the newest %d of %d posts sitemaps", newest, len(sitemaps))
            sitemaps = sitemaps[-newest:]  # WordPress numbers them by post id: new posts are last
        for loc in sitemaps:
            yield self.spider.request(self.spider.urls.fetch(loc), self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        spider = self.spider
        entries = SitemapPage(response.body).entries()
        if any(entry.lastmod is None for entry in entries):
            logger.info("The sitemap %s has no lastmod: reading listings instead", response.url)
            yield from self.listings()
            return
        threshold = shift(spider.watermark, -spider.overlap) if spider.watermark else ""
        wanted = []
        for entry in entries:
            stored = spider.known.get(entry.url)
            lastmod = entry.lastmod or ""
            if (stored is None and lastmod > threshold) or (
                stored is not None and lastmod > stored
            ):
                wanted.append(entry.url)
        yield from spider.article_requests(wanted)

    def listings(self) -> Iterator[Request]:
        """Listing pages from the newest until one holds a known article, plus recent revisits."""
        if self.listing_started:
            return
        self.listing_started = True
        yield self.spider.request(self.spider.urls.home(), self.parse_listing)
        yield from self.revisits()

    def parse_listing(self, response: Response) -> Iterator[Request]:
        spider = self.spider
        page = ListingPage(spider.urls.outlet(response.url), response.body)
        listed = page.article_urls()
        fresh = [url for url in listed if url not in spider.known]
        yield from spider.article_requests(fresh)
        next_url = page.next_page_url()
        if fresh and len(fresh) == len(listed) and next_url:
            yield spider.request(spider.urls.fetch(next_url), self.parse_listing)

    def revisits(self) -> Iterator[Request]:
        """Conditional re-fetches of articles published inside the revisit window (edits)."""
        spider = self.spider
        cutoff = utc_iso(datetime.now(UTC) - timedelta(days=spider.revisit_days))
        for stored in spider.archive.iter_articles(since=cutoff):
            article = stored.article
            yield from spider.article_requests(
                [article.url], modified_since=article.modified_at or article.published_at
            )

    # Backfill: year → month → day archives --------------------------------------------------

    def backfill(self) -> Iterator[Request]:
        spider = self.spider
        assert spider.since is not None
        spider.checkpoint_key = spider.backfill_key("html")
        first = spider.since
        resume = spider.archive.get_state(spider.checkpoint_key)
        if resume:
            logger.info("Resuming the backfill after %s", resume)
            first = max(first, parse_day(resume) + timedelta(days=1))
        wanted = list(days(first, spider.last_day))
        spider.units.extend((day, day.isoformat()) for day in wanted)
        stats = spider.crawler.stats
        assert stats is not None
        stats.set_value("newsbot/progress/total", len(wanted))
        stats.set_value("newsbot/progress/unit", "days")
        for year, in_year in groupby(wanted, key=lambda day: day.year):
            yield self.archive_probe(spider.urls.year(year), self.parse_year, list(in_year))

    def archive_probe(self, url: str, callback: object, covered: list[date]) -> Request:
        """A year or month archive request standing for the days it covers."""
        return self.spider.request(
            url, callback, statuses=[404], meta={"days": covered, "units_on_failure": covered}
        )

    def parse_year(self, response: Response) -> Iterator[Request]:
        covered: list[date] = response.meta["days"]
        if response.status == 404:
            self.resolve(covered)
            return
        for (year, month), in_month in groupby(covered, key=lambda day: (day.year, day.month)):
            yield self.archive_probe(
                self.spider.urls.month(year, month), self.parse_month, list(in_month)
            )

    def parse_month(self, response: Response) -> Iterator[Request]:
        covered: list[date] = response.meta["days"]
        if response.status == 404:
            self.resolve(covered)
            return
        for day in covered:
            yield self.spider.request(
                self.spider.urls.day(day), self.parse_day, unit=day, statuses=[404], resolves=True
            )

    def parse_day(self, response: Response) -> Iterator[Request]:
        spider = self.spider
        day: date = response.meta["unit"]
        if response.status == 200:
            page = ListingPage(spider.urls.outlet(response.url), response.body)
            listed = page.article_urls()
            yield from spider.article_requests(
                [url for url in listed if url not in spider.known], unit=day
            )
            next_url = page.next_page_url()
            if next_url and listed:
                yield spider.request(
                    spider.urls.fetch(next_url), self.parse_day, unit=day, statuses=[404]
                )
        spider.unit_done(day)

    def resolve(self, covered: list[date]) -> None:
        for day in covered:
            self.spider.unit_done(day)
