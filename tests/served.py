"""`newsbot serve` as a subprocess over an archive crawled from the replica, for the serve and
browser tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsbot.replica.launcher import _first_line, _stop
from tests.crawling import FULL_SPEED, ROOT, newsbot
from tests.replica import running_replica

STARTUP_SECONDS = 60.0


def crawled_archive(db: Path, articles: int = 150) -> None:
    """A REST backfill of a replica of `articles` posts, then 2 edits and 2 new posts crawled
    incrementally from HTML: versions, runs of both sources, every optional field."""
    with running_replica("--articles", str(articles)) as replica:
        backfill = newsbot(
            "backfill", "--since", "2019-11-01", "--db", str(db), "--base-url", replica.url,
            *FULL_SPEED,
        )  # fmt: skip
        assert backfill.returncode == 0, backfill.stderr[-3000:]
        replica.change(edit=2, publish=2)
        crawl = newsbot(
            "crawl", "--source", "html", "--db", str(db), "--base-url", replica.url, *FULL_SPEED
        )
        assert crawl.returncode == 0, crawl.stderr[-3000:]


class Served:
    """A running `newsbot serve`: its address and the Datasette name of the archive."""

    def __init__(self, url: str, db: Path, process: subprocess.Popen[bytes]) -> None:
        self.url = url
        self.db = db
        self.database = db.stem
        """The name Datasette gives the archive (its file's stem), the first part of its paths."""
        self.process = process

    def get(self, path: str, **query: str | list[str]) -> bytes:
        address = self.url + path.lstrip("/")
        if query:
            address += "?" + urllib.parse.urlencode(query, doseq=True)
        with urllib.request.urlopen(address, timeout=30) as answer:
            data: bytes = answer.read()
        return data

    def json(self, path: str, **query: str | list[str]) -> Any:
        return json.loads(self.get(path, **query))


@contextmanager
def serving(db: Path, *args: str) -> Iterator[Served]:
    """`python -m newsbot serve --db DB --port 0 ARGS` for the duration of the block."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newsbot", "serve", "--db", str(db), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        first = _first_line(process, STARTUP_SECONDS)
        if not first.startswith("Serving http"):
            process.kill()
            _, errors = process.communicate(timeout=10)
            raise AssertionError(f"serve did not start: {first!r} {errors.decode()[-2000:]}")
        yield Served(first.split()[1], db, process)
    finally:
        _stop(process)
