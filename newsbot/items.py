"""`Article`: the one schema every stage speaks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

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

INSTANT_FIELDS = ("published_at", "modified_at", "fetched_at")
"""The fields holding instants: aware UTC datetimes to the second, written as text only at the
edges (rows, documents, exports)."""

DESCRIPTION_FIELDS = ("excerpt", "image_url", "language")
"""What the outlet says about an article besides its document: kept with every version, shown in
exports, but neither in the seed document nor in the content hash (a new summary or picture
alone is no new version of the text)."""


@dataclass
class Article:
    """One article of an outlet, as the seed document describes it, plus what storage needs.

    Built by `newsbot.normalize.article.prepare_article`, which normalises every field once:
    clean text, the canonical URL, UTC instants.
    """

    title: str
    site_name: str
    published_at: datetime
    """First publication instant (aware, UTC, whole seconds)."""
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
    modified_at: datetime | None = None
    """Last modification instant when the source says it."""
    source: Source = "html"
    fetched_at: datetime | None = None
    """When the page was fetched; None for parsed files."""
    fetched_url: str | None = None
    """The URL the page was actually fetched from, when it differs from `url`."""
    excerpt: str | None = None
    """The summary the outlet publishes (REST `excerpt`, `og:description`, `<meta
    name=description>`), plain text; None when the source carries none."""
    image_url: str | None = None
    """The featured image (REST `wp:featuredmedia` `source_url`, `og:image`, the theme's lead
    image), absolute; None without one."""
    language: str | None = None
    """ISO 639-1 code: the page's `<html lang>`, else the site profile's language."""

    @property
    def word_count(self) -> int:
        """Words of the body: whitespace-separated runs holding a letter or digit."""
        return sum(count_words(line) for line in self.paragraphs)


_NO_LETTER_OR_DIGIT = re.compile(r"(?:[^\w\s]|_)+")
"""Characters none of which is a letter or digit (`\\w` is what `str.isalnum` accepts, and `_`)."""


def count_words(text: str) -> int:
    """Whitespace-separated runs of `text` holding at least one letter or digit."""
    tokens = text.split()
    return sum(1 for token in tokens if token.isalnum() or not _NO_LETTER_OR_DIGIT.fullmatch(token))
