"""Faults drawn per request from a seeded generator, so a retried URL eventually succeeds."""

from __future__ import annotations

import random
from dataclasses import dataclass
from http import HTTPStatus

from newsbot.replica.config import RETRY_AFTER_STATUSES, Config
from newsbot.replica.replies import HTML, Reply

HANG_LIMIT = 3600.0
"""A hanging response gives up after this many seconds if the client never does."""


@dataclass(frozen=True)
class Fault:
    """What goes wrong with one response: an error status, a hang or a truncated body."""

    status: int = 0
    hang: bool = False
    truncate: bool = False


NO_FAULT = Fault()


class FaultDrawer:
    """Draws the same number of values for every request whatever the rates, so runs repeat."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"faults:{seed}")

    def draw(self, config: Config) -> Fault:
        error, status, hang, truncate = (self.rng.random() for _ in range(4))
        if error < config.fault_rate:
            statuses = config.fault_statuses
            return Fault(status=statuses[int(status * len(statuses))])
        if hang < config.hang_rate:
            return Fault(hang=True)
        if truncate < config.truncate_rate:
            return Fault(truncate=True)
        return NO_FAULT


def error_reply(status: int, config: Config) -> Reply:
    """The answer of an overloaded or failing site."""
    headers = {"Retry-After": str(config.retry_after)} if status in RETRY_AFTER_STATUSES else {}
    title = f"{status} {HTTPStatus(status).phrase}"
    body = f"<html><head><title>{title}</title></head><body></body></html>\n"
    return Reply(status, body.encode("ascii"), HTML, headers=headers)
