"""kill -9 anywhere: a backfill killed at random points resumes to the very archive an
uninterrupted run makes, and a process killed inside a database transaction leaves a whole file
holding all of that transaction or none of it."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, ROOT
from tests.replica import Replica, running_replica
from tests.store_samples import raw_rows

pytestmark = pytest.mark.reliability

ARTICLES = 300
SEEDS = (1, 2, 3)


def backfill_command(replica: Replica, db: Path, source: str) -> list[str]:
    return [
        sys.executable, "-m", "newsbot", "backfill", "--since", "2019-11-01", "--source", source,
        "--db", str(db), "--base-url", replica.url, *FULL_SPEED,
        "-s", "NEWSBOT_DB_BATCH_SIZE=20",
    ]  # fmt: skip


def archive_state(db: Path) -> dict[str, Any]:
    """What must be identical after any interruption: rows, hashes, versions, URLs, state keys."""
    return {
        "articles": raw_rows(
            db, "SELECT post_id, url, content_hash, version FROM articles ORDER BY post_id"
        ),
        "urls": raw_rows(
            db,
            "SELECT seen.url, post_id FROM article_urls AS seen JOIN articles USING (article_id) "
            "ORDER BY seen.url",
        ),
        "versions": raw_rows(db, "SELECT count(*) AS n FROM article_versions")[0]["n"],
        "duplicates": raw_rows(db, "SELECT count(*) AS n FROM article_duplicates")[0]["n"],
        "state": raw_rows(db, "SELECT key FROM crawl_state ORDER BY key"),
    }


def run_to_the_end(replica: Replica, db: Path, source: str) -> None:
    result = subprocess.run(
        backfill_command(replica, db, source), cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_backfill_killed_at_random_points_resumes_to_the_same_archive(
    tmp_path: Path, source: str
) -> None:
    with running_replica("--articles", str(ARTICLES)) as replica:
        reference = tmp_path / "reference.db"
        launched = time.time()
        run_to_the_end(replica, reference, source)
        duration = time.time() - launched
        startup = min(entry["at"] for entry in replica.requests()) - launched
        expected = archive_state(reference)
        assert len(expected["articles"]) == ARTICLES
        assert expected["versions"] == expected["duplicates"] == 0
        for seed in SEEDS:
            db = tmp_path / f"killed-{seed}.db"
            delay = startup + random.Random(seed).uniform(0.05, 0.95) * (duration - startup)
            process = subprocess.Popen(
                backfill_command(replica, db, source),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(delay)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            run_to_the_end(replica, db, source)
            assert archive_state(db) == expected, f"seed {seed}, killed after {delay:.2f} s"


SAVER = """
    import os, signal, sqlite3, sys

    connections = []
    connect = sqlite3.connect

    def recording_connect(*args, **kwargs):
        connections.append(connect(*args, **kwargs))
        return connections[-1]

    sqlite3.connect = recording_connect
    from pipelines.store import Archive
    from newsbot.sites.arbuz import PROFILE as ARBUZ
    from tests.store_samples import sample_article

    db, kept, batch, kill_at = sys.argv[1], *map(int, sys.argv[2:])
    archive = Archive(db, ARBUZ, batch_size=10**9, flush_seconds=10**9)
    for n in range(kept):
        archive.save(sample_article(n))
    archive.flush()
    steps = 0

    def step():
        global steps
        if connections[0].in_transaction:
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return 0

    connections[0].set_progress_handler(step, 1000)
    for n in range(kept, kept + batch):
        archive.save(sample_article(n))
    archive.close()
    print(steps)
"""
"""Saves `kept` articles, then a batch of `batch` more in one transaction, and kills itself with
SIGKILL after `kill_at` thousand SQLite instructions inside that transaction (never, if later)."""

KEPT, BATCH = 100, 2000
NEVER = 10**12


class Saved(NamedTuple):
    killed: bool
    articles: int
    """What the reopened archive holds."""
    steps: int
    """Progress steps the batch's transaction took (when it was not killed)."""


def save_and_kill(db: Path, kill_at: int) -> Saved:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(SAVER),
            str(db),
            str(KEPT),
            str(BATCH),
            str(kill_at),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    killed = result.returncode == -signal.SIGKILL
    assert killed or result.returncode == 0, result.stderr
    with Archive(db, ARBUZ) as archive:  # opening for writing recovers the write-ahead log
        articles = archive.count()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        urls = connection.execute("SELECT count(*) FROM article_urls").fetchone()[0]
    assert urls == articles
    return Saved(killed, articles, 0 if killed else int(result.stdout))


def test_a_kill_inside_a_database_write_leaves_all_or_nothing(tmp_path: Path) -> None:
    whole = save_and_kill(tmp_path / "whole.db", NEVER)
    assert (whole.killed, whole.articles) == (False, KEPT + BATCH)
    for fraction in (0.0, 0.3, 0.6, 0.95):
        saved = save_and_kill(tmp_path / f"killed-{fraction}.db", 1 + int(whole.steps * fraction))
        assert (saved.killed, saved.articles) == (True, KEPT), f"{fraction:.0%} into the write"
