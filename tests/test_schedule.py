"""One run at a time per database, as scheduled jobs meet it: real `newsbot` and `scrapy crawl`
processes against the replica.

The first run of each test is held up deterministically: the replica hangs every answer but
robots.txt, and the run keeps retrying (short timeout, many retries) until the test lets the
replica answer again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from newsbot.runlock import Holder, lock_path
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, ROOT, newsbot, stored_documents
from tests.replica import Replica, running_replica
from tests.test_crawl_failures import assert_one_line_failure

pytestmark = pytest.mark.e2e

SINCE = "2019-11-01"
HELD_UP = (*FULL_SPEED, "-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=1000")
"""Keeps a run retrying the hanging replica, holding its lock, until the replica answers."""
NEWSBOT = (sys.executable, "-m", "newsbot")


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    with running_replica("--articles", "100") as replica:
        yield replica


@pytest.fixture
def hanging(site: Replica) -> Iterator[Replica]:
    """The replica with every answer but robots.txt hanging; `answer(site)` ends that."""
    site.configure(hang_rate=1.0)
    yield site
    answer(site)


def answer(site: Replica) -> None:
    site.configure(hang_rate=0.0)


@dataclass
class Run:
    """A command running in the project directory, its output going to `log`."""

    process: subprocess.Popen[str]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def finish(self) -> str:
        """Wait for the command to exit 0; return its output."""
        self.process.wait(timeout=120)
        output = self.log.read_text()
        assert self.process.returncode == 0, output[-3000:]
        return output

    def first_line(self) -> str:
        """The first line of its output, once it is complete."""
        deadline = time.monotonic() + 60
        while "\n" not in self.log.read_text():
            assert time.monotonic() < deadline, "nothing written"
            time.sleep(0.05)
        return self.log.read_text().split("\n", 1)[0]

    def wait_until_holding(self, db: Path) -> None:
        """Until the lock file of `db` names this run as its holder."""
        deadline = time.monotonic() + 60
        while True:
            holder = Holder.read(lock_path(db))
            if holder is not None and holder.pid == self.pid:
                return
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            assert time.monotonic() < deadline, "the run never took the lock"
            time.sleep(0.05)


Launch = Callable[..., Run]


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Launch]:
    """`launch(*command)` starts a `Run`; whatever is still running at the end is killed."""
    started: list[Run] = []

    def launch(*command: str) -> Run:
        log = tmp_path / f"run-{len(started)}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, text=True
            )
        started.append(Run(process, log))
        return started[-1]

    yield launch
    for run in started:
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()


def holding(launch: Launch, db: Path, *command: str) -> Run:
    """A run of `command` that has taken the lock of `db`."""
    run = launch(*command)
    run.wait_until_holding(db)
    return run


def crawl_args(site: Replica, db: Path) -> tuple[str, ...]:
    return ("--db", str(db), "--base-url", site.url, *FULL_SPEED)


def held_up_args(site: Replica, db: Path) -> tuple[str, ...]:
    return ("--db", str(db), "--base-url", site.url, *HELD_UP)


def expected_documents(site: Replica) -> dict[str, str]:
    return {entry["url"]: entry["document"] for entry in site.articles()}


def recorded_runs(db: Path) -> list[dict[str, object]]:
    """The run log, oldest first."""
    with Archive(db, ARBUZ, readonly=True) as archive:
        return archive.runs()[::-1]


def test_a_second_crawl_exits_busy_at_once_while_one_runs(
    hanging: Replica, tmp_path: Path, launch: Launch
) -> None:
    db = tmp_path / "arbuz.db"
    first = holding(launch, db, *NEWSBOT, "crawl", *held_up_args(hanging, db))

    second = newsbot("crawl", *crawl_args(hanging, db))

    assert_one_line_failure(second, Exit.BUSY, f"another run (pid {first.pid}, incremental since")
    assert second.stderr.splitlines() == [
        f"Error: another run ({Holder.read(lock_path(db))}) holds {db}; "
        "skipped (--wait queues the run instead)"
    ]
    assert second.stdout == ""
    answer(hanging)
    assert "100 new" in first.finish()
    assert stored_documents(db) == expected_documents(hanging)
    assert [run["finish_reason"] for run in recorded_runs(db)] == ["finished"]


def test_wait_queues_the_run_until_the_first_is_done(
    hanging: Replica, tmp_path: Path, launch: Launch
) -> None:
    db = tmp_path / "arbuz.db"
    first = holding(launch, db, *NEWSBOT, "crawl", *held_up_args(hanging, db))

    impatient = newsbot(
        "backfill", "--since", SINCE, *crawl_args(hanging, db), "--wait-timeout", "0.5"
    )
    assert_one_line_failure(impatient, Exit.BUSY, f"(pid {first.pid}, incremental since")
    assert "after waiting 0.5 s" in impatient.stderr
    assert impatient.stderr.startswith(f"Waiting for another run (pid {first.pid}, incremental")

    queued = launch(*NEWSBOT, "backfill", "--since", SINCE, "--wait", *crawl_args(hanging, db))
    holder = Holder.read(lock_path(db))
    assert queued.first_line() == f"Waiting for another run ({holder}) to finish with {db}"
    assert first.process.poll() is None
    answer(hanging)
    first.finish()
    assert "Backfill of" in queued.finish()
    incremental, backfill = recorded_runs(db)
    assert (incremental["mode"], backfill["mode"]) == ("incremental", "backfill")
    assert str(backfill["started_at"]) >= str(incremental["finished_at"])


def test_a_run_killed_while_holding_the_lock_does_not_block_the_next(
    hanging: Replica, tmp_path: Path, launch: Launch
) -> None:
    db = tmp_path / "arbuz.db"
    killed = holding(launch, db, *NEWSBOT, "backfill", "--since", SINCE, *held_up_args(hanging, db))
    os.kill(killed.pid, signal.SIGKILL)
    killed.process.wait(timeout=30)
    stale = Holder.read(lock_path(db))
    assert stale is not None and stale.pid == killed.pid
    answer(hanging)

    result = newsbot("crawl", *crawl_args(hanging, db))

    assert result.returncode == 0, result.stderr[-3000:]
    assert "100 new" in result.stdout
    assert stored_documents(db) == expected_documents(hanging)


def scrapy_crawl(db: Path, site: Replica, *settings: str) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "arbuz", "-a", f"since={SINCE}",
        "-s", f"NEWSBOT_DB={db}", "-s", f"NEWSBOT_BASE_URL={site.url}", *settings,
    ]  # fmt: skip


def test_scrapy_crawl_is_skipped_while_the_command_line_holds_the_database(
    hanging: Replica, tmp_path: Path, launch: Launch
) -> None:
    db = tmp_path / "arbuz.db"
    first = holding(launch, db, *NEWSBOT, "crawl", *held_up_args(hanging, db))

    skipped = subprocess.run(
        scrapy_crawl(db, hanging, *FULL_SPEED), cwd=ROOT, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip

    assert f"Skipped: another run (pid {first.pid}, incremental since" in skipped.stderr
    assert "Spider closed (busy)" in skipped.stderr
    assert "Health:" not in skipped.stderr
    assert "downloader/request_count" not in skipped.stderr
    answer(hanging)
    first.finish()
    assert [run["mode"] for run in recorded_runs(db)] == ["incremental"]


def test_the_command_line_is_refused_while_scrapy_crawl_holds_the_database(
    hanging: Replica, tmp_path: Path, launch: Launch
) -> None:
    db = tmp_path / "arbuz.db"
    first = holding(launch, db, *scrapy_crawl(db, hanging, *HELD_UP))

    refused = newsbot("crawl", *crawl_args(hanging, db))

    assert_one_line_failure(refused, Exit.BUSY, f"another run (pid {first.pid}, backfill since")
    answer(hanging)
    assert "Spider closed (finished)" in first.finish()
    assert stored_documents(db) == expected_documents(hanging)
    assert newsbot("crawl", *crawl_args(hanging, db)).returncode == 0
    assert [run["mode"] for run in recorded_runs(db)] == ["backfill", "incremental"]
