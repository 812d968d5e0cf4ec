"""Running `newsbot` as a subprocess against the replica, and reading what it stored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import FULL_SPEED, Measured, run_measured
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.outlet import render

ROOT = Path(__file__).resolve().parent.parent
__all__ = [
    "FULL_SPEED",
    "ROOT",
    "Measured",
    "newsbot",
    "newsbot_measured",
    "run_measured",
    "stored_documents",
    "stored_hashes",
]


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
