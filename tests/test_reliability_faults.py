"""A site that fails: error statuses, 429 and 503 with Retry-After, hanging and truncated
responses, and a site that goes away in the middle of a backfill."""

from __future__ import annotations

import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.crawling import FULL_SPEED, ROOT, newsbot, stored_documents
from tests.replica import Replica, running_replica

pytestmark = pytest.mark.reliability

SINCE = "2019-11-01"
RETRY_AFTER = 1
ONE_AT_A_TIME = ("-s", "CONCURRENT_REQUESTS=1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
"""With one request in flight, every request after a 429 or 503 left after its Retry-After."""


def expected_documents(replica: Replica) -> dict[str, str]:
    return {entry["url"]: entry["document"] for entry in replica.articles()}


def backfill_arguments(base_url: str, db: Path, source: str) -> list[str]:
    return [
        "backfill", "--since", SINCE, "--source", source, "--db", str(db), "--base-url", base_url,
        *FULL_SPEED,
    ]  # fmt: skip


def early_requests(log: list[dict[str, Any]]) -> list[str]:
    """Requests that arrived before the Retry-After of the 429 or 503 before them had passed."""
    early = []
    for asked_to_wait, following in pairwise(sorted(log, key=lambda entry: entry["at"])):
        if asked_to_wait["status"] in (429, 503):
            waited = following["at"] - asked_to_wait["at"]
            if waited < RETRY_AFTER - 0.01:
                early.append(
                    f"{following['path']} {waited:.3f} s after a {asked_to_wait['status']}"
                )
    return early


FAULTS = {
    # source: replica switches (many faults for REST: it makes few requests)
    "rest": ("--articles", "600", "--fault-rate", "0.4", "--hang-rate", "0.3"),
    "html": ("--articles", "40", "--fault-rate", "0.12", "--hang-rate", "0.02"),
}


@pytest.mark.parametrize("source", FAULTS)
def test_a_backfill_through_faults_stores_everything_and_honours_retry_after(
    tmp_path: Path, source: str
) -> None:
    switches = (
        *FAULTS[source], "--fault-statuses", "500,503,429",
        "--retry-after", str(RETRY_AFTER), "--truncate-rate", "0.05",
    )  # fmt: skip
    with running_replica(*switches) as replica:
        result = newsbot(
            *backfill_arguments(replica.url, tmp_path / "a.db", source), *ONE_AT_A_TIME,
            "-s", "RETRY_TIMES=20", "-s", "DOWNLOAD_TIMEOUT=2", "-s", "LOG_LEVEL=DEBUG",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        assert stored_documents(tmp_path / "a.db") == expected_documents(replica)
        log = replica.requests()
    statuses = {entry["status"] for entry in log}
    assert statuses & {429, 503} and 500 in statuses, statuses
    assert None in statuses, "some request hung"
    log_text = result.stderr
    assert "Retrying <GET" in log_text
    assert f"with Retry-After {RETRY_AFTER} for" in log_text
    assert "took longer than 2.0 seconds" in log_text
    assert early_requests(log) == []


def test_a_site_that_goes_away_mid_crawl(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "300") as replica:
        expected = expected_documents(replica)
        arguments = backfill_arguments(replica.url, db, "html")
        crawl = subprocess.Popen(
            [sys.executable, "-m", "newsbot", *arguments, "-s", "RETRY_TIMES=2"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while len(replica.requests()) < 150 and time.monotonic() < deadline:
            time.sleep(0.05)
        replica.process.kill()
        replica.process.wait()
        stdout, stderr = crawl.communicate(timeout=120)
    assert crawl.returncode != 0, stdout + stderr[-3000:]
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "connection refused" in errors[0], stderr[-3000:]
    kept = stored_documents(db)
    assert 0 < len(kept) < len(expected)
    assert all(expected[url] == document for url, document in kept.items())
    with running_replica("--articles", "300") as restarted:
        rerun = newsbot(*backfill_arguments(restarted.url, db, "html"))
        assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert stored_documents(db) == expected
