"""Running `newsbot` as a subprocess against the replica, and reading what it stored."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from newsbot.document import render
from pipelines.store import Archive

FULL_SPEED = (
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
)
"""Politeness off: the replica is our own server on loopback."""

ROOT = Path(__file__).resolve().parent.parent


def newsbot(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m newsbot ARGS` and wait for it."""
    return subprocess.run(
        [sys.executable, "-m", "newsbot", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=False,
    )


@dataclass(frozen=True)
class Measured:
    """A finished command: exit code, output, wall time and peak resident memory."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int
    """Bytes: the command's own high-water mark (not its children's)."""


def run_measured(command: list[str], timeout: float = 900, cwd: Path = ROOT) -> Measured:
    """Run `command` in `cwd` to its end, killing it after `timeout` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Measured(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_maxrss * 1024,
        )


def newsbot_measured(*args: str, timeout: float = 900) -> Measured:
    """`python -m newsbot ARGS`, measured."""
    return run_measured([sys.executable, "-m", "newsbot", *args], timeout)


def stored_documents(db: Path) -> dict[str, str]:
    """Every stored article's seed document, by canonical URL."""
    with Archive(db, readonly=True) as archive:
        return {stored.article.url: render(stored.article) for stored in archive.iter_articles()}


def stored_hashes(db: Path) -> dict[str, tuple[int, str]]:
    """Every stored article's (version, content hash), by canonical URL."""
    with Archive(db, readonly=True) as archive:
        return {
            stored.article.url: (stored.version, stored.content_hash)
            for stored in archive.iter_articles()
        }
