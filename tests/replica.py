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
from dataclasses import dataclass
from email.message import Message
from typing import Any

STARTUP_TIMEOUT = 60.0
CONTROL = "__replica__/"


@dataclass
class Fetched:
    """One HTTP answer, redirects not followed."""

    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 30) -> Fetched:
    """GET `url` as it answers (4xx, 5xx and 3xx included)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Fetched(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Fetched(error.code, error.headers, error.read())


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

    def get(self, path: str, headers: dict[str, str] | None = None) -> Fetched:
        """GET a site path (no leading slash) from the replica."""
        return fetch(self.url + path.lstrip("/"), headers)

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


@contextmanager
def replica_url(url: str | None, *args: str) -> Iterator[str]:
    """`url` (a running replica, with a trailing slash), else that of one started with `args`."""
    if url:
        yield url if url.endswith("/") else url + "/"
        return
    with running_replica(*args) as replica:
        yield replica.url
