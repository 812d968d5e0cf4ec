"""Ordered units of work (REST pages, archive days) and the checkpoint their completion allows."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field


@dataclass
class _Unit:
    outstanding: int = 0
    failed: bool = False
    label: str = ""


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
        self._units[key].outstanding += tasks

    def end(self, key: Hashable) -> None:
        """One piece of work of the unit is over (its resolution included)."""
        self._units[key].outstanding -= 1

    def fail(self, key: Hashable) -> None:
        self._units[key].failed = True
        self._units[key].outstanding -= 1

    @property
    def total(self) -> int:
        return len(self._order)

    @property
    def done(self) -> int:
        return sum(1 for unit in self._units.values() if unit.outstanding <= 0 and not unit.failed)

    def advance(self) -> str | None:
        """The new checkpoint label, or None when the done prefix did not grow."""
        start = self._prefix
        while self._prefix < len(self._order):
            unit = self._units[self._order[self._prefix]]
            if unit.failed or unit.outstanding > 0:
                break
            self._prefix += 1
        if self._prefix == start:
            return None
        return self._units[self._order[self._prefix - 1]].label
