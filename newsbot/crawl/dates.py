"""Date ranges of a backfill: days in the outlet's zone, and the bounds REST filters take."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo

from newsbot.normalize.article import EARLIEST_PUBLICATION

EARLIEST = EARLIEST_PUBLICATION.replace(tzinfo=None)
"""The start of every site-local range: nothing the archive keeps is older."""
_DAY = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
"""The one spelling of a day taken: ISO 8601's extended form (not `20260105`, not a week date)."""


def parse_day(text: str) -> date:
    """A `YYYY-MM-DD` date; raises ValueError with a message a user can act on."""
    try:
        if not _DAY.match(text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def today(zone: tzinfo) -> date:
    """The current date in the outlet's zone."""
    return datetime.now(UTC).astimezone(zone).date()


def days(since: date, until: date) -> Iterator[date]:
    """Every date from `since` to `until`, both included."""
    return (since + timedelta(days=offset) for offset in range((until - since).days + 1))


def day_start(day: date, zone: tzinfo) -> datetime:
    """The instant (UTC) at which `day` begins in the outlet's zone."""
    return datetime.combine(day, datetime.min.time(), zone).astimezone(UTC)


def publication_bounds(
    since: date | None, until: date | None, zone: tzinfo
) -> tuple[datetime | None, datetime | None]:
    """Site-local days `since` to `until` (both included, either open) as the instants
    [start, end) that the archive's readers filter on."""
    start = None if since is None else day_start(since, zone)
    end = None if until is None else day_start(until + timedelta(days=1), zone)
    return start, end


def local_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """Site-local naive `after`/`before` REST bounds covering `since` 00:00 to the end of `until`.

    WordPress compares both strictly, so `after` is one second before midnight of `since`.
    """
    after = datetime.combine(since, datetime.min.time()) - timedelta(seconds=1)
    before = datetime.combine(until + timedelta(days=1), datetime.min.time())
    return after, before


def local_naive(moment: datetime, zone: tzinfo) -> str:
    """An instant as the site-local naive timestamp WordPress REST filters expect."""
    return local_naive_time(moment, zone).isoformat(timespec="seconds")


def local_naive_time(moment: datetime, zone: tzinfo) -> datetime:
    """An aware instant as the site-local naive time, to the second."""
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)
