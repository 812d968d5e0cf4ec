"""Timestamps in any form the site prints → UTC ISO 8601; the Russian local display date."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from email.utils import format_datetime, parsedate_to_datetime

from newsbot.site import ARBUZ, GENITIVE_MONTHS

_MIN_TIMESTAMP_LENGTH = len("2019-11-07T21:00")


def parse_instant(value: str, naive_zone: tzinfo = ARBUZ.zone) -> datetime:
    """An aware datetime from ISO 8601 (offset, `Z` or naive in `naive_zone`) or RFC 822.

    Raises ValueError for anything that does not name an instant (a bare date included).
    """
    text = value.strip()
    if len(text) < _MIN_TIMESTAMP_LENGTH:
        raise ValueError(f"not a timestamp: {value!r}")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"not a timestamp: {value!r}") from None
        if moment.tzinfo is None:  # RFC 822 "-0000": UTC with no claim about the local zone
            return moment.replace(tzinfo=UTC)
        return moment
    if moment.tzinfo is None:
        return moment.replace(tzinfo=naive_zone)
    return moment


def utc_iso(moment: datetime) -> str:
    """An aware datetime as UTC ISO 8601 with seconds and `+00:00`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def utc_now() -> str:
    """The current instant in the archive's timestamp form."""
    return utc_iso(datetime.now(UTC))


def to_utc_iso(value: str, naive_zone: tzinfo = ARBUZ.zone) -> str:
    """`value` as UTC ISO 8601 with seconds and `+00:00`, e.g. `2019-11-07T17:00:22+00:00`."""
    return utc_iso(parse_instant(value, naive_zone))


def local_time(utc_iso: str, zone: tzinfo = ARBUZ.zone) -> datetime:
    """A stored UTC instant in the outlet's zone."""
    return parse_instant(utc_iso, UTC).astimezone(zone)


def display_date(utc_iso: str, zone: tzinfo = ARBUZ.zone) -> str:
    """The outlet's printed date, e.g. `7 ноября 2019, 21:00` (local time, genitive month)."""
    moment = local_time(utc_iso, zone)
    return f"{moment.day} {GENITIVE_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def http_date(instant: str) -> str:
    """An archive timestamp as an HTTP date, e.g. for `If-Modified-Since`."""
    return format_datetime(parse_instant(instant, UTC).astimezone(UTC), usegmt=True)
