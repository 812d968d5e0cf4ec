"""What the user asked a crawl to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsbot.sites import SiteProfile


@dataclass(frozen=True)
class CrawlRequest:
    db: Path
    profile: SiteProfile
    base_url: str
    source: str
    since: str | None = None
    until: str | None = None
    max_requests: int = 0
    overrides: tuple[str, ...] = ()
    sweep: bool = False

    @property
    def mode(self) -> str:
        """The run's mode, as `runs` records it."""
        return "backfill" if self.since else "incremental"
