"""Units of work (REST pages, archive days): each done when nothing it started is outstanding."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field


@dataclass
class _Unit:
    outstanding: int = 1
    failed: bool = False

    @property
    def done(self) -> bool:
        return self.outstanding <= 0 and not self.failed


@dataclass
class Units:
    """Units of work in any order, each done when nothing it started is outstanding.

    A unit starts with one outstanding task (its own resolution); requests and items add tasks.
    `end` says when a unit has just become done: that is when its checkpoint may record it.
    A failed unit is never done (a rerun does it again).
    """

    _units: dict[Hashable, _Unit] = field(default_factory=dict)
    _done: int = 0

    def add(self, key: Hashable) -> None:
        self._units[key] = _Unit()

    def extend(self, keys: Iterable[Hashable]) -> None:
        for key in keys:
            self.add(key)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._units

    def begin(self, key: Hashable, tasks: int = 1) -> None:
        """`tasks` more pieces of work (requests, items) now belong to the unit."""
        self._count(key, tasks)

    def end(self, key: Hashable) -> bool:
        """One piece of work of the unit is over (its resolution included); True when that made
        the unit done."""
        return self._count(key, -1)

    def fail(self, key: Hashable) -> None:
        self._count(key, -1, failed=True)

    def _count(self, key: Hashable, tasks: int, failed: bool = False) -> bool:
        unit = self._units[key]
        was_done = unit.done
        unit.outstanding += tasks
        unit.failed = unit.failed or failed
        self._done += int(unit.done) - int(was_done)
        return unit.done and not was_done

    @property
    def total(self) -> int:
        return len(self._units)

    @property
    def done(self) -> int:
        """How many units are done (kept up to date as tasks begin and end)."""
        return self._done
