"""The probe's report: its JSON (README documents it) and the same as lines of text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from newsbot.probe.advice import Recommendation
from newsbot.probe.articles import ArticleReport
from newsbot.probe.findings import Findings


@dataclass(frozen=True)
class ProbeReport:
    findings: Findings
    recommendation: Recommendation

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self.findings), "recommendation": asdict(self.recommendation)}

    @property
    def forbidden_everything(self) -> bool:
        """robots.txt let no request of the probe through."""
        return self.findings.requests == 0 and bool(self.findings.robots.forbidden)


def _flag(value: bool | None, yes: str, no: str, unknown: str = "not checked") -> str:
    return unknown if value is None else yes if value else no


def _status(status: int | None, error: str | None) -> str:
    return f"HTTP {status}" if status is not None else (error or "not asked")


def _listed(values: list[str]) -> str:
    return ", ".join(values) if values else "none"


def _article_lines(article: ArticleReport) -> Iterator[str]:
    post = f" (post {article.post_id})" if article.post_id is not None else ""
    yield f"  {article.url}{post}"
    html = article.html
    read = "extracted" if html.extracted else f"not extracted: {html.error}"
    theme = ""
    if html.theme:
        owner = "a version of the profile" if html.outlet_theme else "no version of the profile"
        theme = f", theme {html.theme} ({owner})"
    yield (
        f"    page: {_status(html.status, html.error)}{theme}; signals "
        f"{_listed(html.signals)}; validators {_listed(html.validators)}; {read}"
    )
    rest = article.rest
    if rest is not None:
        read = "extracted" if rest.extracted else f"not extracted: {rest.error}"
        yield f"    REST: signals {_listed(rest.signals)}; {read}"
    if article.agree is not None:
        differ = f"differ in {', '.join(article.differences)}"
        yield f"    documents {'agree' if article.agree else differ}"


def report_lines(report: ProbeReport) -> Iterator[str]:
    """The report as a person reads it."""
    found, advice = report.findings, report.recommendation
    yield (
        f"Probe of {found.base_url} (site {found.site}) as {found.user_agent}: "
        f"{found.requests} requests besides robots.txt"
    )
    robots = found.robots
    yield (
        f"robots.txt: {_status(robots.status, 'no answer')}; forbids {_listed(robots.forbidden)}"
        f"; crawl-delay {robots.crawl_delay if robots.crawl_delay is not None else 'none'}"
    )
    rest = found.rest
    yield (
        f"REST API: index {_status(rest.index_status, rest.error)} "
        f"(namespaces {_listed(rest.namespaces)}), posts {_status(rest.posts_status, rest.error)}"
        + (f", {rest.total} posts in {rest.total_pages} pages" if rest.posts_json else "")
        + f", modified_after {_flag(rest.modified_after, 'accepted', 'ignored')}"
    )
    feed = found.feed
    yield (
        f"Feed: {_status(feed.status, feed.error)}"
        + (f", {feed.bytes} bytes, {feed.items} items" if feed.bytes is not None else "")
        + f", validators {_listed(feed.validators)}"
        + (f", repeat HTTP {feed.repeat_status}" if feed.repeat_status is not None else "")
    )
    sitemaps = found.sitemaps
    yield (
        f"Sitemaps: index {_status(sitemaps.status, sitemaps.error)}, "
        f"{sitemaps.posts_sitemaps} posts sitemaps"
        + (f" ({sitemaps.kind})" if sitemaps.kind else "")
        + f", others {_listed(sitemaps.other)}"
        + (
            f"; {sitemaps.page}: {sitemaps.entries} entries, lastmod on {sitemaps.lastmod}"
            if sitemaps.page
            else ""
        )
    )
    for taxonomy, seen in found.taxonomies.items():
        verdict = _flag(seen.matches, "as the profile says", "NOT as the profile says", "none seen")
        yield f"Taxonomy {taxonomy}: {_listed(seen.seen)} ({seen.profile_path}: {verdict})"
    yield "Recent articles:" if found.articles else "Recent articles: none found"
    for article in found.articles:
        yield from _article_lines(article)
    compared = [f"{each.field} {each.agree}/{each.compared}" for each in found.fields]
    if found.fields[0].compared:
        yield f"HTML and REST agree per field: {', '.join(compared)}"
    if advice.source:
        yield f"Recommended: {' '.join(advice.options)}"
    else:
        yield "Recommended: nothing can be crawled yet"
    for note in advice.notes:
        yield f"  note ({note.code}): {note.message}"
    for warning in advice.warnings:
        yield f"  warning ({warning.code}): {warning.message}"
