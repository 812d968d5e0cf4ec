"""What the probe recommends: the source to crawl with, and what to know before the first run."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsbot.probe.findings import Findings
from newsbot.sites import SiteProfile


@dataclass(frozen=True)
class Advice:
    code: str
    """A stable name for the finding (README lists them)."""
    message: str


@dataclass(frozen=True)
class Recommendation:
    source: str | None
    """`rest` or `html`; None when no article could be extracted."""
    extractable: bool
    """At least one recent article was extracted, from either source."""
    options: list[str] = field(default_factory=list)
    """The options to give `newsbot backfill` and `newsbot crawl`."""
    notes: list[Advice] = field(default_factory=list)
    warnings: list[Advice] = field(default_factory=list)


def _source(findings: Findings) -> str | None:
    articles = findings.articles
    rest_read = any(a.rest and a.rest.extracted for a in articles)
    html_read = any(a.html.extracted for a in articles)
    if findings.rest.available and rest_read and (findings.rest.modified_after or not html_read):
        return "rest"
    return "html" if html_read else "rest" if rest_read else None


def _rest_notes(findings: Findings, source: str | None, notes: list[Advice]) -> None:
    rest = findings.rest
    if source == "html" and not rest.available:
        why = rest.error or (
            f"HTTP {rest.posts_status}" if rest.posts_status is not None else "not asked"
        )
        if rest.posts_status == 200 and not rest.posts_json:
            why = "not a JSON list of posts"
        notes.append(
            Advice(
                "rest_unavailable",
                f"the REST API gives no posts ({why}): crawls read HTML pages",
            )
        )
    if rest.available and rest.modified_after is False:
        notes.append(
            Advice(
                "modified_after_ignored",
                "REST ignores modified_after (WordPress before 5.7?): every REST incremental "
                "run would read every post",
            )
        )


def _feed_and_sitemaps(findings: Findings, notes: list[Advice], warnings: list[Advice]) -> None:
    feed, sitemaps = findings.feed, findings.sitemaps
    if feed.status == 200 and (not feed.validators or feed.repeat_status != 304):
        warnings.append(
            Advice(
                "feed_not_conditional",
                "the feed answers no conditional request with 304: every HTML incremental run "
                f"fetches it whole ({feed.bytes} bytes)",
            )
        )
    if feed.status != 200:
        why = feed.error or f"HTTP {feed.status}"
        warnings.append(
            Advice("no_feed", f"no feed ({why}): HTML incremental runs cannot start from it")
        )
    if sitemaps.lastmod in ("none", "some") or not sitemaps.posts_sitemaps:
        what = "no posts sitemaps" if not sitemaps.posts_sitemaps else "no lastmod in sitemaps"
        notes.append(
            Advice(
                "listing_fallback",
                f"{what}: HTML incremental runs read the listings, newest first, until they "
                "reach stored articles, and re-fetch the articles of the last "
                "NEWSBOT_REVISIT_DAYS days for edits",
            )
        )


def _article_warnings(findings: Findings, notes: list[Advice], warnings: list[Advice]) -> None:
    pages = [a.html for a in findings.articles if a.html.status == 200]
    read = [page for page in pages if page.extracted]
    if pages and not read and not all(page.protected for page in pages):
        why = next((page.error for page in pages if page.error and not page.protected), "")
        warnings.append(
            Advice(
                "html_not_extracted",
                f"article pages were fetched but none could be read ({why}): a redesign? "
                "Add a theme version to the site profile",
            )
        )
    posts = [a.rest for a in findings.articles if a.rest]
    if posts and not any(post.extracted or post.protected for post in posts):
        why = next((post.error for post in posts if post.error), "")
        warnings.append(
            Advice("rest_not_extracted", f"REST posts came but none could be read ({why})")
        )
    generic = sorted({page.theme or "" for page in read if not page.outlet_theme})
    if generic:
        warnings.append(
            Advice(
                "generic_theme",
                "article pages match none of the site profile's theme versions: they are read "
                f"with {', '.join(generic)} markup (metadata and WordPress core classes)",
            )
        )
    if pages and not any(page.validators for page in pages):
        warnings.append(
            Advice(
                "no_article_validators",
                "article pages send no ETag or Last-Modified: every revisit of an article "
                "costs its whole page",
            )
        )
    for article in findings.articles:
        if article.differences:
            warnings.append(
                Advice(
                    "documents_differ",
                    f"{article.url}: the page and the REST post differ in "
                    f"{', '.join(article.differences)}",
                )
            )
    for article in findings.articles:
        rejected = article.html.rejected or (article.rest.rejected if article.rest else None)
        if rejected:
            warnings.append(
                Advice("rejected", f"{article.url}: validation would drop it ({rejected})")
            )
    if any(page.completed_from_rest for page in read):
        notes.append(
            Advice(
                "rest_route_completion",
                "article pages show the lead photo without its caption: an HTML crawl asks "
                "each article's REST route for it (one request more per article)",
            )
        )
    split = [page.pages for page in read if page.pages > 1]
    if split:
        notes.append(
            Advice(
                "split_posts",
                f"a post is split into {max(split)} pages: the crawl fetches each page",
            )
        )


def _robots_and_taxonomies(findings: Findings, warnings: list[Advice]) -> None:
    if findings.robots.forbidden:
        warnings.append(
            Advice(
                "robots_forbids",
                f"robots.txt forbids newsbot {', '.join(findings.robots.forbidden)}: those "
                "sources are not read",
            )
        )
    for taxonomy, report in findings.taxonomies.items():
        if report.matches is False:
            warnings.append(
                Advice(
                    "taxonomy_paths",
                    f"{taxonomy} links ({', '.join(report.seen)}) are not under the profile's "
                    f"{report.profile_path}",
                )
            )


def recommend(findings: Findings, profile: SiteProfile) -> Recommendation:
    """The source and options to crawl with, and what the findings mean for the crawl."""
    source = _source(findings)
    extractable = source is not None
    options = [f"--source {source}"] if source else []
    if findings.base_url != profile.base_url:
        options.append(f"--base-url {findings.base_url}")
    notes: list[Advice] = []
    warnings: list[Advice] = []
    if not extractable:
        what = "no recent article could be extracted, from the REST API or the pages"
        warnings.append(Advice("no_articles", what))
    _rest_notes(findings, source, notes)
    _robots_and_taxonomies(findings, warnings)
    _feed_and_sitemaps(findings, notes, warnings)
    _article_warnings(findings, notes, warnings)
    return Recommendation(source, extractable, options, notes, warnings)
