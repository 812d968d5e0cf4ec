"""Backfill checkpoints: the parts of the asked range that are stored, whatever order they end in.

A checkpoint is the set of spans already done (days of an HTML backfill, site-local time spans
of a REST backfill), written as JSON with the articles they cover. A rerun does only the gaps, so
a run stopped at any point (SIGKILL included) is redone for at most the units that were in flight.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from newsbot.crawl.dates import days

T = TypeVar("T", date, datetime)

FORMAT = 2
"""The checkpoint's JSON version; a bare value is the older form (a done prefix's last item)."""


@dataclass
class Spans(Generic[T]):
    """Disjoint closed spans `[first, last]`, kept sorted and merged.

    `step` gives the next value of a discrete kind (days): spans that it joins are merged. Of a
    continuous kind (instants), only what a span holds inside is covered: spans that merely touch
    stay apart, and the moment they share is a gap of no length.
    """

    step: Callable[[T], T] | None = None
    spans: list[tuple[T, T]] = field(default_factory=list)

    def add(self, first: T, last: T) -> None:
        if last < first:
            return
        kept: list[tuple[T, T]] = []
        for lo, hi in self.spans:
            inside = (lo <= first and last <= hi) or (first <= lo and hi <= last)
            if inside or (self._joins(hi, first) and self._joins(last, lo)):
                first, last = min(first, lo), max(last, hi)
            else:
                kept.append((lo, hi))
        kept.append((first, last))
        self.spans = sorted(kept)

    def _joins(self, end: T, start: T) -> bool:
        """Whether a span ending at `end` meets one starting at `start`."""
        return start <= self.step(end) if self.step else start < end

    def gaps(self, first: T, last: T) -> Iterator[tuple[T, T]]:
        """The parts of `[first, last]` no span covers, in order. For a discrete kind, the values
        just outside the spans; for a continuous one, the open spans between them, given by
        their ends (the neighbouring spans' ends, or `first` and `last`)."""
        start, touching = first, False
        for lo, hi in self.spans:
            if hi < start:
                continue
            if lo > last:
                break
            if self.step is None:
                if lo > start or (touching and lo == start):
                    yield start, lo
                start, touching = max(start, hi), True
            else:
                if lo > start:
                    yield start, lo - timedelta(days=1)
                start = max(start, self.step(hi))
        if start < last or (self.step is not None and start == last):
            yield start, last


def next_day(day: date) -> date:
    return day + timedelta(days=1)


class DayCheckpoint:
    """The days of an HTML backfill whose archive pages and articles are all stored."""

    def __init__(self, since: date, until: date, saved: str | None) -> None:
        self.since, self.until = since, until
        self.done = _restored(Spans(next_day), saved, since.isoformat(), date.fromisoformat)

    def wanted(self) -> list[date]:
        """The days still to do, oldest first."""
        return [
            day
            for first, last in self.done.gaps(self.since, self.until)
            for day in days(first, last)
        ]

    def complete(self, day: date) -> str:
        """Record `day` as done; the checkpoint's new value."""
        self.done.add(day, day)
        return _dumps(self.done, date.isoformat)


class WindowCheckpoint:
    """The site-local time spans of a REST backfill whose posts are all stored.

    A page of posts in date order covers from its first post's time to its last's, and further to
    the neighbouring pages' ends once those have been received (nothing lies between two
    consecutive pages); the first page of a window reaches down to the window's start, the last
    one up to its end. Posts sharing the second of a boundary may sit on either page, so a gap is
    asked for with its boundary seconds included.
    """

    def __init__(self, after: datetime, before: datetime, saved: str | None) -> None:
        self.after, self.before = after, before
        self.done = _restored(Spans[datetime](), saved, after.isoformat(), _naive)

    def windows(self) -> list[tuple[datetime, datetime]]:
        """The (after, before) bounds of the REST queries still to do, both exclusive."""
        second = timedelta(seconds=1)
        return [
            (lo if lo == self.after else lo - second, hi if hi == self.before else hi + second)
            for lo, hi in self.done.gaps(self.after, self.before)
        ]

    def complete(self, first: datetime, last: datetime) -> str:
        """Record `[first, last]` as done; the checkpoint's new value."""
        self.done.add(first, last)
        return _dumps(self.done, lambda moment: moment.isoformat(timespec="seconds"))


def _naive(value: str) -> datetime:
    """A site-local naive time as a checkpoint holds it; ValueError for anything else."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        raise ValueError(value)
    return moment


def _dumps(done: Spans[T], spell: Callable[[T], str]) -> str:
    return json.dumps({"format": FORMAT, "done": [(spell(lo), spell(hi)) for lo, hi in done.spans]})


def _restored(done: Spans[T], saved: str | None, start: str, read: Callable[[str], T]) -> Spans[T]:
    """`done` holding a stored checkpoint's spans, less any damaged one (done again); the older
    form (the last value of a done prefix) means everything from `start` to it."""
    try:
        data = json.loads(saved or "")
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("format") == FORMAT:
        spans = data["done"] if isinstance(data.get("done"), list) else []
    else:
        spans = [[start, saved.strip()]] if saved and saved.strip() else []
    for span in spans:
        if isinstance(span, list) and len(span) == 2:
            with suppress(ValueError):  # a damaged span is done again
                done.add(read(str(span[0])), read(str(span[1])))
    return done
