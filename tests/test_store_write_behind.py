"""Writing behind: a due batch is written in the background while the next one is decided."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, ArchiveError
from tests.store_samples import raw_rows, sample_article, tamper
from tests.test_store_durability import counts, run_python


def test_saves_see_the_batch_being_written(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    first, second = sample_article(1), sample_article(2)
    with Archive(db, ARBUZ, batch_size=2, write_behind=True) as archive:
        assert [archive.save(first), archive.save(second)] == ["new", "new"]  # now written
        assert archive.save(first) == "unchanged"
        copy = replace(second, post_id=99, url="https://arbuztoday.ru/kopiya/")
        assert archive.save(copy) == "duplicate"  # both due: the next batch is written
        assert archive.save(replace(first, title="Правка")) == "updated"
        assert archive.count() == 2
        assert archive.get_state("checkpoint") is None
        archive.set_state("checkpoint", "page 3")
        assert archive.get_state("checkpoint") == "page 3"
    assert raw_rows(
        db, "SELECT article_id, post_id, version FROM articles ORDER BY article_id"
    ) == [
        {"article_id": 1, "post_id": 10_001, "version": 2},
        {"article_id": 2, "post_id": 10_002, "version": 1},
    ]
    assert raw_rows(db, "SELECT post_id, article_id FROM article_duplicates") == [
        {"post_id": 99, "article_id": 2}
    ]
    with Archive(db, ARBUZ, readonly=True) as archive:
        assert archive.get_state("checkpoint") == "page 3"
        assert [hit.stored.article_id for hit in archive.search("правка")] == [1]


def test_a_failed_background_batch_is_reported_and_written_again(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    archive = Archive(db, ARBUZ, batch_size=5, write_behind=True)
    tamper(
        db,
        "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN new.post_id = 10003 "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
    )
    taken = 0
    with pytest.raises(ArchiveError, match="refused by the test"):
        for n in range(1, 11):  # the failure comes out by the save that makes the next batch due
            archive.save(sample_article(n))
            taken = n
    assert taken >= 5  # a later save than the one that sent the batch off
    assert counts(db)["articles"] == 0
    assert archive.count() in (taken, taken + 1)  # still pending (with the save it came out of?)
    tamper(db, "DROP TRIGGER refuse")
    for n in range(1, 11):
        archive.save(sample_article(n))
    archive.close()
    assert counts(db)["articles"] == 10


def test_a_crash_loses_at_most_the_batch_being_written_and_the_next(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    result = run_python(
        """
        import os, sys
        from pipelines.store import Archive
        from newsbot.sites.arbuz import PROFILE as ARBUZ
        from tests.store_samples import sample_article
        archive = Archive(sys.argv[1], ARBUZ, batch_size=10, flush_seconds=3600, write_behind=True)
        for n in range(25):
            archive.save(sample_article(n))
        archive.set_state("checkpoint", "25")
        os._exit(0)
        """,
        str(db),
    )
    assert result.returncode == 0, result.stderr
    assert counts(db)["articles"] in (10, 20)
    with Archive(db, ARBUZ, readonly=True) as archive:
        assert archive.get_state("checkpoint") is None  # never ahead of the articles it covers
