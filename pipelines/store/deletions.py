"""Articles the site no longer serves (DESIGN §5): suspects missing from the site's listings,
deletions confirmed by a definite answer (with when and why), and revivals.

An article's content is never removed: a confirmed deletion sets `articles.deleted_at` (when it
was first seen missing) and `deletion_reason`, and adds a `deletions` row; a revival clears them
and stamps that row's `revived_at`, so the row keeps the gap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

from pipelines.store.queries import rows
from pipelines.store.rows import status_of

SCHEMA = """
ALTER TABLE articles ADD COLUMN deleted_at TEXT;
ALTER TABLE articles ADD COLUMN deletion_reason TEXT;
CREATE INDEX articles_deleted ON articles (site, deleted_at, deletion_reason)
    WHERE deleted_at IS NOT NULL;

CREATE TABLE deletions (
    deletion_id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (article_id),
    reason TEXT NOT NULL,
    evidence TEXT NOT NULL,
    first_missed_at TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    revived_at TEXT
);
CREATE INDEX deletions_by_article ON deletions (article_id, revived_at);

CREATE TABLE deletion_suspects (
    article_id INTEGER PRIMARY KEY REFERENCES articles (article_id),
    source TEXT NOT NULL,
    first_missed_at TEXT NOT NULL,
    last_missed_at TEXT NOT NULL,
    checks INTEGER NOT NULL,
    last_answer TEXT
);

ALTER TABLE runs ADD COLUMN sweep TEXT;
"""

Reason = Literal["deleted", "unpublished", "page_gone", "redirected"]
REASONS: tuple[Reason, ...] = ("deleted", "unpublished", "page_gone", "redirected")
"""Why an article is taken for gone: the REST API says the post does not exist (404/410) or is
not public (401/403: trashed, a draft or private); its page answers 404/410 (HTML cannot tell a
deleted post from an unpublished one); or its page redirects to another article or the home
page."""


@dataclass(frozen=True)
class Presence:
    """What a sweep compares with the site's listing: one stored article's identity."""

    article_id: int
    post_id: int | None
    deleted: bool
    freshness: str = ""
    """Its modification (else publication) time as stored, UTC ISO 8601."""
    gone_as: str | None = None
    """Why it is marked deleted (`deletion_reason`), None while it is not."""
    gone_since: str | None = None


@dataclass(frozen=True)
class Suspect:
    """A stored article a listing of the site left out, not yet confirmed gone."""

    article_id: int
    source: str
    """How it was missed ("rest" or "html"), and so how it is confirmed."""
    first_missed_at: str
    last_missed_at: str
    checks: int
    """Confirmations tried that gave no definite answer."""
    last_answer: str | None
    gone_as: str | None = None
    """Set when an article already marked deleted for this reason is asked about again."""


@dataclass(frozen=True)
class Deletion:
    """One disappearance of an article: when it was first missed, confirmed, and revived."""

    deletion_id: int
    article_id: int
    url: str
    """The article's URL as stored now."""
    reason: str
    evidence: str
    first_missed_at: str
    detected_at: str
    revived_at: str | None


def presence(db: Database, site: str) -> list[Presence]:
    """Every article of the site: its key, post id, whether it is marked deleted, and when it
    was last modified."""
    cursor = db.execute(
        "SELECT article_id, post_id, coalesce(modified_at, published_at, ''), deletion_reason, "
        "deleted_at FROM articles WHERE site = ?",
        [site],
    )
    return [
        Presence(key, post_id, since is not None, fresh, reason, since)
        for key, post_id, fresh, reason, since in cursor
    ]


def urls(db: Database, site: str) -> Iterable[tuple[str, int]]:
    """(url, article_id) for every URL recorded for the site's articles."""
    yield from db.execute(
        "SELECT article_urls.url, article_id FROM article_urls JOIN articles USING (article_id) "
        "WHERE site = ?",
        [site],
    )


def suspects(db: Database, site: str) -> dict[int, Suspect]:
    cursor = db.execute(
        "SELECT deletion_suspects.* FROM deletion_suspects JOIN articles USING (article_id) "
        "WHERE site = ? ORDER BY article_id",
        [site],
    )
    return {row["article_id"]: Suspect(**row) for row in rows(cursor)}


def history(db: Database, site: str, limit: int = -1) -> list[Deletion]:
    """The site's deletions, latest detection first."""
    cursor = db.execute(
        "SELECT deletions.*, articles.url FROM deletions JOIN articles USING (article_id) "
        "WHERE site = ? "
        "ORDER BY detected_at DESC, deletion_id DESC LIMIT ?",
        [site, limit],
    )
    return [Deletion(**row) for row in rows(cursor)]


@dataclass(frozen=True)
class DeletionCounts:
    """How many of the site's articles are marked gone, why, and the history so far."""

    deleted: int
    unpublished: int
    reasons: dict[str, int]
    suspects: int
    """Articles missed by a listing, not yet confirmed gone."""
    recorded: int
    """Deletions ever recorded (an article gone twice counts twice)."""
    revived: int
    """Of those, the ones whose article came back."""


def counts(db: Database, site: str) -> DeletionCounts:
    reasons = dict(
        db.execute(
            "SELECT deletion_reason, count(*) FROM articles "
            "WHERE site = ? AND deleted_at IS NOT NULL GROUP BY deletion_reason "
            "ORDER BY deletion_reason",
            [site],
        ).fetchall()
    )
    unpublished = sum(n for reason, n in reasons.items() if status_of("", reason) == "unpublished")
    recorded, revived = db.execute(
        "SELECT count(*), count(revived_at) FROM deletions JOIN articles USING (article_id) "
        "WHERE site = ?",
        [site],
    ).fetchone()
    return DeletionCounts(
        deleted=sum(reasons.values()) - unpublished,
        unpublished=unpublished,
        reasons=reasons,
        suspects=int(
            db.execute(
                "SELECT count(*) FROM deletion_suspects JOIN articles USING (article_id) "
                "WHERE site = ?",
                [site],
            ).fetchone()[0]
        ),
        recorded=int(recorded),
        revived=int(revived),
    )


# Writes, inside the caller's transaction -------------------------------------------------------


def suspect(db: Database, found: Suspect) -> None:
    db.execute(
        "INSERT INTO deletion_suspects (article_id, source, first_missed_at, last_missed_at, "
        "checks, last_answer) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
        "source = excluded.source, last_missed_at = excluded.last_missed_at, "
        "checks = excluded.checks, last_answer = excluded.last_answer",
        [
            found.article_id,
            found.source,
            found.first_missed_at,
            found.last_missed_at,
            found.checks,
            found.last_answer,
        ],
    )


def clear(db: Database, article_ids: Iterable[int]) -> None:
    """These articles are not suspects any more (listed again, or found alive)."""
    db.conn.executemany(
        "DELETE FROM deletion_suspects WHERE article_id = ?", [(key,) for key in article_ids]
    )


def mark(
    db: Database, article_id: int, reason: str, evidence: str, first_missed_at: str, now: str
) -> None:
    """A confirmed deletion: the article's tombstone and its history row; no longer a suspect."""
    db.execute(
        "UPDATE articles SET deleted_at = ?, deletion_reason = ? WHERE article_id = ?",
        [first_missed_at, reason, article_id],
    )
    db.execute(
        "INSERT INTO deletions (article_id, reason, evidence, first_missed_at, detected_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [article_id, reason, evidence, first_missed_at, now],
    )
    clear(db, [article_id])


def revive(db: Database, revived: dict[int, str]) -> None:
    """Articles served again (article_id → when): tombstones cleared, deletions closed."""
    db.conn.executemany(
        "UPDATE articles SET deleted_at = NULL, deletion_reason = NULL WHERE article_id = ?",
        [(key,) for key in revived],
    )
    db.conn.executemany(
        "UPDATE deletions SET revived_at = ? WHERE article_id = ? AND revived_at IS NULL",
        [(when, key) for key, when in revived.items()],
    )
    clear(db, revived)
