"""Export files by class: temporary files beside the target are removed on SIGTERM and SIGINT
and, when a killed export left them, by the next export; names at the file system's limit work;
`--out` through a loop of symbolic links, and an import folder holding loops, are one line."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbot.cli import main
from newsbot.exchange.staging import TEMPORARY, temporary_name
from pipelines.store import Archive
from tests.crawling import ROOT
from tests.store_samples import ARBUZ, sample_article

QUICK = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

KILLING = """
import os, signal, sys
from newsbot.cli import main
import newsbot.exchange.tables as tables
import newsbot.exchange.seed_files as seeds
signum = getattr(signal, sys.argv[1])
written = 0
def stop_midway(original):
    def wrapped(*args):
        global written
        written += 1
        if written == 5:
            os.kill(os.getpid(), signum)
        return original(*args)
    return wrapped
tables.record_of = stop_midway(tables.record_of)
seeds.render = stop_midway(seeds.render)
main(sys.argv[2:])
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("exports") / "arbuz.db"
    with Archive(db, ARBUZ) as opened:
        for n in range(12):
            opened.save(sample_article(n))
    return db


def temporaries(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if TEMPORARY.fullmatch(path.name)]


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("format_", ["jsonl", "csv", "seed"])
def test_a_signal_midway_leaves_no_temporary_file_and_exits_7(
    archive: Path, tmp_path: Path, signame: str, format_: str
) -> None:
    out = tmp_path / ("seeds" if format_ == "seed" else f"out.{format_}")
    args = ["export", "--format", format_, "--out", str(out), "--db", str(archive)]
    done = subprocess.run(
        [sys.executable, "-c", KILLING, signame, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 7, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("Error: the export was interrupted")
    folder = out if format_ == "seed" else tmp_path
    assert temporaries(folder) == []


def _left_by_a_killed_export(target: Path) -> Path:
    left = target.with_name(temporary_name(target, "0123abcd"))
    left.write_bytes(b"half an export")
    return left


@pytest.mark.parametrize("format_", ["jsonl", "csv", "parquet"])
def test_the_next_export_removes_what_a_killed_one_left(
    archive: Path, tmp_path: Path, format_: str
) -> None:
    target = tmp_path / f"out.{format_}"
    left = _left_by_a_killed_export(target)
    other = tmp_path / ".notes.0123abcd.tmp"  # another file's temporary: not ours to remove
    other.write_bytes(b"")
    args = ["export", "--format", format_, "--out", str(target), "--db", str(archive)]
    result = CliRunner().invoke(main, args)
    if result.exit_code == 2 and "extra" in result.stderr:  # parquet's extra is not installed
        pytest.skip(result.stderr)
    assert result.exit_code == 0, result.stderr
    assert not left.exists() and other.exists()


def test_the_next_seed_export_removes_what_a_killed_one_left_and_spares_a_live_one(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "seeds"
    out.mkdir()
    left = _left_by_a_killed_export(out / "000_0123456789abcdef.txt")
    live = _left_by_a_killed_export(out / "001_0123456789abcdef.txt")
    with live.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running export holds its temporary file
        result = CliRunner().invoke(main, ["export", "--out", str(out), "--db", str(archive)])
    assert result.exit_code == 0, result.stderr
    assert not left.exists() and live.exists()


NAME_BYTES = st.integers(1, 255)
LETTERS = st.sampled_from(["a", "ж", "🍉", "-", " "])


@QUICK
@given(size=NAME_BYTES, letter=LETTERS, format_=st.sampled_from(["jsonl", "csv"]))
def test_a_name_up_to_the_file_systems_limit_is_written(
    archive: Path, tmp_path_factory: pytest.TempPathFactory, size: int, letter: str, format_: str
) -> None:
    folder = tmp_path_factory.mktemp("names")
    name = letter * (size // len(letter.encode()))
    if not name.strip(" -") or name in (".", ".."):
        name = "x" + name[1:]
    target = folder / name
    assert len(os.fsencode(target.name)) <= 255
    args = ["export", "--format", format_, "--out", str(target), "--db", str(archive)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, (name, result.stderr)
    assert target.is_file()
    assert temporaries(folder) == []
    assert len(os.fsencode(temporary_name(target, "0123abcd"))) <= 255


def test_a_seed_export_into_a_folder_named_at_the_limit(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / ("d" * 255)
    result = CliRunner().invoke(main, ["export", "--out", str(out), "--db", str(archive)])
    assert result.exit_code == 0, result.stderr
    assert len(list(out.iterdir())) == 12


@pytest.mark.parametrize(
    "out", ["loop", "loop/x", "loop/x/y.csv"], ids=["the-loop", "under-it", "deeper"]
)
@pytest.mark.parametrize("format_", ["seed", "jsonl", "csv"])
def test_an_out_through_a_loop_of_links_is_one_usage_line(
    archive: Path, tmp_path: Path, out: str, format_: str
) -> None:
    (tmp_path / "loop").symlink_to("back")
    (tmp_path / "back").symlink_to("loop")
    args = ["export", "--format", format_, "--out", str(tmp_path / out), "--db", str(archive)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: --out {tmp_path / out} leads into a loop of symbolic links: give another path"
    ]


def test_an_import_folder_holding_loops_imports_the_rest(archive: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    exported = CliRunner().invoke(main, ["export", "--out", str(seeds), "--db", str(archive)])
    assert exported.exit_code == 0, exported.stderr
    (seeds / "900_aaaaaaaaaaaaaaaa.txt").symlink_to("901_bbbbbbbbbbbbbbbb.txt")
    (seeds / "901_bbbbbbbbbbbbbbbb.txt").symlink_to("900_aaaaaaaaaaaaaaaa.txt")
    (seeds / "sub").mkdir()
    (seeds / "sub" / "up").symlink_to("..")
    (seeds / "ring").symlink_to("ring")
    result = CliRunner().invoke(main, ["import", str(seeds), "--db", str(tmp_path / "new.db")])
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Imported 12 of 14 files: 12 new" in result.output + result.stderr


def test_signals_are_as_they_were_after_an_export(archive: Path, tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    CliRunner().invoke(main, ["export", "--out", str(tmp_path / "s"), "--db", str(archive)])
    assert signal.getsignal(signal.SIGTERM) == before
