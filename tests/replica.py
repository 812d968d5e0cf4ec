"""Start the replica as a subprocess and drive its control API (standard library only)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

STARTUP_TIMEOUT = 60.0
CONTROL = "__replica__/"


class Replica:
    """A running replica: its base URL (with a trailing slash) and its control API."""

    def __init__(self, url: str, process: subprocess.Popen[bytes]) -> None:
        self.url = url
        self.process = process

    def control(self, method: str, name: str, data: dict[str, Any] | None = None) -> Any:
        body = json.dumps(data).encode("utf-8") if data is not None else None
        request = urllib.request.Request(
            self.url + CONTROL + name,
            data=body,
            method=method,
            headers={"Content-Type": "application/json"} if body else {},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def health(self) -> dict[str, Any]:
        result: dict[str, Any] = self.control("GET", "health")
        return result

    def requests(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.control("GET", "requests")
        return result

    def clear_requests(self) -> None:
        self.control("DELETE", "requests")

    def configure(self, **switches: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.control("POST", "config", switches)
        return result

    def change(self, publish: int = 0, edit: int = 0, delete: int = 0) -> dict[str, list[int]]:
        result: dict[str, list[int]] = self.control(
            "POST", "change", {"publish": publish, "edit": edit, "delete": delete}
        )
        return result

    def articles(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.control("GET", "articles")
        return result


def _wait_healthy(replica: Replica) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        try:
            if replica.health().get("ok"):
                return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


@contextmanager
def running_replica(*args: str) -> Iterator[Replica]:
    """`python -m newsbot replica --port 0 *args` for the duration of the block."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newsbot", "replica", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().decode("utf-8")
        if not first.startswith("Serving "):
            _, errors = process.communicate(timeout=10)
            raise RuntimeError(f"the replica did not start: {first!r} {errors.decode()!r}")
        replica = Replica(first.split()[1], process)
        _wait_healthy(replica)
        yield replica
    finally:
        process.kill()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
