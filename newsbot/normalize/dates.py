"""Instants in any form the site prints → aware UTC datetimes; their stored and printed forms.

An `Article` holds aware UTC datetimes to the second. Strings are parsed here once, where a page
object reads them, and written here once, where a row, a document or an export needs text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from email.utils import format_datetime, parsedate_to_datetime

_MIN_TIMESTAMP_LENGTH = len("2019-11-07T21:00")


def parse_instant(value: str, naive_zone: tzinfo) -> datetime:
    """An aware datetime from ISO 8601 (offset, `Z` or naive in `naive_zone`) or RFC 822
    (a zone, `-0000` for UTC, or none: in `naive_zone`).

    Raises ValueError for anything that does not name an instant (a bare date included, and an
    RFC 822 time in a zone it names by an unknown name, such as `MSK`).
    """
    text = value.strip()
    if len(text) < _MIN_TIMESTAMP_LENGTH:
        raise ValueError(f"not a timestamp: {value!r}")
    zone = naive_zone
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"not a timestamp: {value!r}") from None
        last = text.rsplit(None, 1)[-1]
        if moment.tzinfo is None and last != "-0000" and ":" not in last:
            raise ValueError(f"not a zone known to RFC 822: {value!r}") from None
        zone = UTC if last == "-0000" else naive_zone  # "-0000": UTC, no claim of a local zone
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def first_instant(values: Iterable[object], naive_zone: tzinfo) -> datetime | None:
    """The first of `values` that is a string `parse_instant` reads, else None."""
    for value in values:
        if isinstance(value, str):
            try:
                return parse_instant(value, naive_zone)
            except ValueError:
                continue
    return None


def to_utc(value: str, naive_zone: tzinfo) -> datetime:
    """`value` as the archive's instant: aware, UTC, whole seconds. Raises ValueError."""
    return as_utc(parse_instant(value, naive_zone))


def as_utc(moment: datetime) -> datetime:
    """An aware datetime in UTC to the second (the precision every source prints)."""
    try:
        return moment.astimezone(UTC).replace(microsecond=0)
    except OverflowError:
        raise ValueError(f"not a representable instant: {moment!r}") from None


def utc_iso(moment: datetime) -> str:
    """An aware datetime as UTC ISO 8601 with seconds and `+00:00`: `2019-11-07T17:00:22+00:00`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


class StoredValueError(ValueError):
    """A value read back from the archive that newsbot never writes (the file is damaged)."""


def from_utc_iso(text: str) -> datetime:
    """The instant a stored `utc_iso` text names; raises StoredValueError for any other text."""
    try:
        return to_utc(text, UTC)
    except ValueError as error:
        raise StoredValueError(str(error)) from None


def utc_now() -> datetime:
    """The current instant, UTC to the second."""
    return as_utc(datetime.now(UTC))


def display_date(moment: datetime, zone: tzinfo, genitive_months: tuple[str, ...]) -> str:
    """The outlet's printed date, e.g. `7 ноября 2019, 21:00` (local time, genitive month)."""
    local = moment.astimezone(zone)
    return f"{local.day} {genitive_months[local.month - 1]} {local.year}, {local:%H:%M}"


def http_date(moment: datetime) -> str:
    """An instant as an HTTP date, e.g. for `If-Modified-Since`."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)
