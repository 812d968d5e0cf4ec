"""Navigation through HTML pages: the feed and sitemaps for changes, date archives for backfills."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import partial
from itertools import groupby

from scrapy import Request
from scrapy.http import Response

from newsbot import crawlstats
from newsbot.crawl.checkpoints import DayCheckpoint
from newsbot.normalize import first_instant, from_utc_iso, utc_iso, utc_now
from newsbot.pages import FeedPage, ListingPage, SitemapPage
from newsbot.spiders.context import Checkpoint, CrawlContext

logger = logging.getLogger(__name__)

FEED_ETAG = "html:feed:etag"
FEED_LAST_MODIFIED = "html:feed:last_modified"
LISTING_FRONTIER = "incremental:html:listing"
"""crawl_state key: the next listing page of a walk that has not reached known articles yet."""
HTML_COVERED = "incremental:html:covered"
"""crawl_state key: the site's last change (the feed's `Last-Modified`, at most the run's clock)
as the last run that read every feed and sitemap it asked for saw it."""


DEPTH = "newsbot_walk_depth"
"""The request meta key of a walk's page number (the first page is 1)."""
SEEN = "newsbot_walk_seen"
"""The request meta key of the articles a walk's earlier pages listed: a page listing none but
those is the site repeating itself, and ends the walk."""


@dataclass(frozen=True)
class HtmlSettings:
    """How far HTML incremental runs look (`NEWSBOT_*` settings)."""

    revisit: timedelta
    """Without sitemap lastmod, articles this young are re-fetched conditionally for edits."""
    sitemap_pages: int
    """The newest this many posts sitemaps are read (0: all)."""
    max_pages: int
    """The most pages one walk of listings or of a day's archive reads."""


def site_changed_at(response: Response, zone: tzinfo) -> datetime | None:
    """The feed's `Last-Modified`: the site's latest edit or publication (None: not said)."""
    header = response.headers.get(b"Last-Modified") or b""
    return first_instant([header.decode("latin-1")], zone)


class HtmlNavigation:
    """The feed and sitemaps (or listings) for changes, date archives for backfills."""

    def __init__(self, crawl: CrawlContext, settings: HtmlSettings) -> None:
        self.crawl = crawl
        self.settings = settings
        self.listing_started = False
        self.walks = 0
        """Listing walks still going (from the newest page, from an earlier run's frontier)."""
        self.covered: datetime | None = None
        """Until when the last complete run read the site's changes (None: never)."""
        self.unstored: set[str] = set()
        """Articles the archive lacked when this run saw them listed: a listing page naming
        them is no page of known articles, even once this run has stored them."""

    def not_stored(self, urls: list[str], known: dict[str, datetime]) -> list[str]:
        """Of `urls`, those the archive lacked when this run first saw them (`known`: what it
        holds of them now)."""
        self.unstored.update(url for url in urls if url not in known)
        return [url for url in urls if url in self.unstored]

    def covered_by_last_run(self) -> datetime | None:
        """The site's changes the last complete incremental run read: up to the feed's
        `Last-Modified` it saw (at most that run's clock); None when none did (a first run,
        or one after a backfill or an interrupted run, reads every posts sitemap)."""
        saved = self.crawl.archive.get_state(HTML_COVERED)
        return from_utc_iso(saved) if saved else None

    def start(self) -> Iterator[Request]:
        if self.crawl.plan.since is not None:
            yield from self.backfill()
        else:
            self.covered = self.covered_by_last_run()
            yield self.feed()

    # Incremental: feed → sitemaps (or listings and a revisit window) ---------------------------

    def feed(self) -> Request:
        archive = self.crawl.archive
        headers = {
            name: value
            for name, value in (
                ("If-None-Match", archive.get_state(FEED_ETAG)),
                ("If-Modified-Since", archive.get_state(FEED_LAST_MODIFIED)),
            )
            if value
        }
        return self.crawl.request(
            self.crawl.urls.feed(), self.parse_feed, statuses=[304], headers=headers
        )

    def parse_feed(self, response: Response) -> Iterator[Request]:
        crawl = self.crawl
        crawl.stats.set_value(crawlstats.SOURCE, "html")
        if response.status == 304:
            crawl.answered()
            logger.info("The feed has not changed since the last run: nothing to fetch")
            return
        for key, header in ((FEED_ETAG, b"ETag"), (FEED_LAST_MODIFIED, b"Last-Modified")):
            value = response.headers.get(header)
            if value:
                crawl.state_at_close[key] = value.decode("latin-1")
        entries = FeedPage(crawl.profile, response.body).entries()
        crawl.listing_read(response.url, len(entries))
        urls = [entry.url for entry in entries]
        yield from crawl.article_requests(self.not_stored(urls, crawl.archive.freshness_of(urls)))
        # WordPress sends the site's latest edit or publication; the feed's own lastBuildDate
        # misses edits of older posts and scheduled posts it publishes.
        changed_at = site_changed_at(response, crawl.profile.zone)
        covered, now = self.covered, utc_now()
        crawl.state_at_close[HTML_COVERED] = utc_iso(min(changed_at or now, now))
        if covered and changed_at and changed_at <= covered:
            logger.info("Nothing edited on the site since %s: no sitemap to read", covered)
            return
        yield crawl.request(crawl.urls.sitemap_index(), self.parse_sitemap_index, statuses=[404])

    def parse_sitemap_index(self, response: Response) -> Iterator[Request]:
        if response.status == 200:
            sitemaps = SitemapPage(self.crawl.profile, response.body).post_sitemaps()
            self.crawl.listing_read(response.url, len(sitemaps))
        else:
            sitemaps = []
            self.crawl.answered()
        if not sitemaps:
            logger.info("No posts sitemaps at %s: reading listings instead", response.url)
            yield from self.listings()
            return
        newest = self.settings.sitemap_pages
        if self.covered and newest and len(sitemaps) > newest:
            logger.info("Reading the newest %d of %d posts sitemaps", newest, len(sitemaps))
            sitemaps = sitemaps[-newest:]  # WordPress numbers them by post id: new posts are last
        for loc in sitemaps:
            yield self.crawl.request(self.crawl.urls.fetch(loc), self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        crawl = self.crawl
        entries = SitemapPage(crawl.profile, response.body).entries()
        crawl.listing_read(response.url, len(entries))
        urls = [entry.url for entry in entries]
        known = crawl.archive.freshness_of(urls)
        wanted = self.not_stored(urls, known)
        for entry in entries:  # every post not stored, whatever its lastmod, and every edit
            stored = known.get(entry.url)
            if stored and entry.lastmod and entry.lastmod > stored:
                wanted.append(entry.url)
        yield from crawl.article_requests(wanted)
        if any(entry.lastmod is None for entry in entries):
            logger.info("The sitemap %s has no lastmod: reading listings too", response.url)
            yield from self.listings()

    def listings(self) -> Iterator[Request]:
        """Listing pages from the newest until one holds only known articles, and from where
        an unfinished walk of an earlier run stopped; plus revisits."""
        if self.listing_started:
            return
        self.listing_started = True
        frontier = self.crawl.archive.get_state(LISTING_FRONTIER)
        for url in (self.crawl.urls.outlet(self.crawl.urls.home()), frontier):
            if url:
                self.walks += 1
                yield self.crawl.request(self.crawl.urls.fetch(url), self.parse_listing)
        yield from self.revisits()

    def parse_listing(self, response: Response) -> Iterator[Request]:
        crawl = self.crawl
        next_url, walk_on, fresh = yield from self.listing_page(response)
        if fresh and next_url:
            # The next page is kept with the articles: a stop here resumes from there.
            crawl.write(partial(crawl.archive.set_state, LISTING_FRONTIER, next_url))
            yield crawl.request(crawl.urls.fetch(next_url), self.parse_listing, meta=walk_on)
            return
        self.walks -= 1
        if not self.walks:
            crawl.write(partial(crawl.archive.delete_state, LISTING_FRONTIER))

    def listing_page(
        self, response: Response, unit: date | None = None
    ) -> Generator[Request, None, tuple[str | None, dict[str, object], bool]]:
        """Requests for the articles a listing page names that are not stored; returns the URL
        and meta of the next page of its walk (no URL: the walk ends, the page listing nothing
        it had not seen or the walk being `max_pages` long) and whether any article was new."""
        crawl = self.crawl
        page = ListingPage(crawl.profile, crawl.urls.outlet(response.url), response.body)
        listed = page.article_urls()
        crawl.listing_read(response.url, len(listed))
        fresh = self.not_stored(listed, crawl.archive.freshness_of(listed))
        yield from crawl.article_requests(fresh, unit=unit)
        seen: frozenset[str] = response.meta.get(SEEN, frozenset())
        depth: int = response.meta.get(DEPTH, 1)
        ends = seen.issuperset(listed) or depth >= self.settings.max_pages
        next_url = None if ends else page.next_page_url()
        return next_url, {SEEN: seen.union(listed), DEPTH: depth + 1}, bool(fresh)

    def revisits(self) -> Iterator[Request]:
        """Conditional re-fetches of articles published inside the revisit window (edits)."""
        crawl = self.crawl
        cutoff = utc_now() - self.settings.revisit
        for stored in crawl.archive.iter_articles(since=cutoff):
            article = stored.article
            yield from crawl.article_requests(
                [article.url], modified_since=article.modified_at or article.published_at
            )

    # Backfill: year → month → day archives --------------------------------------------------

    def backfill(self) -> Iterator[Request]:
        crawl = self.crawl
        assert crawl.plan.since is not None
        key = crawl.plan.backfill_key("html")
        saved = crawl.archive.get_state(key)
        checkpoint = DayCheckpoint(crawl.plan.since, crawl.last_day, saved)
        wanted = checkpoint.wanted()
        if saved:
            logger.info("Resuming the backfill: %d day(s) left", len(wanted))
        crawl.checkpoint = Checkpoint(key, checkpoint.complete)
        crawl.units.extend(wanted)
        crawl.set_progress_total(len(wanted), "days")
        for year, in_year in groupby(wanted, key=lambda day: day.year):
            yield self.archive_probe(crawl.urls.year(year), self.parse_year, list(in_year))

    def archive_probe(
        self, url: str, callback: Callable[[Response], Iterator[Request]], covered: list[date]
    ) -> Request:
        """A year or month archive request standing for the days it covers."""
        return self.crawl.request(
            url, callback, statuses=[404], meta={"days": covered, "units_on_failure": covered}
        )

    def archive_days(self, response: Response) -> list[date]:
        """The days a year or month archive stands for; none when it is absent (404)."""
        covered: list[date] = response.meta["days"]
        self.crawl.answered()
        if response.status != 404:
            return covered
        for day in covered:  # no request needed: done
            self.crawl.resolved(day)
        return []

    def parse_year(self, response: Response) -> Iterator[Request]:
        months = groupby(self.archive_days(response), key=lambda day: (day.year, day.month))
        for (year, month), in_month in months:
            yield self.archive_probe(
                self.crawl.urls.month(year, month), self.parse_month, list(in_month)
            )

    def parse_month(self, response: Response) -> Iterator[Request]:
        for day in self.archive_days(response):
            yield self.crawl.request(
                self.crawl.urls.day(day), self.parse_day, unit=day, statuses=[404]
            )

    def parse_day(self, response: Response) -> Iterator[Request]:
        crawl = self.crawl
        day: date = response.meta["unit"]
        if response.status != 200:
            crawl.answered()
            return
        next_url, walk_on, _ = yield from self.listing_page(response, day)
        if next_url:
            url = crawl.urls.fetch(next_url)
            yield crawl.request(url, self.parse_day, unit=day, statuses=[404], meta=walk_on)
