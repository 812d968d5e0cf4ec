"""Article pages that could not be fetched or extracted: recorded, retried with a backoff, given
up after a bounded number of tries (DESIGN §5: pages that failed are retried, never skipped)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from newsbot.normalize import from_utc_iso, utc_iso

SCHEMA = """
CREATE TABLE failed_articles (
    url TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    first_failed_at TEXT NOT NULL,
    last_failed_at TEXT NOT NULL,
    next_try_at TEXT
);
CREATE INDEX failed_articles_by_next_try ON failed_articles (next_try_at);
"""
"""`next_try_at` NULL: given up."""


LONGEST_WAIT = timedelta(days=3653)
"""The longest a failed page waits for its next try."""


@dataclass(frozen=True)
class RetryPolicy:
    """The n-th failure waits `backoff × 2^(n-1)` before the next try; `attempts` failures
    give the article up."""

    backoff: timedelta
    attempts: int

    def wait(self, failures: int) -> timedelta:
        """How long after its `failures`-th failure a page waits for its next try (at most
        `LONGEST_WAIT`, however many failures)."""
        doubled = self.backoff.total_seconds() * 2.0 ** min(failures - 1, 1000)
        return timedelta(seconds=min(doubled, LONGEST_WAIT.total_seconds()))


@dataclass(frozen=True)
class FailedArticle:
    url: str
    reason: str
    attempts: int
    first_failed_at: str
    last_failed_at: str
    next_try_at: str | None
    """When a later run tries it again; None: given up."""

    @property
    def given_up(self) -> bool:
        return self.next_try_at is None

    def due(self, now: datetime, policy: RetryPolicy) -> bool:
        """Whether a run at `now` tries it again (the policy of that run decides the wait)."""
        if self.given_up:
            return False
        return from_utc_iso(self.last_failed_at) + policy.wait(self.attempts) <= now


def failure(
    url: str, reason: str, now: datetime, policy: RetryPolicy, before: FailedArticle | None
) -> FailedArticle:
    """The record of `url` failing at `now` (once more, if it failed `before`)."""
    attempts = 1 if before is None else before.attempts + 1
    next_try = utc_iso(now + policy.wait(attempts)) if attempts < policy.attempts else None
    stamp = utc_iso(now)
    first = stamp if before is None else before.first_failed_at
    return FailedArticle(url, reason, attempts, first, stamp, next_try)
