"""A backfill stopped at several points, by SIGKILL, SIGINT or SIGTERM, through either source:
the rerun fetches again only what was in flight (read from the replica's request log) and ends
with the archive an uninterrupted run makes."""

from __future__ import annotations

import signal
import subprocess
from datetime import date
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from newsbot.crawl.checkpoints import DayCheckpoint
from newsbot.crawl.dates import today
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import ROOT, stored_hashes
from tests.replica import Replica, running_replica
from tests.resumes import (
    SINCE,
    backfill_command,
    checkpoint_of,
    refetch_excess,
    site_paths,
    stop_when_stored,
    stored_count,
)
from tests.store_samples import raw_rows

pytestmark = pytest.mark.reliability

ARTICLES = 300
KILL_POINTS = (0.1, 0.45, 0.7)
"""Shares of the corpus stored when the signal is sent."""
SIGNALS = (signal.SIGKILL, signal.SIGINT, signal.SIGTERM)


def run_to_the_end(replica: Replica, db: Path, source: str) -> None:
    result = subprocess.run(
        backfill_command(replica, db, source), cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("source", ["rest", "html"])
@pytest.mark.parametrize("how", SIGNALS, ids=lambda how: how.name)
def test_a_backfill_stopped_anywhere_refetches_only_what_was_in_flight(
    tmp_path: Path, source: str, how: signal.Signals
) -> None:
    with running_replica("--articles", str(ARTICLES)) as replica:
        reference = tmp_path / "reference.db"
        run_to_the_end(replica, reference, source)
        expected = stored_hashes(reference)
        checkpointed = 0
        for share in KILL_POINTS:
            db = tmp_path / f"stopped-{share}.db"
            replica.clear_requests()
            stopped = stop_when_stored(replica, db, source, int(ARTICLES * share), how)
            stopped_log = site_paths(replica.requests())
            before = set(stored_hashes(db))
            if stopped.returncode == 0 and len(before) == ARTICLES:
                continue  # it finished before the signal came
            killed = how == signal.SIGKILL
            assert stopped.returncode == (-signal.SIGKILL if killed else Exit.INTERRUPTED), (
                stopped.stderr[-3000:]
            )
            key = f"backfill:{source}:{SINCE}:today"
            done = checkpoint_of(db, key) or []  # none yet: every unit asked for was in flight
            checkpointed += bool(done)
            replica.clear_requests()
            run_to_the_end(replica, db, source)
            rerun_log = site_paths(replica.requests())
            assert stored_hashes(db) == expected, f"{how.name} at {share:.0%}"
            assert checkpoint_of(db, key) is None
            excess = refetch_excess(replica, source, stopped_log, rerun_log, before, done)
            assert excess == set(), f"{how.name} at {share:.0%}: refetched {sorted(excess)[:5]}"
        assert checkpointed, "no stop left a checkpoint"


def test_a_backfill_stopped_after_its_last_checkpoint_ends_ok_asking_nothing(
    tmp_path: Path,
) -> None:
    """A stop between the last day's checkpoint and the run's end leaves a checkpoint with no
    day left: the rerun asks the site nothing, ends ok and clears it."""
    with running_replica("--articles", "20") as replica:
        db = tmp_path / "done.db"
        run_to_the_end(replica, db, "html")
        key = f"backfill:html:{SINCE}:today"
        all_done = DayCheckpoint(date.fromisoformat(SINCE), today(ARBUZ.zone), None)
        all_done.done.add(date.fromisoformat(SINCE), today(ARBUZ.zone))
        with Archive(db, ARBUZ) as archive:
            archive.set_state(key, all_done.complete(today(ARBUZ.zone)))
        replica.clear_requests()
        result = subprocess.run(
            backfill_command(replica, db, "html"), cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Resuming the backfill: 0 day(s) left" in result.stderr
        assert "Health: ok" in result.stdout
        assert site_paths(replica.requests()) == []
        assert checkpoint_of(db, key) is None


def test_a_gap_that_fails_again_holds_back_no_other_gap(tmp_path: Path) -> None:
    """A REST backfill leaves two gaps; on the rerun the first fails again, and the second is
    still read; a third run closes the first."""
    db = tmp_path / "a.db"

    def backfill() -> subprocess.CompletedProcess[str]:
        command = backfill_command(replica, db, "rest", "-s", "RETRY_TIMES=0")
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)

    with running_replica("--articles", "450") as replica:
        replica.configure(failing=["offset=99", "offset=297"])  # the second and fourth pages
        assert backfill().returncode != Exit.OK
        (key,) = [row["key"] for row in raw_rows(db, "SELECT key FROM crawl_state")]
        done = checkpoint_of(db, key)
        assert done is not None and len(done) == 3, done  # two gaps between them
        stored = stored_count(db)
        replica.configure(failing=[done[0][1][:13]])  # the first gap's window alone
        second = backfill()
        assert second.returncode != Exit.OK
        assert stored_count(db) == stored + 98, second.stderr[-3000:]  # the gap less its ends
        replica.configure(failing=[])
        assert backfill().returncode == Exit.OK
        assert stored_count(db) == len(replica.articles())
