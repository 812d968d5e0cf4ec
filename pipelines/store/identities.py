"""Which stored article an identity names: a post id, a canonical URL, a content hash.

A read-only archive asks the database each time (`StoredIdentities`); a writer holds what it
needs to know that an identity is new in memory (`LoadedIdentities`), so a new article costs no
query. Both see only the committed archive and only their outlet's articles; pending saves are
the batch's.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from itertools import chain
from typing import Protocol

from pipelines.store import queries
from pipelines.store.batch import Batch
from pipelines.store.handle import ArchiveFile


class Identities(Protocol):
    def post_owner(self, post_id: int) -> int | None:
        """The key of the article with this post id."""

    def url_owner(self, url: str) -> int | None:
        """The key of the article this canonical URL is recorded for."""

    def content_holders(self, digest: str) -> list[int]:
        """Keys of the articles whose current content has this hash, oldest first."""


class StoredIdentities:
    """Identities read from the database at each question."""

    def __init__(self, file: ArchiveFile) -> None:
        self._file = file

    def post_owner(self, post_id: int) -> int | None:
        return queries.post_owner(self._file.database(), self._file.site, post_id)

    def url_owner(self, url: str) -> int | None:
        return queries.url_owner(self._file.database(), self._file.site, url)

    def content_holders(self, digest: str) -> list[int]:
        return queries.content_holders(self._file.database(), self._file.site, digest)


class KeySet:
    """A compact set of 64-bit integers: a sorted array (8 bytes each) and a small set of the
    latest additions, merged into the array when it grows past an eighth of it."""

    def __init__(self, keys: Iterable[int] = ()) -> None:
        self._sorted = array("q", sorted(set(keys)))
        self._recent: set[int] = set()

    def __contains__(self, key: int) -> bool:
        if key in self._recent:
            return True
        position = bisect_left(self._sorted, key)
        return position < len(self._sorted) and self._sorted[position] == key

    def add(self, key: int) -> None:
        if key in self:
            return
        self._recent.add(key)
        if len(self._recent) > max(1024, len(self._sorted) // 8):
            self._sorted = array("q", sorted(chain(self._sorted, self._recent)))
            self._recent = set()


class LoadedIdentities(StoredIdentities):
    """Identities a writer holds in memory: the hashes of every URL, post id and content hash
    of its outlet's articles, loaded when the archive opens for writing, added to with every
    batch it commits, and loaded again when another connection has written the file.

    They say for certain that an identity is unknown, which is the answer for a new article;
    a hash that is known (an identity archived, or a stale or colliding one) is confirmed by
    the database, as a read-only archive would ask it.
    """

    def __init__(self, file: ArchiveFile) -> None:
        super().__init__(file)
        self._urls = KeySet()
        self._posts = KeySet()
        self._contents = KeySet()
        self._data_version = -1
        self.refresh()

    def refresh(self, *, force: bool = False) -> None:
        """Load everything again if another connection committed since the last look (or if
        `force`d: when this archive's background writer saw one)."""
        db = self._file.database()
        version = int(db.conn.execute("PRAGMA data_version").fetchone()[0])
        if version == self._data_version and not force:
            return
        site = self._file.site
        self._urls = KeySet(map(hash, queries.recorded_urls(db, site)))
        self._posts = KeySet(queries.post_ids(db, site))
        self._contents = KeySet(map(hash, queries.content_hashes(db, site)))
        self._data_version = version

    def post_owner(self, post_id: int) -> int | None:
        return super().post_owner(post_id) if post_id in self._posts else None

    def url_owner(self, url: str) -> int | None:
        return super().url_owner(url) if hash(url) in self._urls else None

    def content_holders(self, digest: str) -> list[int]:
        return super().content_holders(digest) if hash(digest) in self._contents else []

    def written(self, batch: Batch) -> None:
        """Take in the identities of a batch just committed."""
        for pending in batch.articles.values():
            row = pending.row
            if row["post_id"] is not None:
                self._posts.add(row["post_id"])
            for url in pending.urls:
                self._urls.add(hash(url))
            self._contents.add(hash(row["content_hash"]))
