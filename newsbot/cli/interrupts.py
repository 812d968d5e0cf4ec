"""SIGTERM stops a command as Ctrl-C does: its cleanup runs, and it ends with exit 7."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from newsbot.cli.options import Exit, fail


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def stopped_cleanly(what: str) -> Iterator[None]:
    """Run the block; SIGTERM or SIGINT in it unwinds it (temporary files are removed) and ends
    the command with one line saying `what` was interrupted."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    except KeyboardInterrupt:
        fail(Exit.INTERRUPTED, f"{what} was interrupted: what it finished is kept; rerun it")
    finally:
        signal.signal(signal.SIGTERM, previous)
