"""SIGINT and SIGTERM while a command starts, before the crawl's own handlers take over: noted,
so that a crawl stopped at any moment ends `interrupted` with its run recorded."""

from __future__ import annotations

import signal
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(KeyboardInterrupt):
    """A stop signal arrived while a crawl was being set up."""


class StopSignals:
    """Notes stop signals; in raising mode a signal also raises Stopped where the code is."""

    def __init__(self) -> None:
        self.received: list[int] = []
        self.raising = False

    def note(self, *, raising: bool = False) -> None:
        """From now on a stop signal is noted and, `raising`, raises Stopped."""
        self.raising = raising
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._received)

    def restore(self) -> None:
        """Python's own handling again (for commands that do not crawl)."""
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    @property
    def stopped(self) -> bool:
        return bool(self.received)

    def _received(self, signum: int, _frame: FrameType | None) -> None:
        self.received.append(signum)
        if self.raising:
            raise Stopped(signal.Signals(signum).name)


STOPS = StopSignals()
"""The process's one record of stop signals."""
