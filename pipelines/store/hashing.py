"""The content hash: what decides whether a stored article changed."""

from __future__ import annotations

import hashlib

from newsbot.items import CONTENT_FIELDS, Article
from pipelines.store.rows import LIST_COLUMNS, Row, article_columns, json_text


def content_hash(article: Article) -> str:
    """SHA-256 (hex) of every field the seed document shows except the URL."""
    return row_content_hash(article_columns(article))


def row_content_hash(row: Row) -> str:
    """The content hash of an article from its row (`article_columns`).

    The fields are hashed as one compact JSON array, so no two different articles share an
    encoding (the rendered text itself is ambiguous: a title may hold " | ", a paragraph may
    look like a photo credit); list columns already hold their compact JSON. The display date is
    derived from `published_at` and needs no place of its own.
    """
    parts = (row[name] if name in LIST_COLUMNS else json_text(row[name]) for name in CONTENT_FIELDS)
    return hashlib.sha256(f"[{','.join(parts)}]".encode()).hexdigest()
