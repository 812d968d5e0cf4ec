"""The verdict of a run from its failed monitors: `failed` beats `degraded` beats `ok`."""

from __future__ import annotations

from collections.abc import Iterable

from newsbot.crawlstats import Verdict

FAILING_LEVEL = "HIGH"
"""Spidermon level of the monitors whose failure fails the run; any other level degrades it."""


INTERRUPTED = "interrupted (SIGINT or SIGTERM): what was stored is kept, the same command resumes"


def verdict_of(
    failures: Iterable[tuple[str, str]], interrupted: bool = False
) -> tuple[Verdict, list[str]]:
    """(verdict, reasons) from (monitor level, reason) pairs of the monitors that failed.

    An interrupted run is `interrupted` whatever else failed (its finish reason aside, the other
    reasons follow).
    """
    failed = list(failures)
    reasons = [reason for _, reason in failed]
    if interrupted:
        return "interrupted", [INTERRUPTED, *reasons]
    if any(level == FAILING_LEVEL for level, _ in failed):
        return "failed", reasons
    return ("degraded" if failed else "ok"), reasons


def failure_reason(error: str | None, fallback: str) -> str:
    """The assertion message of a monitor's failure, on one line."""
    if not error:
        return fallback
    message = error.rpartition("AssertionError:")[2]
    return " ".join(message.split()) or fallback
