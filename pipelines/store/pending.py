"""`Pending`: what a writer has decided but not committed, seen by every look-up first.

At most two batches: the one being written (in the background, or kept after its write failed
until it is written again) and the current one, which may name rows the first one inserts by
their provisional keys until it is committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

from pipelines.store.batch import Batch, PendingArticle
from pipelines.store.retries import FailedArticle


class Pending:
    """The current batch and the one being written, newest first in every look-up."""

    def __init__(self) -> None:
        self._provisional_keys = count(-1, -1)
        self.current = Batch(self._provisional_keys)
        self.writing: Batch | None = None

    def batches(self) -> tuple[Batch, ...]:
        """Oldest first."""
        return (self.current,) if self.writing is None else (self.writing, self.current)

    def start_writing(self) -> Batch:
        """The current batch becomes the one being written; a new one begins."""
        assert self.writing is None
        self.writing, self.current = self.current, Batch(self._provisional_keys)
        return self.writing

    def written(self, keys: dict[int, int]) -> None:
        """The batch being written is committed, its new rows under `keys`."""
        self.writing = None
        self.current.rekey(keys)

    def article(self, key: int) -> PendingArticle | None:
        for batch in reversed(self.batches()):
            if key in batch.articles:
                return batch.articles[key]
        return None

    def url_owner(self, url: str) -> int | None:
        for batch in reversed(self.batches()):
            if url in batch.by_url:
                return batch.by_url[url]
        return None

    def post_owner(self, post_id: int) -> int | None:
        for batch in reversed(self.batches()):
            if post_id in batch.by_post_id:
                return batch.by_post_id[post_id]
        return None

    def with_content(self, digest: str) -> PendingArticle | None:
        """The earliest pending article whose current content has this hash."""
        for batch in self.batches():
            found = batch.with_content(digest)
            if found is not None and self.article(found.key) is found:
                return found
        return None

    def state(self, key: str) -> tuple[bool, str | None]:
        """Whether a crawl_state value is pending, and the value (None: deleted)."""
        for batch in reversed(self.batches()):
            if key in batch.state:
                return True, batch.state[key][0]
        return False, None

    def failures(self) -> dict[str, FailedArticle | None]:
        """Failed article pages recorded or forgotten (None) and not yet written, newest last."""
        merged: dict[str, FailedArticle | None] = {}
        for batch in self.batches():
            merged.update(batch.failures)
        return merged

    def rows(self) -> Iterator[PendingArticle]:
        """Every pending article as it will be, each once, in arrival order."""
        latest: dict[int, PendingArticle] = {}
        for batch in self.batches():
            latest.update(batch.articles)
        return iter(latest.values())

    def new_rows(self) -> int:
        return sum(batch.new_rows() for batch in self.batches())

    def __bool__(self) -> bool:
        return any(self.batches())
