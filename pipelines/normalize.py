"""Normalise every article the same way whatever its source (DESIGN §1 text and time rules)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from newsbot.items import Article
from newsbot.normalize import canonical_url, clean_text, to_utc_iso, utc_now
from newsbot.site import ARBUZ, SiteProfile

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


def _unique_lines(values: list[str]) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        line = clean_text(value)
        if line and line not in cleaned:
            cleaned.append(line)
    return cleaned


def _instant(value: str | None) -> str | None:
    """A timestamp in UTC ISO form; a value that is not one is left for validation to reject."""
    if value is None:
        return None
    try:
        return to_utc_iso(value)
    except ValueError:
        return value


def normalize_article(article: Article, profile: SiteProfile = ARBUZ) -> Article:
    """The article with clean text, UTC instants and a canonical URL; idempotent."""
    categories = _unique_lines(article.categories)
    tags = _unique_lines(article.tags)
    return replace(
        article,
        title=clean_text(article.title),
        site_name=profile.name,
        published_at=_instant(article.published_at) or "",
        author=clean_text(article.author),
        url=canonical_url(article.url, profile),
        categories=categories,
        photo_credit=clean_text(article.photo_credit),
        paragraphs=[line for line in map(clean_text, article.paragraphs) if line],
        tags=tags,
        category_slugs=article.category_slugs[: len(categories)],
        tag_slugs=article.tag_slugs[: len(tags)],
        modified_at=_instant(article.modified_at),
    )


class NormalizePipeline:
    """Normalises `Article` items and stamps when they were fetched; other items pass through."""

    def __init__(self, profile: SiteProfile = ARBUZ) -> None:
        self.profile = profile

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        normalized = normalize_article(item, self.profile)
        return normalized if normalized.fetched_at else replace(normalized, fetched_at=utc_now())
