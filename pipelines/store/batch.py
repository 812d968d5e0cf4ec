"""What an `Archive` has decided but not yet written: the pending batch and its look-up indexes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipelines.store.retries import FailedArticle
from pipelines.store.rows import Row


@dataclass
class PendingArticle:
    """An article row as it will be after the next flush."""

    key: int
    """The row's article_id, or a negative provisional key until the row is inserted."""
    row: Row
    """Every `ROW_COLUMNS` value."""
    is_new: bool
    changed: set[str] = field(default_factory=set)
    """Columns of an existing row that the flush writes (nothing else is touched)."""
    versions: list[Row] = field(default_factory=list)
    """Earlier versions to keep in `article_versions`, oldest first."""
    urls: dict[str, str] = field(default_factory=dict)
    """URLs to record for the row, with when each was seen."""


@dataclass
class PendingDuplicate:
    """A copy of another article's content seen under a different identity."""

    url: str
    post_id: int | None
    original: int
    """Key of the article it copies (provisional if that one is pending too)."""
    content_hash: str
    first_seen_at: str
    last_seen_at: str
    times_seen: int = 1


class Batch:
    """Pending writes in arrival order, indexed so that look-ups see them before the flush."""

    def __init__(self, provisional_keys: Iterator[int]) -> None:
        """`provisional_keys` gives the negative keys of new rows, unique across batches."""
        self._provisional_keys = provisional_keys
        self.articles: dict[int, PendingArticle] = {}
        self.by_post_id: dict[int, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_content: dict[str, list[int]] = {}
        """Content hash → keys of the pending rows that held it, in arrival order."""
        self.duplicates: dict[str, PendingDuplicate] = {}
        self.state: dict[str, tuple[str | None, str]] = {}
        """crawl_state values to write with when they were set; a None value deletes the key."""
        self.failures: dict[str, FailedArticle | None] = {}
        """Article pages that failed, by URL; None forgets one now stored."""
        self.revived: dict[int, str] = {}
        """Stored articles marked deleted that the site served again, with when."""
        self.operations = 0
        self.opened_at: float | None = None

    def __bool__(self) -> bool:
        return self.operations > 0

    def count_operation(self) -> None:
        """Note one more pending operation (and when the batch began)."""
        self.operations += 1
        if self.opened_at is None:
            self.opened_at = time.monotonic()

    def age(self) -> float:
        """Seconds since the oldest pending operation."""
        return 0.0 if self.opened_at is None else time.monotonic() - self.opened_at

    def add_new(self, row: Row) -> PendingArticle:
        """A row to insert, under a fresh provisional key."""
        pending = PendingArticle(key=next(self._provisional_keys), row=row, is_new=True)
        self.articles[pending.key] = pending
        return pending

    def adopt(self, article_id: int, row: Row) -> PendingArticle:
        """The pending entry of a stored row (or of one an earlier batch writes), created from a
        copy of `row` on first use."""
        if article_id not in self.articles:
            self.articles[article_id] = PendingArticle(key=article_id, row=dict(row), is_new=False)
        return self.articles[article_id]

    def index(self, pending: PendingArticle) -> None:
        """Make `pending` findable by its post id and every URL it holds."""
        if pending.row["post_id"] is not None:
            self.by_post_id[pending.row["post_id"]] = pending.key
        self.by_url[pending.row["url"]] = pending.key
        holders = self.by_content.setdefault(pending.row["content_hash"], [])
        if pending.key not in holders:
            holders.append(pending.key)
        for url in pending.urls:
            self.by_url[url] = pending.key

    def with_content(self, digest: str) -> PendingArticle | None:
        """The earliest pending article whose content has this hash."""
        holders = (self.articles[key] for key in self.by_content.get(digest, ()))
        return next((p for p in holders if p.row["content_hash"] == digest), None)

    def keys_of_new_rows(self, first: int) -> dict[int, int]:
        """Provisional key → real key of each new row, numbered from `first` in arrival order."""
        new = (pending.key for pending in self.articles.values() if pending.is_new)
        return {key: first + offset for offset, key in enumerate(new)}

    def rekey(self, keys: dict[int, int]) -> None:
        """Replace provisional keys of rows an earlier batch has just inserted by their real
        keys."""
        if not keys:
            return
        articles = {}
        for key, pending in self.articles.items():
            pending.key = keys.get(key, key)
            articles[pending.key] = pending
        self.articles = articles
        self.by_post_id = {post_id: keys.get(key, key) for post_id, key in self.by_post_id.items()}
        self.by_url = {url: keys.get(key, key) for url, key in self.by_url.items()}
        for digest, holders in self.by_content.items():
            self.by_content[digest] = [keys.get(key, key) for key in holders]
        for duplicate in self.duplicates.values():
            duplicate.original = keys.get(duplicate.original, duplicate.original)

    def new_rows(self) -> int:
        """How many pending rows are not in the database yet."""
        return sum(1 for pending in self.articles.values() if pending.is_new)
