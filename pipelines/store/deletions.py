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


# Writes, inside the caller's transaction -------------------------------------------------------


def clear(db: Database, article_ids: Iterable[int]) -> None:
    """These articles are not suspects any more (listed again, or found alive)."""
    db.conn.executemany(
        "DELETE FROM deletion_suspects WHERE article_id = ?", [(key,) for key in article_ids]
    )


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
