"""Spidermon's report without tracebacks: a failed monitor is a finding, not a crash."""

from __future__ import annotations

from newsbot.health.verdict import failure_reason

TRACEBACK = "Traceback (most recent call last)"


def concise(message: str) -> str:
    """A spidermon failure record (header, separators, traceback) as one line; others as they
    are."""
    if not (message.startswith("[Spidermon]") and TRACEBACK in message):
        return message
    header = next((line for line in message.splitlines() if line.startswith(("FAIL", "ERROR"))), "")
    return f"[Spidermon] {header}: {failure_reason(message, 'failed')}"
