"""The replica as tests start it: the package's launcher (one for tests, benchmarks and demo)."""

from __future__ import annotations

from newsbot.replica.launcher import (
    ControlError,
    Fetched,
    Replica,
    ReplicaDidNotStart,
    fetch,
    replica_url,
    running_replica,
)

__all__ = [
    "ControlError",
    "Fetched",
    "Replica",
    "ReplicaDidNotStart",
    "fetch",
    "replica_url",
    "running_replica",
]
