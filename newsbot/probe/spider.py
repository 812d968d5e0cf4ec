"""The probe's spider: a few requests, one after another, through the crawl's own downloader.

robots.txt (fetched first by Scrapy's middleware and obeyed), the User-Agent naming the contact,
the delay and AutoThrottle, redirects kept on the site, retries and timeouts are the crawl's
settings; the spider only decides what to ask next from what the last answer said.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK

from newsbot import crawlstats
from newsbot.crawl.urls import SiteUrls
from newsbot.normalize import canonical_url
from newsbot.pages import FeedPage, ListingPage, SitemapPage
from newsbot.probe.answers import Answer, Fetched, Miss
from newsbot.probe.findings import Probed
from newsbot.probe.sources import (
    INDEX_FIELDS,
    REST_NAMESPACE,
    newest_modification,
    post_sitemaps,
    posts_list,
    rest_index,
)

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

ARTICLES = 3
"""Recent articles read both ways."""
ROBOTS = "/robots.txt"
"""Where Scrapy's middleware asks for robots.txt (the root of the host, whatever the base)."""


def answer_of(response: Response) -> Answer:
    headers = {
        str(name).lower(): str(value) for name, value in response.headers.to_unicode_dict().items()
    }
    return Answer(response.url, response.status, headers, response.body)


class SiteUnreachable(Exception):
    """A request got no answer at all (refused, timed out, no such host): the probe stops."""

    def __init__(self, url: str, error: Exception) -> None:
        super().__init__(f"{url}: {error}")
        self.error = error


class ProbeSpider(Spider):
    name = "probe"

    urls: SiteUrls
    allowed_domains: list[str]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.probed = Probed()
        self.unreachable: SiteUnreachable | None = None
        self.failure: Exception | None = None
        """An error of the probe itself, raised again once Scrapy has stopped."""
        self.sent = 0
        """Requests sent besides robots.txt: redirected and retried ones too."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.urls = SiteUrls.from_settings(crawler.settings)
        spider.allowed_domains = [urlsplit(spider.urls.base).hostname or ""]
        crawler.signals.connect(spider.response_received, signal=signals.response_received)
        crawler.signals.connect(spider.request_sent, signal=signals.request_reached_downloader)
        return spider

    def request_sent(self, request: Request, **_: Any) -> None:
        if urlsplit(request.url).path != ROBOTS:
            self.sent += 1

    def response_received(self, response: Response, request: Request, **_: Any) -> None:
        """Keeps the robots.txt answer Scrapy's middleware fetched (and obeys)."""
        if request.meta.get("dont_obey_robotstxt") and urlsplit(request.url).path == ROBOTS:
            self.probed.robots = answer_of(response)

    async def start(self) -> AsyncIterator[Request]:
        """The probe sends its requests itself, in order; it schedules none."""
        try:
            await self.probe()
        except SiteUnreachable as gone:
            self.unreachable = gone
        except Exception as error:
            self.failure = error
        return
        yield  # start() must be an asynchronous generator

    async def fetch(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        """The answer to GET `url` (redirects followed), or why robots.txt or the site's
        redirects kept it from being sent; raises SiteUnreachable when nothing answered."""
        assert self.crawler.stats is not None and self.crawler.engine is not None
        forbidden = self.crawler.stats.get_value(crawlstats.ROBOTS_FORBIDDEN, 0)
        request = Request(url, headers=headers, dont_filter=True, callback=NO_CALLBACK)
        try:
            response = await self.crawler.engine.download_async(request)
        except IgnoreRequest as refused:
            if self.crawler.stats.get_value(crawlstats.ROBOTS_FORBIDDEN, 0) > forbidden:
                return Miss(url, "forbidden by robots.txt")
            return Miss(url, str(refused) or "refused")
        except DownloadCancelledError as cut:  # the answer was larger than newsbot reads
            return Miss(url, str(cut) or "cancelled")
        except Exception as error:  # no answer: refused, timed out, no such host, cut off
            raise SiteUnreachable(url, error) from error
        return answer_of(response)

    async def probe(self) -> None:
        urls, probed = self.urls, self.probed
        paths = urls.paths
        probed.rest_index = await self.fetch(f"{urls.at(paths.rest_root)}?_fields={INDEX_FIELDS}")
        namespaces = rest_index(probed.rest_index).get("namespaces")
        if not isinstance(namespaces, list) or REST_NAMESPACE in namespaces:
            probed.rest_posts = await self.fetch(urls.rest_posts(per_page=ARTICLES))
        posts = posts_list(probed.rest_posts) or []
        since = newest_modification(posts, urls.profile)
        if since:
            query = urlencode({"modified_after": since, "per_page": 1, "_fields": "id"})
            probed.rest_modified = await self.fetch(f"{urls.at(paths.rest_posts)}?{query}")
        probed.feed = feed = await self.fetch(urls.feed())
        if isinstance(feed, Answer) and feed.status == 200 and feed.conditional_headers():
            probed.feed_repeat = await self.fetch(urls.feed(), feed.conditional_headers())
        robots = probed.robots
        named = robots.body.decode("utf-8", "replace") if robots and robots.status == 200 else None
        probed.sitemap_index = await self.fetch(urls.sitemap_index(named))
        sitemaps = post_sitemaps(probed.sitemap_index, urls.profile)
        listed = [url for url in sitemaps if self.on_site(url)]
        if listed:
            probed.sitemap_page_url = listed[-1]
            probed.sitemap_page = await self.fetch(urls.fetch(listed[-1]))
        recent = self.recent_articles(posts)
        if not recent:
            probed.listing = listing = await self.fetch(urls.home())
            if isinstance(listing, Answer) and listing.status == 200:
                outlet = urls.outlet(listing.url)
                page = ListingPage(urls.profile, outlet, listing.body, listing.content_type)
                recent = page.article_urls()
        for url in recent[:ARTICLES]:
            probed.articles[url] = await self.fetch(urls.fetch(url))

    def recent_articles(self, posts: list[dict[str, Any]]) -> list[str]:
        """The newest articles' outlet URLs: the REST posts', else the feed's, else those last
        in the newest posts sitemap."""
        urls, probed = self.urls, self.probed
        links = [post.get("link") for post in posts]
        found = [canonical_url(urls.outlet(link), urls.profile) for link in links if link]
        found = [url for url in found if self.on_site(url)]
        if not found and isinstance(probed.feed, Answer) and probed.feed.status == 200:
            found = [entry.url for entry in FeedPage(urls.profile, probed.feed.body).entries()]
        page = probed.sitemap_page
        if not found and isinstance(page, Answer) and page.status == 200:
            entries = SitemapPage(urls.profile, page.body).entries()
            found = [entry.url for entry in reversed(entries)]
        return list(dict.fromkeys(url for url in found if self.on_site(url)))

    def on_site(self, url: str) -> bool:
        """Whether `url` is fetched from the site (an outlet URL or one on the base URL)."""
        site = urlsplit(self.urls.base)
        fetched = urlsplit(self.urls.fetch(url))
        return (fetched.scheme, fetched.netloc) == (site.scheme, site.netloc)
