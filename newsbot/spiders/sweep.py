"""The sweep (DESIGN §4, §5): list every post the site has, fetch the listed ones the archive
lacks or holds older, confirm each stored article the listing left out with a request of its own
(`newsbot.spiders.confirm`), and revive the ones marked deleted that it holds again.

REST lists `/wp-json/wp/v2/posts?_fields=id,modified&per_page=100&orderby=id&order=asc` page by
page; HTML reads the sitemap index and every posts sitemap. Only a listing read whole is
compared. A listing leaving out more than a plausible share of the archive marks nothing and
fails the run. A run that does not sweep still asks about the suspects earlier runs left.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot.crawl.rest_answers import PAST_THE_END, PageWalk, is_rest_json
from newsbot.crawl.sweeping import SWEEP_STATE, Listed, SweepPolicy, behind, compare, listed_posts
from newsbot.crawl.urls import REST_ERROR_STATUSES
from newsbot.items import Article
from newsbot.normalize import from_utc_iso, utc_iso, utc_now
from newsbot.pages import SitemapPage
from newsbot.spiders.assembly import ArticleAssembler
from newsbot.spiders.confirm import Confirmations, given_up
from newsbot.spiders.context import CrawlContext
from newsbot.spiders.rest_items import post_articles, read_posts
from pipelines.store.deletions import Presence, Suspect

logger = logging.getLogger(__name__)

PAGE = "newsbot_sweep_page"
"""The request meta key of a listing page: a REST page number or a sitemap's URL."""
INCLUDED = 100
"""Posts a request by id asks for."""
UNPUBLISHED = "unpublished"
"""A reason a post may not keep: a draft or a trashed post is often deleted later."""


class Sweep:
    """One run's sweep, or (when none is due) its confirmations of earlier suspects."""

    def __init__(
        self, crawl: CrawlContext, assembler: ArticleAssembler, policy: SweepPolicy, asked: bool
    ) -> None:
        self.crawl = crawl
        self.policy = policy
        self.tombstones = crawl.archive.tombstones
        last = crawl.archive.get_state(SWEEP_STATE)
        now = utc_now()
        self.listing = asked or policy.due(from_utc_iso(last) if last else None, now)
        if last is None and policy.every is not None:
            crawl.state_at_close[SWEEP_STATE] = utc_iso(now)  # the schedule starts now
        self.suspects = self.tombstones.suspects()
        self.confirmations = Confirmations(crawl, assembler)
        self.pages: dict[int | str, Listed] = {}
        """What each listing page named: post ids (REST) or article URLs (HTML), each with
        its modification time when the listing gives one."""
        self.walk: PageWalk | None = None
        """The pages of a REST listing, once its first page has said."""
        self.sitemaps: list[str] | None = None
        """The posts sitemaps an HTML listing reads, once the index has said."""
        self.decided = False
        self.broken = False

    def start(self) -> Iterator[Request]:
        if not self.listing:
            if self.suspects:
                self.crawl.stats.set_value(crawlstats.SWEEP_SUSPECTS, len(self.suspects))
            yield from self.confirmations.requests(list(self.suspects.values()))
            return
        self.crawl.stats.set_value(crawlstats.SWEEP_LISTED_SITE, 1)
        if self.crawl.plan.source_choice == "html":
            yield self.sitemap_index()
        else:
            yield self.rest_page(1)

    # REST ---------------------------------------------------------------------------------------

    def rest_page(self, number: int) -> Request:
        url = self.crawl.urls.rest_ids(number)
        return self._listing(url, self.parse_rest_page, number, *REST_ERROR_STATUSES)

    def parse_rest_page(self, response: Response) -> Iterator[Request | Article]:
        self.crawl.answered()
        number: int = response.meta[PAGE]
        if not is_rest_json(response):
            if number == 1 and self.crawl.plan.source_choice == "auto":
                logger.info("No REST API for the sweep (HTTP %d): sweeping the sitemaps",
                            response.status)  # fmt: skip
                yield self.sitemap_index()
                return
            if response.status != PAST_THE_END or number == 1:
                self._broken(f"HTTP {response.status} at {response.url}: not a REST posts list")
                return
            ids: Listed = {}  # fewer pages than the first said: posts left meanwhile
        else:
            ids = listed_posts(response.body, self.crawl.profile.zone)
        if number == 1:
            size = self.crawl.profile.rest_page_size
            self.walk = PageWalk(response, size, self.policy.max_pages)
            for later in self.walk.first_pages():
                yield self.rest_page(later)
        elif self.walk is not None and (following := self.walk.next_page(number, not ids)):
            yield self.rest_page(following)
        self.pages[number] = ids
        yield from self.listed("rest")

    def listed(self, source: str) -> Iterator[Request | Article]:
        """Once the listing is complete: decide on it, then fetch the posts it names that the
        archive lacks or holds older."""
        if not self._complete():
            return
        stored = self.tombstones.presence()
        holders: dict[int | str, Presence]  # the stored article each post id or URL names
        if source == "rest":
            stored = [p for p in stored if p.post_id is not None]
            holders = {p.post_id: p for p in stored if p.post_id is not None}
        else:
            by_key = {p.article_id: p for p in stored}
            urls = self.tombstones.urls().items()
            holders = {url: by_key[key] for url, key in urls if key in by_key}
        listed = {key: when for page in self.pages.values() for key, when in page.items()}
        named = {holders[key].article_id for key in listed if key in holders}
        yield from self.decide(source, stored, named, len(listed))
        wanted = [key for key, modified in listed.items() if behind(holders.get(key), modified)]
        if wanted:
            logger.info("Sweep: fetching %d posts not stored or stored older", len(wanted))
            self.crawl.stats.inc_value(crawlstats.SWEEP_FETCHED, len(wanted))
        if source == "rest":
            yield from self.posts_by_id([key for key in wanted if isinstance(key, int)])
        else:
            pages = (key for key in wanted if isinstance(key, str))
            yield from self.crawl.article_requests(
                pages, cost=crawlstats.SWEEP_ARTICLE_REQUESTS, reconcile=True
            )

    def posts_by_id(self, post_ids: list[int]) -> Iterator[Request]:
        """Requests for the posts a sweep finds revived, missing or stored older, by id."""
        for start in range(0, len(post_ids), INCLUDED):
            chunk = post_ids[start : start + INCLUDED]
            url = self.crawl.urls.rest_posts(include=",".join(map(str, chunk)), per_page=len(chunk))
            yield self.crawl.request(url, self.parse_posts, cost=crawlstats.SWEEP_ARTICLE_REQUESTS)

    def parse_posts(self, response: Response) -> Iterator[Article]:
        self.crawl.answered()
        yield from post_articles(self.crawl, read_posts(self.crawl, response) or [], response)

    # HTML ---------------------------------------------------------------------------------------

    def sitemap_index(self) -> Request:
        return self._listing(self.crawl.urls.sitemap_index(), self.parse_index, "index", 404)

    def parse_index(self, response: Response) -> Iterator[Request]:
        self.crawl.answered()
        sitemaps = []
        if response.status == 200:
            sitemaps = SitemapPage(self.crawl.profile, response.body).post_sitemaps()
        if not sitemaps:
            self._broken(f"no posts sitemaps at {response.url}: the HTML sweep reads them")
            return
        self.sitemaps = sitemaps
        for loc in sitemaps:
            yield self._listing(self.crawl.urls.fetch(loc), self.parse_sitemap, loc)

    def parse_sitemap(self, response: Response) -> Iterator[Request | Article]:
        self.crawl.answered()
        loc: str = response.meta[PAGE]
        entries = SitemapPage(self.crawl.profile, response.body).entries()
        self.pages[loc] = {entry.url: entry.lastmod for entry in entries}
        yield from self.listed("html")

    def revived_pages(self, article_ids: list[int]) -> Iterator[Request]:
        for key in article_ids:
            stored = self.crawl.archive.get(key)
            if stored is not None:
                url = stored.article.url
                yield self.crawl.request(
                    self.crawl.urls.fetch(url),
                    self.crawl.parse_article,
                    statuses=[304],
                    meta={"article_url": url},
                    cost=crawlstats.SWEEP_ARTICLE_REQUESTS,
                )

    # Both: the listing, and what it decides -----------------------------------------------------

    def _listing(
        self, url: str, callback: Callable[[Response], Iterator[object]], page: int | str,
        *statuses: int,
    ) -> Request:  # fmt: skip
        return self.crawl.request(
            url,
            callback,
            statuses=statuses,
            meta={PAGE: page},
            errback=self.listing_failed,
            cost=crawlstats.SWEEP_LISTING_REQUESTS,
        )

    def listing_failed(self, failure: Failure) -> None:
        url = failure.request.url  # type: ignore[attr-defined]
        if self.decided:  # a page asked ahead, past the end of a listing read whole
            logger.info("Sweep: %s failed past the listing's end", url)
            return
        why = given_up(self.crawl, failure)
        if why is not None:
            self._broken(f"{url}: {why}")

    def _broken(self, why: str) -> None:
        """The listing cannot be read whole: the sweep decides nothing this run (unless it
        already has: a page past the end of a listing read whole tells nothing)."""
        if not (self.broken or self.decided):
            self.broken = True
            self.crawl.stats.set_value(crawlstats.SWEEP_INCOMPLETE, why)
            logger.warning("The sweep decides nothing this run: %s", why)

    def _complete(self) -> bool:
        """Whether every page of the listing has answered (once: it is then decided)."""
        if self.broken or self.decided:
            return False
        pages = self.sitemaps or (range(1, self.walk.last + 1) if self.walk else [])
        self.decided = bool(pages) and all(page in self.pages for page in pages)
        return self.decided

    def decide(
        self, source: str, stored: list[Presence], named: set[int], listed: int
    ) -> Iterator[Request | Article]:
        """Suspects, revivals and the confirmations of a complete listing of `listed` posts
        (`named`: the keys of the stored articles among them)."""
        stats = self.crawl.stats
        comparison = compare(stored, named)
        missing = comparison.missing
        stats.set_value(crawlstats.SWEEP_LISTED, listed)
        stats.set_value(crawlstats.SWEEP_UNKNOWN, listed - len(named))
        stats.set_value(crawlstats.SWEEP_SUSPECTS, len(missing))
        logger.info(
            "Sweep (%s): %d posts listed, %d stored articles missing, %d back",
            source, listed, len(missing), len(comparison.back),
        )  # fmt: skip
        if self.policy.implausible(len(missing), comparison.live):
            why = (
                f"the sweep found {len(missing)} of {comparison.live} stored articles missing "
                f"from the site's listing (more than {self.policy.max_missing_share:.0%}): none "
                "marked; the site failing rather than the outlet deleting?"
            )
            stats.set_value(crawlstats.SWEEP_IMPLAUSIBLE, why)
            logger.error("%s", why)
            return
        now = utc_iso(utc_now())
        found = [self._suspect(key, source, now) for key in missing]
        listed_again = [key for key in self.suspects if key in named]
        self.crawl.state_at_close.pop(SWEEP_STATE, None)
        self.crawl.write(lambda: self.crawl.archive.set_state(SWEEP_STATE, now))
        self.crawl.write(lambda: self.tombstones.suspect(found, listed_again))
        self.crawl.write(lambda: self.tombstones.revive(comparison.back))
        stats.inc_value(crawlstats.SWEEP_REVIVED, len(comparison.back))
        yield from self.confirmations.requests(found)
        yield from self.confirmations.requests(self._looked_at_again(stored, named, source, now))
        if source == "rest":
            post_ids = {p.article_id: p.post_id for p in stored}
            yield from self.posts_by_id([post_ids[key] or 0 for key in comparison.back])
        else:
            yield from self.revived_pages(comparison.back)

    def _looked_at_again(
        self, stored: list[Presence], named: set[int], source: str, now: str
    ) -> list[Suspect]:
        """Articles marked unpublished that the listing still leaves out: deleted since?"""
        return [
            Suspect(p.article_id, source, p.gone_since or now, now, 0, None, p.gone_as)
            for p in stored
            if p.gone_as == UNPUBLISHED and p.article_id not in named
        ]

    def _suspect(self, key: int, source: str, now: str) -> Suspect:
        earlier = self.suspects.get(key)
        if earlier is None:
            return Suspect(key, source, now, now, 0, None)
        return Suspect(
            key, source, earlier.first_missed_at, now, earlier.checks, earlier.last_answer
        )
