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


def draw_fault(rng: random.Random, config: Config) -> Fault:
    """Draws the same number of values for every request whatever the rates, so runs repeat."""
    error, status, hang, truncate = (rng.random() for _ in range(4))
    if error < config.fault_rate:
        return Fault(status=config.fault_statuses[int(status * len(config.fault_statuses))])
    if hang < config.hang_rate:
        return Fault(hang=True)
    if truncate < config.truncate_rate:
        return Fault(truncate=True)
    return Fault()


def error_reply(status: int, config: Config) -> Reply:
    """The answer of an overloaded or failing site."""
    headers = {"Retry-After": str(config.retry_after)} if status in RETRY_AFTER_STATUSES else {}
    title = f"{status} {HTTPStatus(status).phrase}"
    body = f"<html><head><title>{title}</title></head><body></body></html>\n"
    return Reply(status, body.encode("ascii"), HTML, headers=headers)
