"""`Tombstones`: the archive's record of articles the site no longer serves.

Each change commits at once, with the saves before it: a sweep changes a handful of rows, not
thousands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlite_utils import Database

from pipelines.store import deletions, queries
from pipelines.store.deletions import Deletion, DeletionCounts, Presence, Suspect
from pipelines.store.handle import ArchiveFile
from pipelines.store.rows import StoredArticle, now_stamp


class Tombstones:
    """Suspects, confirmed deletions and revivals of one outlet's articles."""

    def __init__(self, file: ArchiveFile) -> None:
        self._file = file

    def presence(self) -> list[Presence]:
        """Every stored article's key, post id and whether it is marked deleted."""
        return deletions.presence(self._file.database(), self._file.site)

    def urls(self) -> dict[str, int]:
        """Every URL recorded for an article → its key."""
        return dict(deletions.urls(self._file.database(), self._file.site))

    def article(self, article_id: int) -> StoredArticle | None:
        """The stored article with this key (what a confirmation asks the site about)."""
        row = queries.article_by_id(self._file.database(), self._file.site, article_id)
        return None if row is None else StoredArticle.from_row(row)

    def suspects(self) -> dict[int, Suspect]:
        return deletions.suspects(self._file.database(), self._file.site)

    def history(self, limit: int = -1) -> list[Deletion]:
        return deletions.history(self._file.database(), self._file.site, limit)

    def counts(self) -> DeletionCounts:
        return deletions.counts(self._file.database(), self._file.site)

    def suspect(self, found: Iterable[Suspect], listed: Iterable[int]) -> None:
        """Record the articles a complete listing left out (`found`) and forget the suspects it
        listed again (`listed`), in one transaction."""
        found, listed = list(found), list(listed)

        def change(db: Database) -> None:
            for suspect in found:
                deletions.suspect(db, suspect)
            deletions.clear(db, listed)

        if found or listed:
            self._write(change)

    def inconclusive(self, found: Suspect) -> None:
        """A confirmation gave no definite answer: the suspect stays, with the answer."""
        self._write(lambda db: deletions.suspect(db, found))

    def alive(self, article_id: int) -> None:
        """A suspect answered: it is still there."""
        self._write(lambda db: deletions.clear(db, [article_id]))

    def mark(self, article_id: int, reason: str, evidence: str, first_missed_at: str) -> None:
        """A suspect confirmed gone: `deleted_at` (= first missed), its reason, a history row."""
        now = now_stamp()
        self._write(
            lambda db: deletions.mark(db, article_id, reason, evidence, first_missed_at, now)
        )

    def revive(self, article_ids: Iterable[int]) -> None:
        """Articles the site serves again: tombstones cleared, their deletions get revived_at."""
        revived = dict.fromkeys(article_ids, now_stamp())
        if revived:
            self._write(lambda db: deletions.revive(db, revived))

    def _write(self, change: Callable[[Database], object]) -> None:
        with self._file.change(now=True) as db:
            change(db)
