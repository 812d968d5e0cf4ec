"""Which stored article an identity names: a post id, a canonical URL, a content hash.

A writer loads them into memory once (`LoadedIdentities`), so deciding that an article is new
costs no query; a read-only archive asks the database each time (`StoredIdentities`). Both see
only the committed archive and only their outlet's articles; pending saves are the batch's.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
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


def _content_key(digest: str) -> int:
    """The first 64 bits of a content hash: what the memory index keeps of it."""
    return int(digest[:16], 16)


class LoadedIdentities:
    """Identities held in memory, loaded when the archive opens for writing and kept in step
    with every batch it commits; loaded again when another connection has written the file.

    Content hashes are kept as their first 64 bits: a match is confirmed against the database,
    which costs a query only when an article's content is (almost surely) archived already.
    """

    def __init__(self, file: ArchiveFile) -> None:
        self._file = file
        self._urls: dict[str, int] = {}
        self._posts: dict[int, int] = {}
        self._contents: dict[int, int | list[int]] = {}
        """64-bit content key → the key holding it, or the keys (ascending) when several do."""
        self._data_version = -1
        self.refresh()

    def refresh(self) -> None:
        """Load everything again if another connection committed since the last look."""
        db = self._file.database()
        version = int(db.execute("PRAGMA data_version").fetchone()[0])
        if version == self._data_version:
            return
        site = self._file.site
        self._urls = dict(queries.url_owners(db, site))
        self._posts = dict(queries.post_owners(db, site))
        self._contents = {}
        for digest, article_id in queries.content_hashes(db, site):
            self._hold(_content_key(digest), article_id)
        self._data_version = version

    def post_owner(self, post_id: int) -> int | None:
        return self._posts.get(post_id)

    def url_owner(self, url: str) -> int | None:
        return self._urls.get(url)

    def content_holders(self, digest: str) -> list[int]:
        held = self._contents.get(_content_key(digest))
        if held is None:
            return []
        candidates = [held] if isinstance(held, int) else held
        return queries.holding_content(self._file.database(), candidates, digest)

    def written(self, batch: Batch, keys: dict[int, int]) -> None:
        """Take in a batch just committed; `keys` maps its provisional keys to the real ones."""
        for pending in batch.articles.values():
            key = keys.get(pending.key, pending.key)
            row = pending.row
            if row["post_id"] is not None:
                self._posts[row["post_id"]] = key
            for url in pending.urls:
                self._urls[url] = key
            if pending.stored_hash != row["content_hash"]:
                if pending.stored_hash is not None:
                    self._release(_content_key(pending.stored_hash), key)
                self._hold(_content_key(row["content_hash"]), key)

    def forget(
        self, article_id: int, urls: Iterable[str], post_id: int | None, digest: str
    ) -> None:
        """Drop a deleted article's identities."""
        for url in urls:
            if self._urls.get(url) == article_id:
                del self._urls[url]
        if post_id is not None and self._posts.get(post_id) == article_id:
            del self._posts[post_id]
        self._release(_content_key(digest), article_id)

    def _hold(self, content: int, article_id: int) -> None:
        held = self._contents.get(content)
        if held is None:
            self._contents[content] = article_id
        elif isinstance(held, int):
            if held != article_id:
                self._contents[content] = sorted((held, article_id))
        elif article_id not in held:
            insort(held, article_id)

    def _release(self, content: int, article_id: int) -> None:
        held = self._contents.get(content)
        if held == article_id:
            del self._contents[content]
        elif isinstance(held, list) and article_id in held:
            held.remove(article_id)
            if len(held) == 1:
                self._contents[content] = held[0]
