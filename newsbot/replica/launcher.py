"""Start `newsbot replica` as a subprocess and drive its control API (standard library only).

Tests, benchmarks and `newsbot demo` all start the replica through `running_replica`, so it
runs in its own process (as Scrapy's mock server does) and needs nothing of the caller.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from typing import Any, cast

STARTUP_TIMEOUT = 120.0
"""Seconds a replica may take to build its corpus and bind its port."""
STOP_TIMEOUT = 10.0
CONTROL = "__replica__/"


class ReplicaDidNotStart(RuntimeError):
    """The replica exited, or printed something else, instead of its `Serving URL` line."""


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


def fetch(
    url: str,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
    method: str = "GET",
    data: bytes | None = None,
) -> Fetched:
    """`method` `url` as it answers (4xx, 5xx and 3xx included)."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Fetched(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Fetched(error.code, error.headers, error.read())


class ControlError(RuntimeError):
    """The control API refused a request; `answer` holds its JSON error."""

    def __init__(self, status: int, answer: dict[str, Any]) -> None:
        super().__init__(f"{status}: {answer.get('error', answer)}")
        self.status = status
        self.answer = answer


@dataclass
class Replica:
    """A running replica: its base URL (with a trailing slash) and its control API."""

    url: str
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """The URL without its trailing slash (what `--base-url` takes)."""
        return self.url.rstrip("/")

    def call(self, method: str, name: str, data: Any = None) -> Fetched:
        """One control request, answered as it is (errors included)."""
        body = json.dumps(data).encode("utf-8") if data is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else {}
        return fetch(self.url + CONTROL + name, headers, 600, method, body)

    def control(self, method: str, name: str, data: Any = None) -> Any:
        """The JSON answer of a control request; raises ControlError when it is refused."""
        answer = self.call(method, name, data)
        if answer.status != 200:
            raise ControlError(answer.status, answer.json())
        return answer.json()

    def get(self, path: str, headers: dict[str, str] | None = None) -> Fetched:
        """GET a site path (with or without its leading slash) from the replica."""
        return fetch(self.url + path.lstrip("/"), headers)

    def health(self) -> dict[str, Any]:
        return cast(dict[str, Any], self.control("GET", "health"))

    def requests(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self.control("GET", "requests"))

    def clear_requests(self) -> None:
        self.control("DELETE", "requests")

    def configure(self, **switches: Any) -> dict[str, Any]:
        return cast(dict[str, Any], self.control("POST", "config", switches))

    def change(self, **changes: int | list[int]) -> dict[str, list[int]]:
        """Publish, edit, delete, trash, unpublish or restore posts (counts or lists of ids)."""
        return cast(dict[str, list[int]], self.control("POST", "change", changes))

    def articles(self) -> list[dict[str, Any]]:
        """What a perfect crawl stores now: every published post with its seed document."""
        return cast(list[dict[str, Any]], self.control("GET", "articles"))


def _first_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    """The first line the replica prints, or "" if it prints none within `timeout` seconds."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            return ""
    return process.stdout.readline().decode("utf-8", "replace")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@contextmanager
def running_replica(*args: str, timeout: float = STARTUP_TIMEOUT) -> Iterator[Replica]:
    """`python -m newsbot replica --port 0 *args` for the duration of the block."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newsbot", "replica", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        first = _first_line(process, timeout)
        if not first.startswith("Serving http"):
            if process.poll() is None:
                process.kill()
            _, errors = process.communicate(timeout=STOP_TIMEOUT)
            said = (errors.decode("utf-8", "replace").strip() or first.strip()).splitlines()
            raise ReplicaDidNotStart(said[-1] if said else "it printed nothing")
        # The replica prints its URL once the port is bound and serving.
        yield Replica(first.split()[1], process)
    finally:
        _stop(process)


@contextmanager
def replica_url(url: str | None, *args: str) -> Iterator[str]:
    """`url` (a running replica, with a trailing slash), else that of one started with `args`."""
    if url:
        yield url if url.endswith("/") else url + "/"
        return
    with running_replica(*args) as replica:
        yield replica.url
