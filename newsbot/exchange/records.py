"""One flat record per article for the tabular exports: every `Article` field and what derives
from it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, get_type_hints

from newsbot.document import printed_date
from newsbot.items import Article
from newsbot.normalize import from_utc_iso, url_key
from newsbot.sites import SiteProfile
from pipelines.store import StoredArticle
from pipelines.store.rows import Status

RECORD_TYPES: dict[str, Any] = {
    **get_type_hints(Article),
    "display_date": str,
    "key": str,
    "version": int,
    "word_count": int,
    "status": Status,
    "deleted_at": datetime | None,
}
"""Each column of an export and its Python type, in order: the schema's fields, then the local
display date, the URL key of the seed file name, the stored version, the body's words, whether
the site still serves the article (`live`, `deleted`, `unpublished`) and since when it does not."""

RECORD_FIELDS = tuple(RECORD_TYPES)


def record_of(stored: StoredArticle, profile: SiteProfile) -> dict[str, Any]:
    """The export record of a stored article; lists stay lists, instants datetimes, missing
    values None."""
    record = asdict(stored.article)
    record["display_date"] = printed_date(stored.article, profile)
    record["key"] = url_key(stored.article.url)
    record["version"] = stored.version
    record["word_count"] = stored.article.word_count
    record["status"] = stored.status
    record["deleted_at"] = None if stored.deleted_at is None else from_utc_iso(stored.deleted_at)
    return record
