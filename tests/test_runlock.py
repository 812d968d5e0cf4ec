"""The run lock in one process: who holds it, what a refused or waiting run is told, release."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsbot.cli import main
from newsbot.runlock import Busy, Holder, RunLock, held, lock_path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "newsbot.db"


@pytest.fixture
def holding(db: Path) -> Iterator[RunLock]:
    lock = RunLock(db)
    lock.acquire("backfill")
    yield lock
    lock.release()


def test_the_holder_is_written_beside_the_database_and_emptied_on_release(db: Path) -> None:
    lock = RunLock(db)
    lock.acquire("incremental")
    holder = Holder.read(db.parent / "newsbot.db.lock")
    assert holder is not None
    assert (holder.pid, holder.mode) == (os.getpid(), "incremental")
    assert held(db)
    lock.release()
    assert not held(db)
    assert (db.parent / "newsbot.db.lock").read_text() == ""
    lock.release()


def test_a_second_run_is_told_who_holds_the_database(db: Path, holding: RunLock) -> None:
    with pytest.raises(Busy) as refused:
        RunLock(db).acquire("incremental")
    named = (
        rf"another run \(pid {os.getpid()}, backfill since \d\d:\d\d\) holds {re.escape(str(db))}"
    )
    assert re.fullmatch(named, str(refused.value))


def test_a_waiting_run_gives_up_after_its_timeout(db: Path, holding: RunLock) -> None:
    lines: list[str] = []
    with pytest.raises(Busy, match=r"holds .* after waiting 0\.3 s$"):
        RunLock(db).acquire("incremental", timeout=0.3, waiting=lines.append)
    assert len(lines) == 1
    assert lines[0].startswith(f"Waiting for another run (pid {os.getpid()}, backfill since")
    assert lines[0].endswith(f"to finish with {db} (at most 0.3 s)")


def test_a_waiting_run_starts_when_the_holder_is_done(db: Path, holding: RunLock) -> None:
    lines: list[str] = []
    threading.Timer(0.5, holding.release).start()
    second = RunLock(db)
    second.acquire("incremental", timeout=None, waiting=lines.append)
    assert len(lines) == 1
    assert held(db)
    second.release()


def test_an_unreadable_holder_is_not_named(db: Path, holding: RunLock) -> None:
    lock_path(db).write_text("{not json")
    with pytest.raises(Busy) as refused:
        RunLock(db).acquire("incremental")
    assert str(refused.value) == f"another run holds {db}"


def test_a_lock_file_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(OSError):
        RunLock(tmp_path / "a-file" / "newsbot.db").acquire("incremental")


@given(st.from_regex(r"[a-z0-9_.-]{1,20}", fullmatch=True).filter(lambda name: name.strip(".")))
def test_the_lock_file_is_the_database_name_plus_lock(name: str) -> None:
    path = lock_path(Path("data") / name)
    assert path == Path("data").resolve() / f"{name}.lock"


@given(st.integers(min_value=1, max_value=2**22), st.integers(min_value=0, max_value=10**6))
def test_a_holder_says_the_day_only_when_it_is_not_today(pid: int, minutes_ago: int) -> None:
    started = datetime.now().astimezone() - timedelta(minutes=minutes_ago)
    text = str(Holder(pid, "backfill", started.isoformat()))
    same_day = started.date() == datetime.now().astimezone().date()
    shown = started.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")
    assert text == f"pid {pid}, backfill since {shown}"


def test_a_lock_file_in_the_way_is_named_not_the_database(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    lock_path(db).mkdir()
    seed = Path(__file__).parent / "fixtures" / "seed.txt"
    result = CliRunner().invoke(main, ["import", str(seed), "--db", str(db)])
    assert result.exit_code == 4, result.output
    assert result.stderr.strip() == (
        f"Error: cannot use the run lock {lock_path(db)} of {db}: Is a directory"
    )
