"""Rows of the archive ↔ `Article`s: the stored record types and their column mapping."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from newsbot.items import DESCRIPTION_FIELDS, INSTANT_FIELDS, Article, count_words
from newsbot.normalize import from_utc_iso, utc_iso

Row = dict[str, Any]

LIST_COLUMNS = ("categories", "category_slugs", "paragraphs", "tags", "tag_slugs")
"""Article fields stored as JSON text."""

ARTICLE_COLUMNS = (
    "post_id",
    "url",
    "title",
    "site_name",
    "published_at",
    "modified_at",
    "author",
    *LIST_COLUMNS,
    "photo_credit",
    "source",
    "fetched_at",
    "fetched_url",
    *DESCRIPTION_FIELDS,
)
"""The columns that hold an `Article`'s own fields."""

VERSION_COLUMNS = ("content_hash", "version", "first_seen_at", "last_seen_at")
"""The bookkeeping of one version, in `articles` and `article_versions` alike."""

ROW_COLUMNS = ("site", *ARTICLE_COLUMNS, "body", "word_count", *VERSION_COLUMNS, "changed_at")
"""Every column of `articles` but its key: `site` is the profile's key, `body` the text the
full-text index holds, `word_count` its words."""


json_text = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""The compact JSON text of a list column or of a string in the content hash (UTF-8 kept
readable); one encoder for every row, as `json.dumps` with options builds one at each call."""


_LAST_STAMP: list[tuple[int, str]] = [(0, "")]


def now_stamp() -> str:
    """The current instant as the archive's timestamp text (whole seconds, so worked out once
    a second)."""
    second = int(time.time())
    if _LAST_STAMP[0][0] != second:
        _LAST_STAMP[0] = (second, utc_iso(datetime.fromtimestamp(second, UTC)))
    return _LAST_STAMP[0][1]


def stamp(moment: datetime | None) -> str | None:
    """An instant as the archive's timestamp text (UTC ISO with seconds)."""
    return None if moment is None else utc_iso(moment)


def article_columns(article: Article) -> Row:
    """The `ARTICLE_COLUMNS` values of `article` and its `body` (its URL as given: the caller
    canonicalises)."""
    row: Row = {name: getattr(article, name) for name in ARTICLE_COLUMNS}
    # The paragraphs joined by newlines: what other tools expect to read.
    row["body"] = "\n".join(article.paragraphs)
    row["word_count"] = count_words(row["body"])
    for name in LIST_COLUMNS:
        row[name] = json_text(list(row[name]))
    for name in INSTANT_FIELDS:
        row[name] = stamp(row[name])
    return row


def article_from_row(row: Mapping[str, Any]) -> Article:
    """The `Article` an `articles` or `article_versions` row holds."""
    fields = {name: row[name] for name in ARTICLE_COLUMNS}
    for name in LIST_COLUMNS:
        fields[name] = json.loads(fields[name])
    for name in INSTANT_FIELDS:
        if fields[name] is not None:
            fields[name] = from_utc_iso(fields[name])
    return Article(**fields)


Status = Literal["live", "deleted", "unpublished"]


@dataclass(frozen=True)
class StoredArticle:
    """An article as the archive holds it, with its key and bookkeeping."""

    article: Article
    """As last stored (post_id, modified_at, source, fetched_at included)."""
    article_id: int
    version: int
    content_hash: str
    first_seen_at: str
    """UTC ISO with seconds; for a previous version, when that version was first seen."""
    last_seen_at: str
    deleted_at: str | None = None
    """When the site was first seen without it, once its deletion is confirmed; None: live."""
    deletion_reason: str | None = None
    """Why it is taken for gone (`deletions.Reason`)."""

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> StoredArticle:
        return cls(
            article=article_from_row(row),
            article_id=row["article_id"],
            version=row["version"],
            content_hash=row["content_hash"],
            first_seen_at=row["first_seen_at"],
            last_seen_at=row["last_seen_at"],
            deleted_at=row.get("deleted_at"),
            deletion_reason=row.get("deletion_reason"),
        )

    @property
    def status(self) -> Status:
        """What exports call it: live, deleted, or unpublished (a reason only the REST API
        gives: trashed, a draft or private)."""
        if self.deleted_at is None:
            return "live"
        return "unpublished" if self.deletion_reason == "unpublished" else "deleted"


@dataclass(frozen=True)
class SearchHit:
    """One full-text match."""

    stored: StoredArticle
    rank: float
    """bm25: lower is better."""
    snippet: str
    """Text around the matches, each match wrapped in the marks asked for ([ and ] by default)."""
