"""Running `newsbot` as a subprocess against the replica, and reading what it stored."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.outlet import render

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


PEAK_RSS_OF_CHILD = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)
"""Run a command as the child of a fresh, small process and write its peak RSS (KiB) to a file.

Linux carries a process's high-water mark across fork and exec, so a command started straight
from a large test process would report that process's size instead of its own."""


def run_measured(command: list[str], timeout: float = 900, cwd: Path = ROOT) -> Measured:
    """Run `command` in `cwd` to its end, killing it after `timeout` seconds."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r") as peak,
    ):
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-c", PEAK_RSS_OF_CHILD, peak.name, *command],
            cwd=cwd,
            stdout=out,
            stderr=err,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
        timer = threading.Timer(timeout, os.killpg, (process.pid, signal.SIGKILL))
        timer.start()
        try:
            process.wait()
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Measured(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            int(peak.read() or 0) * 1024,
        )


def newsbot_measured(*args: str, timeout: float = 900) -> Measured:
    """`python -m newsbot ARGS`, measured."""
    return run_measured([sys.executable, "-m", "newsbot", *args], timeout)


def stored_documents(db: Path) -> dict[str, str]:
    """Every stored article's seed document, by canonical URL."""
    with Archive(db, ARBUZ, readonly=True) as archive:
        return {stored.article.url: render(stored.article) for stored in archive.iter_articles()}


def stored_hashes(db: Path) -> dict[str, tuple[int, str]]:
    """Every stored article's (version, content hash), by canonical URL."""
    with Archive(db, ARBUZ, readonly=True) as archive:
        return {
            stored.article.url: (stored.version, stored.content_hash)
            for stored in archive.iter_articles()
        }
