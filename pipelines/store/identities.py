"""Which stored article an identity names: a post id, a canonical URL, a content hash.

The database is asked each time, through its indexes; it sees only the committed archive and
only the outlet's articles (pending saves are the batch's).
"""

from __future__ import annotations

from typing import Protocol

from pipelines.store import queries
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
