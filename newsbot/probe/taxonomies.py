"""The taxonomy paths the articles link to, against the ones the site profile names."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsbot.crawl.urls import SiteUrls
from newsbot.probe.articles import TermUrl

SHOWN = 5
"""Term paths listed per taxonomy."""


@dataclass(frozen=True)
class TaxonomyReport:
    profile_path: str
    """The path the site profile names (`/category/{slug}/`)."""
    seen: list[str] = field(default_factory=list)
    """Term paths the articles link to (the first few), on the outlet."""
    matches: bool | None = None
    """Every path seen is under the profile's (None: none seen)."""


def taxonomy_reports(terms: list[TermUrl], urls: SiteUrls) -> dict[str, TaxonomyReport]:
    """A report per WordPress taxonomy (`category`, `post_tag`) of the term links seen."""
    reports: dict[str, TaxonomyReport] = {}
    for taxonomy, profile_path in (("category", urls.paths.category), ("post_tag", urls.paths.tag)):
        prefix = profile_path.split("{slug}", 1)[0]
        linked = (urlsplit(urls.outlet(url)).path for kind, url in terms if kind == taxonomy)
        paths = list(dict.fromkeys(linked))
        reports[taxonomy] = TaxonomyReport(
            profile_path=profile_path,
            seen=paths[:SHOWN],
            matches=all(path.startswith(prefix) for path in paths) if paths else None,
        )
    return reports
