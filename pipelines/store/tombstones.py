"""`Tombstones`: the archive's record of articles the site no longer serves.

Each change commits at once, with the saves before it: a sweep changes a handful of rows, not
thousands.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from sqlite_utils import Database

from pipelines.store.deletions import Deletion, DeletionCounts, Presence, Suspect, clear, revive
from pipelines.store.handle import ArchiveFile
from pipelines.store.queries import rows
from pipelines.store.rows import now_stamp

_SUSPECT = (
    "INSERT INTO deletion_suspects (article_id, source, first_missed_at, last_missed_at, "
    "checks, last_answer) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
    "source = excluded.source, last_missed_at = excluded.last_missed_at, "
    "checks = excluded.checks, last_answer = excluded.last_answer"
)


class Tombstones:
    """Suspects, confirmed deletions and revivals of one outlet's articles."""

    def __init__(self, file: ArchiveFile) -> None:
        self._file = file

    def _read(self, sql: str, *parameters: object) -> sqlite3.Cursor:
        """The rows of `sql` over the outlet's articles (its first parameter is the site)."""
        return self._file.database().execute(sql, [self._file.site, *parameters])

    def presence(self) -> list[Presence]:
        """Every stored article of the outlet, as a sweep compares it with a listing."""
        found = self._read(
            "SELECT article_id, post_id, coalesce(modified_at, published_at, ''), "
            "deletion_reason, deleted_at FROM articles WHERE site = ?"
        )
        return [
            Presence(key, post_id, since is not None, fresh, reason, since)
            for key, post_id, fresh, reason, since in found
        ]

    def urls(self) -> dict[str, int]:
        """Every URL recorded for an article → its key."""
        return dict(
            self._read(
                "SELECT article_urls.url, article_id FROM article_urls "
                "JOIN articles USING (article_id) WHERE site = ?"
            )
        )

    def suspects(self) -> dict[int, Suspect]:
        cursor = self._read(
            "SELECT deletion_suspects.* FROM deletion_suspects JOIN articles USING (article_id) "
            "WHERE site = ? ORDER BY article_id"
        )
        return {row["article_id"]: Suspect(**row) for row in rows(cursor)}

    def history(self, limit: int = -1) -> list[Deletion]:
        """The outlet's deletions, latest detection first."""
        cursor = self._read(
            "SELECT deletions.*, articles.url FROM deletions JOIN articles USING (article_id) "
            "WHERE site = ? ORDER BY detected_at DESC, deletion_id DESC LIMIT ?",
            limit,
        )
        return [Deletion(**row) for row in rows(cursor)]

    def counts(self) -> DeletionCounts:
        reasons: dict[str, int] = dict(
            self._read(
                "SELECT deletion_reason, count(*) FROM articles "
                "WHERE site = ? AND deleted_at IS NOT NULL GROUP BY deletion_reason "
                "ORDER BY deletion_reason"
            )
        )
        unpublished = reasons.get("unpublished", 0)
        ((recorded, revived),) = self._read(
            "SELECT count(*), count(revived_at) FROM deletions JOIN articles USING (article_id) "
            "WHERE site = ?"
        )
        ((suspects,),) = self._read(
            "SELECT count(*) FROM deletion_suspects JOIN articles USING (article_id) WHERE site = ?"
        )
        return DeletionCounts(
            deleted=sum(reasons.values()) - unpublished,
            unpublished=unpublished,
            reasons=reasons,
            suspects=int(suspects),
            recorded=int(recorded),
            revived=int(revived),
        )

    def suspect(self, found: Iterable[Suspect], listed: Iterable[int]) -> None:
        """Record the articles a complete listing left out (`found`) and forget the suspects it
        listed again (`listed`), in one transaction."""
        found, listed = list(found), list(listed)
        if found or listed:
            with self._file.change(now=True) as db:
                _suspect(db, found)
                clear(db, listed)

    def inconclusive(self, found: Suspect) -> None:
        """A confirmation gave no definite answer: the suspect stays, with the answer."""
        with self._file.change(now=True) as db:
            _suspect(db, [found])

    def alive(self, article_id: int) -> None:
        """A suspect answered: it is still there."""
        with self._file.change(now=True) as db:
            clear(db, [article_id])

    def mark(self, article_id: int, reason: str, evidence: str, first_missed_at: str) -> None:
        """A suspect confirmed gone: `deleted_at` (= first missed), its reason, a history row;
        no longer a suspect."""
        with self._file.change(now=True) as db:
            db.execute(
                "UPDATE articles SET deleted_at = ?, deletion_reason = ? WHERE article_id = ?",
                [first_missed_at, reason, article_id],
            )
            db.execute(
                "INSERT INTO deletions (article_id, reason, evidence, first_missed_at, "
                "detected_at) VALUES (?, ?, ?, ?, ?)",
                [article_id, reason, evidence, first_missed_at, now_stamp()],
            )
            clear(db, [article_id])

    def revive(self, article_ids: Iterable[int]) -> None:
        """Articles the site serves again: tombstones cleared, their deletions get revived_at."""
        revived = dict.fromkeys(article_ids, now_stamp())
        if revived:
            with self._file.change(now=True) as db:
                revive(db, revived)


def _suspect(db: Database, found: list[Suspect]) -> None:
    db.conn.executemany(
        _SUSPECT,
        [
            (s.article_id, s.source, s.first_missed_at, s.last_missed_at, s.checks, s.last_answer)
            for s in found
        ],
    )
