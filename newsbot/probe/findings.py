"""Every answer the probe got, and what they say once read (no Scrapy here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from newsbot.crawl.urls import SiteUrls
from newsbot.probe.answers import Answer, Fetched
from newsbot.probe.articles import ArticleReport, FieldAgreement, field_agreement, read_article
from newsbot.probe.robots import RobotsReport, robots_report
from newsbot.probe.sources import (
    FeedReport,
    RestReport,
    SitemapReport,
    feed_report,
    posts_list,
    rest_report,
    sitemap_report,
)
from newsbot.probe.taxonomies import TaxonomyReport, taxonomy_reports


@dataclass
class Probed:
    """What each probe request came to (None: not sent), in the order they are sent."""

    robots: Answer | None = None
    rest_index: Fetched | None = None
    rest_posts: Fetched | None = None
    rest_modified: Fetched | None = None
    """The posts route asked for posts modified after the newest modification seen."""
    feed: Fetched | None = None
    feed_repeat: Fetched | None = None
    sitemap_index: Fetched | None = None
    sitemap_page_url: str | None = None
    sitemap_page: Fetched | None = None
    listing: Fetched | None = None
    """The home page, read only when no other source named an article."""
    articles: dict[str, Fetched] = field(default_factory=dict)
    """Article pages by the outlet's URL."""


@dataclass(frozen=True)
class Findings:
    """The probe's report before its recommendation."""

    base_url: str
    site: str
    user_agent: str
    requests: int
    """Requests sent besides robots.txt (retries included)."""
    robots: RobotsReport
    rest: RestReport
    feed: FeedReport
    sitemaps: SitemapReport
    taxonomies: dict[str, TaxonomyReport]
    articles: list[ArticleReport]
    fields: list[FieldAgreement]
    """Per document field, whether the page and the REST post agree on the articles read."""


def read_findings(
    probed: Probed, urls: SiteUrls, user_agent: str, requests: int, day: date
) -> Findings:
    """What the answers of `probed` say; `day` (site-local today) names a day archive for the
    robots.txt rules."""
    posts = posts_list(probed.rest_posts)
    read = [read_article(url, fetched, posts, urls) for url, fetched in probed.articles.items()]
    articles = [report for report, _ in read]
    terms = [term for _, seen in read for term in seen]
    first_article = next(iter(probed.articles), None)
    return Findings(
        base_url=urls.base,
        site=urls.profile.key,
        user_agent=user_agent,
        requests=requests,
        robots=robots_report(probed.robots, user_agent, urls, first_article, day),
        rest=rest_report(probed.rest_index, probed.rest_posts, probed.rest_modified),
        feed=feed_report(probed.feed, probed.feed_repeat, urls.profile),
        sitemaps=sitemap_report(
            probed.sitemap_index, probed.sitemap_page_url, probed.sitemap_page, urls.profile
        ),
        taxonomies=taxonomy_reports(terms, urls),
        articles=articles,
        fields=field_agreement(articles),
    )
