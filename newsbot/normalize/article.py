"""The one normalisation point: raw fields a page object read → an `Article`, and why an article
cannot be stored. Crawl, `parse` and `import` all go through here (DESIGN §1 text and time rules).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from newsbot.items import Article, Source
from newsbot.normalize import as_utc, canonical_url, clean_text, language_code, media_url, slug_of
from newsbot.normalize.urls import MAX_POST_ID
from newsbot.sites import SiteProfile

EARLIEST_PUBLICATION = datetime(1995, 1, 1, tzinfo=UTC)
"""No web page of a news outlet is older than this."""
DAYS_AHEAD = timedelta(days=1)
"""How far past now a publication time may lie (a clock ahead, a post scheduled a little early)."""

Term = tuple[str, str | None]
"""A category or tag as a page prints it: its name and its slug (None: derive it from the name)."""


def _terms(terms: Iterable[Term], profile: SiteProfile) -> tuple[list[str], list[str]]:
    """Clean names in page order, each once, with their slugs."""
    names: list[str] = []
    slugs: list[str] = []
    for raw_name, slug in terms:
        name = clean_text(raw_name)
        if name and name not in names:
            names.append(name)
            slugs.append(clean_text(slug or "") or slug_of(name, profile.language))
    return names, slugs


def prepare_article(
    profile: SiteProfile,
    *,
    title: str,
    published_at: datetime,
    url: str,
    paragraphs: Iterable[str],
    author: str = "",
    categories: Iterable[Term] = (),
    photo_credit: str = "",
    tags: Iterable[Term] = (),
    post_id: int | None = None,
    modified_at: datetime | None = None,
    source: Source = "html",
    excerpt: str | None = None,
    image_url: str | None = None,
    language: str | None = None,
) -> Article:
    """The article with clean text, its canonical URL and UTC instants; each done once here.

    The excerpt is one clean line (None when empty), the image URL absolute, the language the
    primary subtag of the one given, else the profile's.
    """
    category_names, category_slugs = _terms(categories, profile)
    tag_names, tag_slugs = _terms(tags, profile)
    return Article(
        title=clean_text(title),
        site_name=profile.name,
        published_at=as_utc(published_at),
        author=clean_text(author),
        url=canonical_url(url, profile),
        categories=category_names,
        photo_credit=clean_text(photo_credit),
        paragraphs=[line for line in map(clean_text, paragraphs) if line],
        tags=tag_names,
        category_slugs=category_slugs,
        tag_slugs=tag_slugs,
        post_id=post_id,
        modified_at=optional_utc(modified_at),
        source=source,
        excerpt=optional_line(excerpt),
        image_url=optional_media(image_url, profile),
        language=language_code(language or "") or profile.language.code,
    )


def optional_line(text: str | None) -> str | None:
    """A one-line field that may be missing: cleaned, None when nothing is left."""
    return clean_text(text or "") or None


def optional_media(url: str | None, profile: SiteProfile) -> str | None:
    """A media URL that may be missing, absolute on the outlet's own host; None when missing or
    when it names no URL (`http://[x/`)."""
    try:
        return media_url(url, profile) if url and url.strip() else None
    except ValueError:
        return None


def optional_utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else as_utc(moment)


def rejection(article: Article, profile: SiteProfile, now: datetime | None = None) -> str | None:
    """Why `article` cannot be stored (a short reason key), or None when it is valid."""
    latest = (now or datetime.now(UTC)) + DAYS_AHEAD
    parts = urlsplit(article.url)
    checks = (
        ("no_title", not article.title),
        ("no_body", not article.paragraphs),
        ("impossible_published_at", not EARLIEST_PUBLICATION <= article.published_at <= latest),
        ("offsite_url", parts.scheme != "https" or parts.hostname != profile.host),
        ("wrong_site_name", article.site_name != profile.name),
        (
            "impossible_post_id",
            article.post_id is not None and not 0 < article.post_id <= MAX_POST_ID,
        ),
    )
    return next((reason for reason, failed in checks if failed), None)
