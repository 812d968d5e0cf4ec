"""Ordered units of work (REST pages, archive days) and the checkpoint their completion allows."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field


@dataclass
class _Unit:
    outstanding: int = 0
    failed: bool = False
    label: str = ""

    @property
    def done(self) -> bool:
        return self.outstanding <= 0 and not self.failed


@dataclass
class OrderedUnits:
    """Units in a fixed order, each done when nothing it started is outstanding.

    A unit starts with one outstanding task (its own resolution); requests and items add tasks.
    `advance()` returns the label of the last unit of the longest done prefix when that prefix grew:
    that is the checkpoint a rerun may resume after. A failed unit stops the prefix for good.
    """

    _order: list[Hashable] = field(default_factory=list)
    _units: dict[Hashable, _Unit] = field(default_factory=dict)
    _prefix: int = 0
    _done: int = 0

    def add(self, key: Hashable, label: str) -> None:
        self._order.append(key)
        self._units[key] = _Unit(outstanding=1, label=label)

    def extend(self, keys_and_labels: Iterable[tuple[Hashable, str]]) -> None:
        for key, label in keys_and_labels:
            self.add(key, label)

    def set_label(self, key: Hashable, label: str) -> None:
        """Name the checkpoint this unit stands for once it is known (e.g. a page's last date)."""
        self._units[key].label = label

    def __contains__(self, key: Hashable) -> bool:
        return key in self._units

    def begin(self, key: Hashable, tasks: int = 1) -> None:
        """`tasks` more pieces of work (requests, items) now belong to the unit."""
        self._count(key, tasks)

    def end(self, key: Hashable) -> None:
        """One piece of work of the unit is over (its resolution included)."""
        self._count(key, -1)

    def fail(self, key: Hashable) -> None:
        self._count(key, -1, failed=True)

    def _count(self, key: Hashable, tasks: int, failed: bool = False) -> None:
        unit = self._units[key]
        was_done = unit.done
        unit.outstanding += tasks
        unit.failed = unit.failed or failed
        self._done += int(unit.done) - int(was_done)

    @property
    def total(self) -> int:
        return len(self._order)

    @property
    def done(self) -> int:
        """How many units are done (kept up to date as tasks begin and end)."""
        return self._done

    def advance(self) -> str | None:
        """The new checkpoint label, or None when the done prefix did not grow."""
        start = self._prefix
        while self._prefix < len(self._order):
            if not self._units[self._order[self._prefix]].done:
                break
            self._prefix += 1
        if self._prefix == start:
            return None
        return self._units[self._order[self._prefix - 1]].label
