"""The content hash: what decides whether a stored article changed."""

from __future__ import annotations

import hashlib
import json

from newsbot.items import CONTENT_FIELDS, Article
from newsbot.normalize import utc_iso


def content_hash(article: Article) -> str:
    """SHA-256 (hex) of every field the seed document shows except the URL.

    The fields are hashed as one JSON array, so no two different articles share an encoding
    (the rendered text itself is ambiguous: a title may hold " | ", a paragraph may look like a
    photo credit). The display date is derived from `published_at` and needs no place of its own.
    """
    fields = [getattr(article, name) for name in CONTENT_FIELDS]
    fields[CONTENT_FIELDS.index("published_at")] = utc_iso(article.published_at)
    encoded = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
