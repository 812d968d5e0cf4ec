"""`Locator`: which article a save or a look-up is about, the pending batch seen first."""

from __future__ import annotations

from pipelines.store import queries
from pipelines.store.handle import ArchiveFile
from pipelines.store.identities import Identities
from pipelines.store.pending import Pending
from pipelines.store.rows import Row

Found = tuple[int, Row]
"""An article's key (negative while it waits for the next flush) and its row as it stands."""


class Locator:
    """Finds articles by post id, URL and content in the archive and its pending batch."""

    def __init__(self, file: ArchiveFile, identities: Identities, pending: Pending) -> None:
        self._file = file
        self.identities = identities
        self._pending = pending

    def current(self, key: int) -> Found | None:
        """The row of `key` as it stands, pending changes included."""
        pending = self._pending.article(key)
        if pending is not None:
            return key, pending.row
        row = queries.article_by_id(self._file.database(), self._file.site, key)
        if row is None:
            return None
        del row["article_id"]
        return key, row

    def owner_of(self, url: str) -> int | None:
        """The key of the article a canonical URL is recorded for."""
        key = self._pending.url_owner(url)
        return key if key is not None else self.identities.url_owner(url)

    def locate(self, post_id: int | None, urls: list[str]) -> Found | None:
        """The article with this post id, else the one holding any of these URLs.

        An article found by URL is the same one only if neither post id contradicts the other.
        """
        if post_id is not None:
            key = self._pending.post_owner(post_id)
            if key is None:
                key = self.identities.post_owner(post_id)
            if key is not None:
                return self.current(key)
        for url in urls:
            owner = self.owner_of(url)
            found = None if owner is None else self.current(owner)
            if found is not None and (post_id is None or found[1]["post_id"] in (None, post_id)):
                return found
        return None

    def holder_of(self, digest: str) -> int | None:
        """The key of the first archived article whose current content has this hash."""
        for article_id in self.identities.content_holders(digest):
            pending = self._pending.article(article_id)
            if pending is None or pending.row["content_hash"] == digest:
                return article_id
        holder = self._pending.with_content(digest)
        return None if holder is None else holder.key

    def seen_without_post_id(self, holder: int | None, post_id: int | None) -> Found | None:
        """The holder of an article's content when it was stored without a post id and the
        article now arrives with one: the same article seen before its post id was known
        (e.g. imported from a file), not a duplicate."""
        found = None if holder is None or post_id is None else self.current(holder)
        return found if found is not None and found[1]["post_id"] is None else None
