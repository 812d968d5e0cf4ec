"""Durability: all-or-nothing batches, crashes, concurrent readers, idempotent migrations."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlite_utils import Database

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, ArchiveError
from pipelines.store.schema import MIGRATIONS
from tests.store_samples import raw_rows, sample_article, tamper

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def counts(db: Path) -> dict[str, int]:
    tables = ("articles", "article_urls", "article_versions", "crawl_state")
    return {table: raw_rows(db, f"SELECT count(*) AS n FROM {table}")[0]["n"] for table in tables}


def test_an_error_inside_a_batch_writes_nothing_of_it(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    archive = Archive(db, ARBUZ, batch_size=1000)
    tamper(
        db,
        "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN new.post_id = 10006 "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
    )
    for n in range(1, 6):
        archive.save(sample_article(n))
    archive.set_state("checkpoint", "5")
    with pytest.raises(ArchiveError, match="refused by the test"):
        archive.save(sample_article(6))
    archive.close()
    assert counts(db) == {"articles": 0, "article_urls": 0, "article_versions": 0, "crawl_state": 0}
    assert raw_rows(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'маркер1'") == []


def test_an_error_outside_sqlite_undoes_that_save_alone(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ, batch_size=1000) as archive:
        archive.save(sample_article(1))
        with pytest.raises(ValueError, match="no archived article"):
            archive.add_url("https://arbuztoday.ru/elsewhere/", article_id=99)
        archive.save(sample_article(2))
    assert counts(db)["articles"] == 2


def test_closing_after_an_exception_flushes_what_was_saved(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with pytest.raises(RuntimeError), Archive(db, ARBUZ, batch_size=1000) as archive:
        archive.save(sample_article(1))
        raise RuntimeError("the crawl failed")
    assert counts(db)["articles"] == 1


def test_a_crash_loses_at_most_the_unflushed_batch(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    result = run_python(
        """
        import os, sys
        from pipelines.store import Archive
        from newsbot.sites.arbuz import PROFILE as ARBUZ
        from tests.store_samples import sample_article
        archive = Archive(sys.argv[1], ARBUZ, batch_size=10, flush_seconds=3600)
        for n in range(25):
            archive.save(sample_article(n))
        archive.set_state("checkpoint", "25")
        os._exit(0)
        """,
        str(db),
    )
    assert result.returncode == 0, result.stderr
    assert counts(db)["articles"] == 20
    with Archive(db, ARBUZ, readonly=True) as archive:
        assert archive.get_state("checkpoint") is None  # never ahead of the articles it covers
        assert archive.count() == 20


def test_a_checkpoint_is_written_with_the_articles_before_it(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ, batch_size=1000) as archive:
        archive.save(sample_article(1))
        archive.set_state("backfill", "page 1")
        assert archive.get_state("backfill") == "page 1"
        with Archive(db, ARBUZ, readonly=True) as reader:
            assert reader.get_state("backfill") is None
            assert reader.count() == 0
        archive.flush()
        with Archive(db, ARBUZ, readonly=True) as reader:
            assert (reader.get_state("backfill"), reader.count()) == ("page 1", 1)
        archive.delete_state("backfill")
        assert archive.get_state("backfill") is None
    with Archive(db, ARBUZ, readonly=True) as reader:
        assert reader.get_state("backfill") is None


READER = """
    import json, sqlite3, sys
    from itertools import islice
    from pathlib import Path
    from pipelines.store import Archive
    from newsbot.sites.arbuz import PROFILE as ARBUZ
    db, stop = Path(sys.argv[1]), Path(sys.argv[2])
    held = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    held.execute("BEGIN")
    snapshot = held.execute("SELECT count(*) FROM articles").fetchone()[0]
    print("ready", flush=True)
    reads = 0
    with Archive(db, ARBUZ, readonly=True, busy_timeout=0.5) as archive:
        while not stop.exists():
            assert held.execute("SELECT count(*) FROM articles").fetchone()[0] == snapshot
            archive.count()
            archive.search("губернатор", limit=5)
            list(islice(archive.iter_articles(), 20))
            archive.freshness_of(["https://arbuztoday.ru/novost-nomer-1/"])
            reads += 1
    held.execute("COMMIT")
    print(json.dumps({"snapshot": snapshot, "reads": reads}))
"""


def test_a_reader_holding_a_transaction_never_blocks_5000_inserts(tmp_path: Path) -> None:
    db, stop = tmp_path / "newsbot.db", tmp_path / "stop"
    with Archive(db, ARBUZ) as archive:
        archive.save(sample_article(0))
    reader = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(READER), str(db), str(stop)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None
        assert reader.stdout.readline().strip() == "ready"
        with Archive(db, ARBUZ, busy_timeout=0.5) as archive:
            for n in range(1, 5001):
                archive.save(sample_article(n))
        stop.touch()
        output, errors = reader.communicate(timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert reader.returncode == 0, errors
    assert "locked" not in errors
    assert json.loads(output)["snapshot"] == 1 and json.loads(output)["reads"] > 0
    assert counts(db)["articles"] == 5001


def schema_dump(db: Path) -> list[dict[str, object]]:
    return raw_rows(
        db,
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name",
    ) + raw_rows(db, "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id")


def test_migrations_applied_twice_change_nothing(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    Archive(db, ARBUZ).close()
    first = schema_dump(db)
    Archive(db, ARBUZ).close()
    with Database(db) as database:
        MIGRATIONS.apply(database)
    assert schema_dump(db) == first
    names = {row["name"] for row in first}
    assert {"articles", "article_versions", "article_urls", "article_duplicates"} <= names
    assert {"runs", "crawl_state", "articles_fts"} <= names
    assert raw_rows(db, "PRAGMA journal_mode") == [{"journal_mode": "wal"}]
