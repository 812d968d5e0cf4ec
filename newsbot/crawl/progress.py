"""Units of work (REST pages, archive days): each done once everything asked for it is over."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Unit:
    outstanding: int = 0
    started: bool = False
    failed: bool = False

    @property
    def done(self) -> bool:
        return self.started and self.outstanding <= 0 and not self.failed


@dataclass
class Units:
    """Units of work in any order, each done when the requests and items asked for it are over.

    A request for a unit begins a task and its callback (or errback) ends it once its output is
    out; an article item begins one and ends it when the pipelines are done with it. `end` says
    when a unit has just become done: that is when its checkpoint may record it. A failed unit
    is never done (a rerun does it again).
    """

    _units: dict[Hashable, _Unit] = field(default_factory=dict)
    _done: int = 0

    def add(self, key: Hashable) -> None:
        self._units[key] = _Unit()

    def extend(self, keys: Iterable[Hashable]) -> None:
        for key in keys:
            self.add(key)

    def begin(self, key: Hashable) -> None:
        """One more request or item now belongs to the unit."""
        self._change(key, 1)

    def end(self, key: Hashable) -> bool:
        """A request or item of the unit is over; True when that made the unit done."""
        return self._change(key, -1)

    def resolve(self, key: Hashable) -> bool:
        """The unit needs no request (its archive is absent); True when that made it done."""
        return self._change(key, 0)

    def fail(self, key: Hashable) -> None:
        """The unit cannot be done this run (its own requests still end as they finish)."""
        unit = self._units.get(key)
        if unit is not None:
            self._done -= int(unit.done)
            unit.failed = True

    def _change(self, key: Hashable, tasks: int) -> bool:
        unit = self._units.get(key)
        if unit is None:  # a unit of a plan given up (REST falling back to HTML)
            return False
        was_done = unit.done
        unit.outstanding += tasks
        unit.started = True
        self._done += int(unit.done) - int(was_done)
        return unit.done and not was_done

    @property
    def total(self) -> int:
        return len(self._units)

    @property
    def done(self) -> int:
        """How many units are done (kept up to date as tasks begin and end)."""
        return self._done


def ending(method: Callable[[Any], Any], over: Callable[[], None]) -> Callable[[Any], Any]:
    """`method` (a callback or errback) calling `over` once its output is out; never when a
    stopping crawl abandons it half-way, so its unit is then not done. A plain function, not a
    generator: Scrapy reads the source of a generator callback, for each new one."""

    def call(result: Any) -> Iterator[Any]:
        return _then(method(result), over)

    return call


def _then(output: Iterable[Any] | None, over: Callable[[], None]) -> Iterator[Any]:
    yield from output or ()
    over()
