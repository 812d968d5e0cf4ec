"""What one crawl was asked to do: incremental or a backfill of site-local days, and its source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from newsbot.crawl.dates import parse_day

SourceChoice = Literal["auto", "rest", "html"]
SOURCES: tuple[SourceChoice, ...] = ("auto", "rest", "html")


@dataclass(frozen=True)
class CrawlPlan:
    source_choice: SourceChoice
    since: date | None = None
    until: date | None = None
    """The last day of a backfill; None: today in the outlet's zone."""
    sweep: bool = False
    """An incremental run that also lists the whole site for deleted articles."""

    @classmethod
    def from_arguments(
        cls, since: str | None, until: str | None, source: str, sweep: str | bool = False
    ) -> CrawlPlan:
        """The plan of `scrapy crawl arbuz -a since=… -a until=… -a source=… -a sweep=1`;
        raises ValueError with a message a user can act on."""
        if source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
        first = parse_day(since) if since else None
        last = parse_day(until) if until else None
        if last and not first:
            raise ValueError("until needs since")
        if first and last and first > last:
            raise ValueError(f"since {first} is after until {last}")
        swept = sweep if isinstance(sweep, bool) else sweep.strip().lower() in ("1", "true", "yes")
        if swept and first:
            raise ValueError("sweep is for incremental runs, not backfills")
        return cls(source, first, last, swept)

    @property
    def mode(self) -> str:
        return "backfill" if self.since else "incremental"

    def backfill_key(self, source: str) -> str:
        """The crawl_state key of this backfill's checkpoint for `source`."""
        return f"backfill:{source}:{self.since}:{self.until or 'today'}"
