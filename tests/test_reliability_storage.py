"""A database that cannot take the crawl's writes: a clear error at the first write, nothing lost.

A full disk is simulated by a trigger that fails every insert of an article with SQLite's own
message; a read-only database is covered by `test_crawl_failures`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, newsbot, stored_documents
from tests.replica import running_replica
from tests.store_samples import sample_article, tamper

pytestmark = pytest.mark.reliability

DISK_FULL = (
    "CREATE TRIGGER disk_full BEFORE INSERT ON articles "
    "BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
)


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_full_disk_stops_the_crawl_at_the_first_write_and_loses_nothing(
    tmp_path: Path, source: str
) -> None:
    db = tmp_path / "a.db"
    with Archive(db, ARBUZ) as archive:
        for n in range(5):
            archive.save(sample_article(n))
    before = stored_documents(db)
    tamper(db, DISK_FULL)
    with running_replica("--articles", "60") as replica:
        arguments = (
            "backfill", "--since", "2019-11-01", "--source", source, "--db", str(db),
            "--base-url", replica.url, *FULL_SPEED,
        )  # fmt: skip
        result = newsbot(*arguments)
        assert result.returncode == Exit.DATABASE, result.stderr[-3000:]
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "disk is full" in errors[0], result.stderr[-3000:]
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert stored_documents(db) == before
        tamper(db, "DROP TRIGGER disk_full")
        rerun = newsbot(*arguments)
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        expected = {entry["url"]: entry["document"] for entry in replica.articles()}
    assert stored_documents(db) == before | expected
