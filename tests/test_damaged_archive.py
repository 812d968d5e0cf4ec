"""Damaged archives, by class: random bytes over pages past the header, and dropped tables,
triggers and indexes (the full-text table among them). Every command that reads or writes the
archive exits 0 or 4; on 4 it prints one `Error:` line naming the file, never a traceback.
`stats --check` finds the damage and says what to do."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbot.cli import main
from pipelines.store import Archive
from pipelines.store.objects import ALL, expected
from tests.crawling import ROOT
from tests.replica import Replica, running_replica
from tests.store_samples import ARBUZ, sample_article

QUICK = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OBJECTS = sorted(expected(ALL))
COMMANDS = (
    ["stats"],
    ["stats", "--json"],
    ["search", "музей"],
    ["search", "--json", "кремль"],
    ["export", "--format", "jsonl", "--out", "-"],
    ["export", "--format", "seed", "--out", "{out}"],
    ["import", "{seeds}"],
)


@pytest.fixture(scope="module")
def base_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("damage") / "arbuz.db"
    with Archive(db, ARBUZ) as archive:
        for n in range(40):
            body = [f"Абзац {n}: музей-заповедник.", " ".join(["Кремль закрыт."] * 40)]
            archive.save(sample_article(n, paragraphs=body))
    return db


@pytest.fixture(scope="module")
def seeds(base_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base archive's articles as seed documents, for an import into a damaged one."""
    out = tmp_path_factory.mktemp("seeds") / "seeds"
    result = CliRunner().invoke(main, ["export", "--out", str(out), "--db", str(base_archive)])
    assert result.exit_code == 0, result.stderr
    return out


def flip_pages(db: Path, seed: int, share: float) -> None:
    """Random bytes written over `share` of the pages after the first (header and schema)."""
    data = bytearray(db.read_bytes())
    page_size = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page_size
    chooser = random.Random(seed)
    for page in chooser.sample(range(1, pages), max(1, int(pages * share))):
        for _ in range(chooser.randint(1, 64)):
            data[page * page_size + chooser.randrange(page_size)] = chooser.randrange(256)
    db.write_bytes(bytes(data))


def drop_objects(db: Path, names: list[str]) -> None:
    with sqlite3.connect(db) as connection:
        kinds = dict(connection.execute("SELECT name, type FROM sqlite_master WHERE sql NOT NULL"))
        for name in names:
            connection.execute(f"DROP {kinds[name].upper()} IF EXISTS [{name}]")
    connection.close()


DAMAGE = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 2**32), st.sampled_from([0.02, 0.1, 0.3])),
    st.tuples(st.just("drop"), st.lists(st.sampled_from(OBJECTS), min_size=1, max_size=3)),
)


def damaged_copy(base: Path, where: Path, damage: tuple[object, ...]) -> Path:
    db = where / "damaged.db"
    shutil.copy(base, db)
    if damage[0] == "flip":
        flip_pages(db, int(str(damage[1])), float(str(damage[2])))
    else:
        names = damage[1]
        assert isinstance(names, list)
        drop_objects(db, names)
    return db


def one_line_or_nothing(code: int, stderr: str, db: Path, shown: str) -> None:
    assert "Traceback" not in stderr, shown
    assert code in (0, 4), shown
    if code == 4:
        errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and str(db) in errors[0], shown
        assert errors[0].count("is damaged") <= 1, shown  # said once, never inside itself


@pytest.fixture
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("damaged")


@QUICK
@given(damage=DAMAGE, command=st.sampled_from(COMMANDS))
def test_every_command_on_a_damaged_archive_exits_0_or_4_with_one_line(
    base_archive: Path,
    seeds: Path,
    places: Path,
    damage: tuple[object, ...],
    command: list[str],
) -> None:
    where = Path(tempfile.mkdtemp(dir=places))
    db = damaged_copy(base_archive, where, damage)
    args = [part.format(out=where / "out", seeds=seeds) for part in command]
    result = CliRunner().invoke(main, [*args, "--db", str(db)], catch_exceptions=True)
    shown = f"{damage!r} {args!r}\n{result.stderr[-2000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{shown}\n{result.exception!r}"
    )
    one_line_or_nothing(result.exit_code, result.stderr, db, shown)


@QUICK
@given(damage=DAMAGE)
def test_the_check_finds_what_was_damaged_and_says_what_to_do(
    base_archive: Path, places: Path, damage: tuple[object, ...]
) -> None:
    where = Path(tempfile.mkdtemp(dir=places))
    db = damaged_copy(base_archive, where, damage)
    result = CliRunner().invoke(main, ["stats", "--check", "--db", str(db)])
    shown = f"{damage!r}\n{result.output[-2000:]}\n{result.stderr[-2000:]}"
    one_line_or_nothing(result.exit_code, result.stderr, db, shown)
    if damage[0] == "drop":
        assert result.exit_code == 4, shown
        assert any(word in result.stderr for word in ("restore", "recreate", "rebuild")), shown


def test_a_sound_archive_passes_the_check(base_archive: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--check", "--db", str(base_archive)])
    assert result.exit_code == 0, result.stderr
    assert "is sound" in result.output
    result = CliRunner().invoke(main, ["stats", "--check", "--json", "--db", str(base_archive)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["sound"] is True


def test_a_full_text_index_out_of_step_is_rebuilt_not_restored(
    base_archive: Path, tmp_path: Path
) -> None:
    db = tmp_path / "fts.db"
    shutil.copy(base_archive, db)
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE articles_fts_data SET block = x'00' "
            "WHERE id = (SELECT max(id) FROM articles_fts_data)"
        )
    result = CliRunner().invoke(main, ["stats", "--check", "--db", str(db)])
    assert result.exit_code == 4
    assert f"sqlite-utils rebuild-fts {db} articles" in result.stderr
    result = CliRunner().invoke(main, ["stats", "--check", "--json", "--db", str(db)])
    assert result.exit_code == 4
    findings = json.loads(result.stdout)
    assert (findings["sound"], findings["pages"], findings["missing"]) == (False, [], [])
    assert findings["search_index"]
    assert f"sqlite-utils rebuild-fts {db} articles" in result.stderr


def test_queries_do_not_need_the_indexes(base_archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "bare.db"
    shutil.copy(base_archive, db)
    indexes = [name for name in expected(("index",)) if not name.startswith("idx__")]
    drop_objects(db, indexes)
    for command in COMMANDS:
        args = [part.format(out=tmp_path / "out", seeds=tmp_path / "out") for part in command]
        result = CliRunner().invoke(main, [*args, "--db", str(db)])
        assert result.exit_code == 0, (args, result.stderr)


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    with running_replica("--articles", "30") as running:
        yield running


@pytest.mark.e2e
@settings(QUICK, max_examples=4)
@given(damage=DAMAGE)
def test_a_crawl_on_a_damaged_archive_exits_0_or_4_with_one_line(
    site: Replica, base_archive: Path, places: Path, damage: tuple[object, ...]
) -> None:
    where = Path(tempfile.mkdtemp(dir=places))
    db = damaged_copy(base_archive, where, damage)
    command = [sys.executable, "-m", "newsbot", "crawl", "--base-url", site.url, "--db", str(db)]
    command += ["-s", "DOWNLOAD_DELAY=0", "-s", "NEWSBOT_SWEEP_EVERY_HOURS=0"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=240)
    shown = f"{damage!r}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, shown
    one_line_or_nothing(done.returncode, done.stderr, db, shown)


@pytest.mark.parametrize("command", COMMANDS[:5])
def test_an_archive_cut_short_is_named_damaged_once(
    base_archive: Path, tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "cut.db"
    db.write_bytes(base_archive.read_bytes()[:4096])
    result = CliRunner().invoke(main, [*command, "--db", str(db)], catch_exceptions=True)
    assert result.exit_code == 4, result.stderr
    assert result.stderr.count("is damaged") == 1, result.stderr
