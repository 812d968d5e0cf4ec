"""What every benchmark shares: the repository root, full-speed crawl settings, measured runs.

Benchmarks are scripts (`python benchmarks/NAME.py`); they import this module as `harness`.
"""

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

ROOT = Path(__file__).resolve().parent.parent
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
from a large process would report that process's size instead of its own."""


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
