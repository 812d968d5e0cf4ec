"""`Article`: the one schema every stage speaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from newsbot.normalize import display_date

Source = Literal["html", "rest", "import"]

DOCUMENT_FIELDS = (
    "title",
    "site_name",
    "published_at",
    "author",
    "url",
    "categories",
    "photo_credit",
    "paragraphs",
    "tags",
)
"""The fields the seed document shows (its display date is derived from `published_at`)."""

CONTENT_FIELDS = tuple(name for name in DOCUMENT_FIELDS if name != "url")
"""What an article says, wherever it is published: the content hash covers exactly these."""


@dataclass
class Article:
    """One article of the outlet, as the seed document describes it, plus what storage needs."""

    title: str
    site_name: str
    published_at: str
    """First publication instant, UTC ISO 8601 with seconds and +00:00."""
    url: str
    """Canonical URL on the outlet's own host."""
    paragraphs: list[str]
    author: str = ""
    categories: list[str] = field(default_factory=list)
    photo_credit: str = ""
    tags: list[str] = field(default_factory=list)
    category_slugs: list[str] = field(default_factory=list)
    tag_slugs: list[str] = field(default_factory=list)
    post_id: int | None = None
    modified_at: str | None = None
    """Last modification instant (UTC ISO) when the source says it."""
    source: Source = "html"
    fetched_at: str | None = None
    """When the page was fetched (UTC ISO); None for parsed files."""
    fetched_url: str | None = None
    """The URL the page was actually fetched from, when it differs from `url`."""

    @property
    def display_date(self) -> str:
        """The local publication time printed under the body, e.g. "7 ноября 2019, 21:00"."""
        return display_date(self.published_at)
