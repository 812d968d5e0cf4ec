"""What the site's robots.txt says to newsbot about each source it reads.

Scrapy's robots.txt middleware fetches the file once, before the first request, and refuses what
it forbids; this reads the same answer with the same parser (Protego) to say it source by source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from protego import Protego

from newsbot.crawl.urls import SiteUrls
from newsbot.probe.answers import Answer

SAMPLE_SLUG = "novosti"
"""A term slug for the category and tag paths robots.txt is asked about."""


@dataclass(frozen=True)
class RobotsReport:
    status: int | None
    """The answer to /robots.txt (None: none came)."""
    crawl_delay: float | None
    sitemaps: list[str] = field(default_factory=list)
    allowed: dict[str, bool] = field(default_factory=dict)
    """Whether newsbot may fetch each source it reads (an example path of each)."""

    @property
    def forbidden(self) -> list[str]:
        return [source for source, allowed in self.allowed.items() if not allowed]


def source_paths(urls: SiteUrls, article_url: str | None, day: date) -> dict[str, str]:
    """A URL on the base of each source newsbot reads, by name."""
    paths = urls.paths
    found = {
        "rest": urls.at(paths.rest_posts),
        "feed": urls.feed(),
        "sitemaps": urls.sitemap_index(),
        "listings": urls.home(),
        "day_archives": urls.day(day),
        "categories": urls.at(paths.category.format(slug=SAMPLE_SLUG)),
        "tags": urls.at(paths.tag.format(slug=SAMPLE_SLUG)),
    }
    if article_url:
        found["articles"] = urls.fetch(article_url)
    return found


def robots_report(
    answer: Answer | None, user_agent: str, urls: SiteUrls, article_url: str | None, day: date
) -> RobotsReport:
    """The rules of `answer` (the robots.txt Scrapy obeyed) for `user_agent`; a site without an
    answer, or one Scrapy could not parse, forbids nothing."""
    parser = Protego.parse(answer.body.decode("utf-8", "replace") if answer else "")
    return RobotsReport(
        status=answer.status if answer else None,
        crawl_delay=parser.crawl_delay(user_agent),
        sitemaps=list(parser.sitemaps),
        allowed={
            source: parser.can_fetch(url, user_agent)
            for source, url in source_paths(urls, article_url, day).items()
        },
    )
