"""The storage stage: a deduplicated SQLite archive with versions, a run log and full-text search.

Nothing outside this package writes SQL; everything goes through `Archive`.
"""

from newsbot.crawlstats import SaveOutcome
from pipelines.store.archive import Archive
from pipelines.store.connection import on_readonly_storage
from pipelines.store.errors import ArchiveError, QueryError
from pipelines.store.hashing import content_hash
from pipelines.store.pipeline import StorePipeline, archive_for
from pipelines.store.reader import Duplicate
from pipelines.store.rows import SearchHit, StoredArticle

__all__ = [
    "Archive",
    "ArchiveError",
    "Duplicate",
    "QueryError",
    "SaveOutcome",
    "SearchHit",
    "StorePipeline",
    "StoredArticle",
    "archive_for",
    "content_hash",
    "on_readonly_storage",
]
