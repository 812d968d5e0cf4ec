"""What a rerun after an interrupted backfill may fetch again: only the units that were in flight.

Both bounds are read from the replica's request log: the units (days, REST pages) the stopped run
asked for, less those its checkpoint holds, are the ones in flight; a rerun may fetch again only
the articles of those (REST: and posts sharing the second of a checkpoint's boundary).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, ROOT, stored_hashes
from tests.replica import Replica

SINCE = "2019-11-01"
HOST = "https://arbuztoday.ru"


def backfill_command(replica: Replica, db: Path, source: str, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "newsbot", "backfill", "--since", SINCE, "--source", source,
        "--db", str(db), "--base-url", replica.url, *FULL_SPEED,
        "-s", "NEWSBOT_DB_BATCH_SIZE=20", *extra,
    ]  # fmt: skip


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return len(stored_hashes(db))
    except Exception:
        return 0


def stop_when_stored(
    replica: Replica, db: Path, source: str, at: int, how: signal.Signals
) -> subprocess.CompletedProcess[str]:
    """Run the backfill (4 requests at a time) and send `how` once `at` articles are stored;
    wait for the end.

    A REST run stopped gracefully finishes the pages already downloaded (100 posts each): it is
    slowed down (one request at a time, a delay between them) so that it stops before the end.
    """
    graceful_rest = how != signal.SIGKILL and source == "rest"
    concurrency = (
        ("-s", "CONCURRENT_REQUESTS=1") if graceful_rest else ("-s", "CONCURRENT_REQUESTS=4")
    )
    slow = (*concurrency, "-s", "DOWNLOAD_DELAY=0.2") if graceful_rest else concurrency
    process = subprocess.Popen(
        backfill_command(replica, db, source, *slow),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and stored_count(db) < at and process.poll() is None:
        time.sleep(0.02)
    if process.poll() is None:
        os.kill(process.pid, how)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def checkpoint_of(db: Path, key: str) -> list[tuple[str, str]] | None:
    with Archive(db, ARBUZ, readonly=True) as archive:
        value = archive.get_state(key)
    return None if value is None else [tuple(span) for span in json.loads(value)["done"]]


def site_paths(log: list[dict[str, Any]]) -> list[str]:
    return [entry["path"] for entry in log if entry["path"] != "/robots.txt"]


def _within(value: str, spans: list[tuple[str, str]]) -> bool:
    return any(lo <= value <= hi for lo, hi in spans)


def local_day(published_at: str) -> str:
    moment = datetime.fromisoformat(published_at).astimezone(UTC) + timedelta(hours=4)
    return moment.date().isoformat()


def html_refetch_excess(
    replica: Replica,
    stopped: list[str],
    rerun: list[str],
    stored: set[str],
    done: list[tuple[str, str]],
) -> set[str]:
    """Stored articles the rerun fetched again that were on no day in flight (should be none)."""
    asked_days = {
        date(*map(int, path.strip("/").split("/")[:3])).isoformat()
        for path in stopped
        if path[1:3] == "20" and path.count("/") in (4, 6)
    }
    in_flight = {day for day in asked_days if not _within(day, done)}
    day_of = {e["url"].removeprefix(HOST): local_day(e["published_at"]) for e in replica.articles()}
    refetched = {path for path in rerun if path in day_of and HOST + path in stored}
    return {path for path in refetched if day_of[path] not in in_flight}


def _posts(replica: Replica, path: str) -> list[dict[str, Any]]:
    fetched = replica.get(path)
    return fetched.json() if fetched.status == 200 else []


def rest_refetch_excess(
    replica: Replica,
    stopped: list[str],
    rerun: list[str],
    stored: set[str],
    done: list[tuple[str, str]],
) -> set[str]:
    """Stored posts the rerun fetched again that were on no page in flight and share no second
    with a checkpoint boundary (should be none)."""
    in_flight: set[str] = set()
    for path in stopped:
        if path.startswith("/wp-json/"):
            posts = _posts(replica, path)
            if not all(_within(post["date"], done) for post in posts):
                in_flight |= {post["link"] for post in posts}
    boundaries = {end for span in done for end in span}
    excess = set()
    for path in rerun:
        if path.startswith("/wp-json/"):
            for post in _posts(replica, path):
                link = post["link"]
                if link in stored and link not in in_flight and post["date"] not in boundaries:
                    excess.add(link)
    return excess


def refetch_excess(
    replica: Replica, source: str, stopped: list[str], rerun: list[str], stored: set[str],
    done: list[tuple[str, str]],
) -> set[str]:  # fmt: skip
    measure = rest_refetch_excess if source == "rest" else html_refetch_excess
    return measure(replica, stopped, rerun, stored, done)
