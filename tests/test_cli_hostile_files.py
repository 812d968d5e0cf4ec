"""Hostile files and queries for the readers and the import, end to end: exports never replace a
device, FIFO or link and stream to stdout with `--out -`; the import reads only what it should and
stops cleanly on SIGINT; read-only media and zero-byte files; searches as users type them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from pipelines.store import Archive
from tests.conftest import FIXTURES
from tests.crawling import ROOT, newsbot
from tests.outlet import parse, render
from tests.store_samples import ARBUZ, raw_rows, sample_article

SEED = parse((FIXTURES / "seed.txt").read_text(encoding="utf-8"))


def fingerprint(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("hostile") / "arbuz.db"
    bodies = {
        0: "Открылся музей-заповедник «Астраханский кремль».",
        1: "В музее прошла выставка.",
        2: "Новые случаи covid-19 в области.",
        3: "Кремль и музей закрыты на ремонт.",
        4: "Музея-заповедника экскурсии отменены.",
    }
    with Archive(db, ARBUZ) as stored:
        for n, body in bodies.items():
            stored.save(sample_article(n, title=f"Статья {n}", paragraphs=[body]))
    return db


def one_error_line(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and words in errors[0], result.stderr[-2000:]


# Search ---------------------------------------------------------------------------------------


def found(db: Path, *args: str) -> list[str]:
    result = newsbot("search", "--db", str(db), "--json", *args)
    assert result.returncode == 0, result.stderr
    return sorted(str(hit["title"]) for hit in json.loads(result.stdout))


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("музей-заповедник", ["Статья 0", "Статья 4"]),
        ("covid-19", ["Статья 2"]),
        ("музей -кремль", ["Статья 1", "Статья 4"]),
        ("музей -кремль -выставка", ["Статья 4"]),
        ("covid-19 OR музей -кремль", ["Статья 1", "Статья 2", "Статья 4"]),
    ],
)
def test_searches_mean_what_users_type(archive: Path, query: str, titles: list[str]) -> None:
    assert found(archive, query) == titles


def test_an_empty_query_is_a_usage_error(archive: Path) -> None:
    one_error_line(newsbot("search", "--db", str(archive), ""), Exit.USAGE, "it is empty")


@pytest.mark.parametrize("command", ["search", "export"])
@pytest.mark.parametrize(("option", "kind"), [("--category", "category"), ("--tag", "tag")])
def test_an_unknown_category_or_tag_lists_the_known_ones(
    archive: Path, tmp_path: Path, command: str, option: str, kind: str
) -> None:
    out = tmp_path / "out.jsonl"
    args = ["музей"] if command == "search" else ["--format", "jsonl", "--out", str(out)]
    result = newsbot(command, *args, option, "xyz", "--db", str(archive))
    known = "Политика" if kind == "category" else "Астрахань"
    one_error_line(result, Exit.USAGE, f"no {kind} 'xyz' in the archive (a name or a slug; known:")
    assert known in result.stderr
    assert not out.exists()
    slug = "politika" if kind == "category" else "astraxan"
    assert found(archive, "музей", option, slug) == found(archive, "музей")


# Exports --------------------------------------------------------------------------------------


def test_export_to_stdout_streams_what_a_file_export_holds(archive: Path, tmp_path: Path) -> None:
    for format_ in ("jsonl", "csv", "parquet"):
        into_file = tmp_path / f"file.{format_}"
        assert (
            newsbot(
                "export", "--format", format_, "--out", str(into_file), "--db", str(archive)
            ).returncode
            == 0
        )
        streamed = subprocess.run(
            [sys.executable, "-m", "newsbot", "export", "--format", format_, "--out", "-",
             "--db", str(archive)],
            capture_output=True, cwd=ROOT, check=False,
        )  # fmt: skip
        assert streamed.returncode == 0, streamed.stderr
        assert streamed.stdout == into_file.read_bytes()
        assert b"Output: standard output" in streamed.stderr
    assert not (ROOT / "-").exists()
    result = newsbot("export", "--format", "seed", "--out", "-", "--db", str(archive))
    one_error_line(result, Exit.USAGE, "a seed export is a directory")


def test_export_into_a_fifo_writes_into_it_and_keeps_it(archive: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = newsbot("export", "--format", "jsonl", "--out", str(fifo), "--db", str(archive))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert len(received[0].splitlines()) == 5


def _device(path: Path, minor: int) -> Path:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def test_export_onto_a_device_writes_into_it_and_never_replaces_it(
    archive: Path, tmp_path: Path
) -> None:
    null, full = _device(tmp_path / "null", 3), _device(tmp_path / "full", 7)
    ok = newsbot("export", "--format", "csv", "--out", str(null), "--db", str(archive))
    assert ok.returncode == 0, ok.stderr
    failed = newsbot("export", "--format", "jsonl", "--out", str(full), "--db", str(archive))
    one_error_line(failed, Exit.FAILED, "No space left on device")
    for device in (null, full):
        assert stat.S_ISCHR(device.lstat().st_mode)
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_export_onto_a_symbolic_link_is_refused_and_the_link_kept(
    archive: Path, tmp_path: Path
) -> None:
    target = tmp_path / "target.jsonl"
    target.write_text("kept")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    result = newsbot("export", "--format", "jsonl", "--out", str(link), "--db", str(archive))
    one_error_line(result, Exit.USAGE, "is a symbolic link")
    assert link.is_symlink() and target.read_text() == "kept"


# Import ---------------------------------------------------------------------------------------


def test_import_of_a_device_is_one_skipped_line_not_a_memory_error(tmp_path: Path) -> None:
    db = tmp_path / "arbuz.db"
    result = newsbot("import", "/dev/zero", "--db", str(db))
    assert result.returncode == Exit.FAILED
    assert "Traceback" not in result.stderr
    assert "Skipped /dev/zero: a character device, not a seed document file" in result.stderr


def test_import_takes_any_case_of_txt_and_no_link_out_of_its_directory(tmp_path: Path) -> None:
    corpus, outside, db = tmp_path / "corpus", tmp_path / "outside", tmp_path / "arbuz.db"
    corpus.mkdir()
    outside.mkdir()
    (corpus / "ok.TXT").write_text(render(SEED), encoding="utf-8")
    other = replace(SEED, url="https://arbuztoday.ru/other/", title="Другая")
    (outside / "other.txt").write_text(render(other), encoding="utf-8")
    (corpus / "other.txt").symlink_to(outside / "other.txt")
    result = newsbot("import", str(corpus), "--db", str(db))
    assert result.returncode == Exit.FAILED
    assert f"Skipped {corpus / 'other.txt'}: a symbolic link out of {corpus}" in result.stderr
    assert [row["url"] for row in raw_rows(db, "SELECT url FROM articles")] == [SEED.url]


def test_sigint_during_an_import_finishes_its_run_and_keeps_what_it_imported(
    tmp_path: Path,
) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "arbuz.db"
    corpus.mkdir()
    for n in range(3000):
        article = replace(SEED, url=f"https://arbuztoday.ru/n-{n}/", post_id=None)
        (corpus / f"{n:05d}.txt").write_text(render(article), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "newsbot", "import", str(corpus), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _started_run(db):
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr
    [run] = raw_rows(db, "SELECT finish_reason, finished_at, new FROM runs")
    stored = raw_rows(db, "SELECT count(*) AS n FROM articles")[0]["n"]
    if run["finish_reason"] == "finished":
        pytest.skip("the import ended before the signal arrived")
    assert process.returncode == Exit.FAILED
    assert run["finish_reason"] == "interrupted" and run["finished_at"]
    assert 0 < stored < 3000 and run["new"] == stored
    assert "the import was interrupted after" in stderr and "rerun it for the rest" in stderr


def _started_run(db: Path) -> bool:
    try:
        return bool(raw_rows(db, "SELECT run_id FROM runs"))
    except sqlite3.Error:
        return False


# Read-only media and zero-byte files ------------------------------------------------------------


def _read_only_view(source: Path, view: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` (sh) in a mount namespace of its own where `view` is `source` bound
    read-only: a read-only medium, for root too."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) here")
    view.mkdir()
    mount = f"mount --bind {source} {view} && mount -o remount,bind,ro {view}"
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"{mount} || exit 99\n{script}"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    if result.returncode == 99:
        pytest.skip(f"cannot bind-mount read-only here: {result.stderr.strip()}")
    return result


def test_readers_work_on_a_read_only_mount_and_writers_say_why_not(
    archive: Path, tmp_path: Path
) -> None:
    source, view = tmp_path / "source", tmp_path / "view"
    source.mkdir()
    shutil.copy(archive, source / "arbuz.db")
    python = f"{sys.executable} -m newsbot"
    db = view / "arbuz.db"
    script = "\n".join(
        [
            f"touch {view}/probe 2>/dev/null && echo WRITABLE",
            f"{python} stats --db {db} --json > {tmp_path}/stats.json; echo stats=$?",
            f"{python} search музей --db {db} --json > {tmp_path}/search.json; echo search=$?",
            f"{python} export --format jsonl --out {tmp_path}/out.jsonl --db {db}; echo export=$?",
            f"{python} import {FIXTURES / 'seed.txt'} --db {db} 2>{tmp_path}/import.err; "
            "echo import=$?",
        ]
    )
    result = _read_only_view(source, view, script)
    assert "WRITABLE" not in result.stdout
    assert "stats=0" in result.stdout and "search=0" in result.stdout, result.stderr
    assert "export=0" in result.stdout, result.stderr
    assert json.loads((tmp_path / "stats.json").read_text())["articles"] == 5
    assert len(json.loads((tmp_path / "search.json").read_text())) == 4
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 5
    assert "import=4" in result.stdout
    [line] = (tmp_path / "import.err").read_text().splitlines()
    assert line.startswith("Error:") and "Read-only file system" in line
    assert fingerprint(source / "arbuz.db") == fingerprint(archive)


def test_check_reads_an_archive_on_a_read_only_mount(archive: Path, tmp_path: Path) -> None:
    source, view = tmp_path / "source", tmp_path / "view"
    source.mkdir()
    shutil.copy(archive, source / "arbuz.db")
    script = f"{sys.executable} -m newsbot stats --check --db {view}/arbuz.db"
    result = _read_only_view(source, view, script)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "not checked: the full-text index check needs write access to the file\n"
    )
    assert result.stdout.startswith(f"The archive {view}/arbuz.db is sound as far as checked")
    assert fingerprint(source / "arbuz.db") == fingerprint(archive)


def test_a_database_whose_wal_holds_changes_is_refused_on_a_read_only_mount(
    tmp_path: Path,
) -> None:
    source, view = tmp_path / "source", tmp_path / "view"
    source.mkdir()
    with Archive(source / "live.db", ARBUZ) as archive:
        archive.save(sample_article(1))
    writer = sqlite3.connect(source / "live.db", isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # changes stay in the WAL file
    writer.execute("UPDATE articles SET title = title || '!'")
    for name in ("live.db", "live.db-wal"):
        shutil.copy(source / name, source / f"copy{name.removeprefix('live')}")
    writer.close()
    assert (source / "copy.db-wal").stat().st_size > 0
    python = f"{sys.executable} -m newsbot"
    result = _read_only_view(source, view, f"{python} stats --db {view}/copy.db")
    assert result.returncode == Exit.DATABASE
    assert "its last changes are still in copy.db-wal" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command", [["stats"], ["search", "музей"], ["export", "--format", "jsonl", "--out", "{out}"]]
)
def test_a_zero_byte_file_is_no_archive_yet_for_readers(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    filled = [part.format(out=tmp_path / "out.jsonl") for part in command]
    result = newsbot(*filled, "--db", str(db))
    one_error_line(result, Exit.DATABASE, "there is no archive in")
    assert "yet (an empty file): run a crawl or import first" in result.stderr
    assert db.stat().st_size == 0


def test_a_zero_byte_file_becomes_an_archive_as_a_missing_one_would(tmp_path: Path) -> None:
    """What a first run killed before its first write leaves; the rerun must go on from it."""
    db = tmp_path / "empty.db"
    db.touch()
    result = newsbot("import", str(FIXTURES / "seed.txt"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert [row["url"] for row in raw_rows(db, "SELECT url FROM articles")] == [SEED.url]
