"""Tombstones in the archive: suspects, confirmed deletions that keep the content, revivals that
keep the gap, readers that show or leave out deleted articles."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsbot.normalize import utc_now
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from pipelines.store.deletions import Suspect
from tests.store_samples import raw_rows, sample_article

MISSED = "2026-11-01T03:00:00+00:00"


def fetched(n: int, **changes: object) -> object:
    return replace(sample_article(n, **changes), fetched_at=utc_now())


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive(tmp_path / "a.db", ARBUZ)
    for n in range(5):
        archive.save(fetched(n))
    archive.flush()
    return archive


def key_of(archive: Archive, n: int) -> int:
    found = archive.find(post_id=10_000 + n)
    assert found is not None
    return found.article_id


def suspect(archive: Archive, key: int) -> Suspect:
    return Suspect(key, "rest", MISSED, MISSED, 0, None)


def test_a_suspect_is_only_recorded_and_a_confirmed_one_keeps_its_content(
    archive: Archive,
) -> None:
    key = key_of(archive, 2)
    before = archive.find(post_id=10_002)
    archive.tombstones.suspect([suspect(archive, key)], [])
    assert archive.find(post_id=10_002) == before  # not marked on absence alone
    assert set(archive.tombstones.suspects()) == {key}
    archive.tombstones.mark(key, "deleted", "HTTP 404 at /wp-json/wp/v2/posts/10002", MISSED)
    stored = archive.find(post_id=10_002)
    assert stored is not None and before is not None
    assert (stored.deleted_at, stored.deletion_reason, stored.status) == (
        MISSED,
        "deleted",
        "deleted",
    )
    assert stored.article == before.article and stored.version == before.version
    assert archive.tombstones.suspects() == {}
    (row,) = archive.tombstones.history()
    assert (row.article_id, row.reason, row.first_missed_at, row.revived_at) == (
        key,
        "deleted",
        MISSED,
        None,
    )
    counts = archive.tombstones.counts()
    assert (counts.deleted, counts.unpublished, counts.reasons, counts.recorded) == (
        1,
        0,
        {"deleted": 1},
        1,
    )


def test_readers_show_deleted_articles_unless_asked_for_live_ones(archive: Archive) -> None:
    archive.tombstones.mark(key_of(archive, 1), "unpublished", "HTTP 401", MISSED)
    assert len(list(archive.iter_articles())) == 5
    live = list(archive.iter_articles(live_only=True))
    assert [s.article.post_id for s in live] == [10_000, 10_002, 10_003, 10_004]
    assert archive.count_matching(live_only=True) == 4
    hits = archive.search("Астрахань")
    assert sorted(hit.stored.status for hit in hits) == ["live"] * 4 + ["unpublished"]
    assert [h.stored.article.post_id for h in archive.search("маркер1", live_only=True)] == []


def test_a_fetched_article_revives_with_the_gap_kept_and_an_edit_versioned(
    archive: Archive,
) -> None:
    key = key_of(archive, 3)
    archive.tombstones.mark(key, "deleted", "HTTP 404", MISSED)
    outcome = archive.save(fetched(3, title="Новость номер 3, исправленная"))
    archive.flush()
    assert outcome == "updated"
    stored = archive.find(post_id=10_003)
    assert stored is not None and stored.deleted_at is None and stored.version == 2
    (row,) = archive.tombstones.history()
    assert row.revived_at is not None and row.revived_at >= row.detected_at
    assert archive.tombstones.counts().revived == 1


def test_an_import_is_no_evidence_the_site_serves_it(archive: Archive) -> None:
    key = key_of(archive, 4)
    archive.tombstones.mark(key, "page_gone", "HTTP 404", MISSED)
    assert archive.save(sample_article(4)) == "unchanged"  # fetched_at None: from a file
    archive.flush()
    stored = archive.find(post_id=10_004)
    assert stored is not None and stored.deleted_at == MISSED


def test_revival_by_a_listing_and_a_second_disappearance_make_two_rows(archive: Archive) -> None:
    key = key_of(archive, 0)
    archive.tombstones.mark(key, "deleted", "HTTP 404", MISSED)
    archive.tombstones.revive([key])
    later = "2026-11-03T03:00:00+00:00"
    archive.tombstones.mark(key, "unpublished", "HTTP 401", later)
    rows = archive.tombstones.history()
    assert [(r.reason, r.revived_at is None) for r in rows] == [
        ("unpublished", True),
        ("deleted", False),
    ]
    stored = archive.find(post_id=10_000)
    assert stored is not None and stored.status == "unpublished"


def test_purging_a_deleted_article_leaves_no_history(archive: Archive, tmp_path: Path) -> None:
    key = key_of(archive, 1)
    archive.tombstones.suspect([suspect(archive, key)], [])
    archive.tombstones.mark(key, "deleted", "HTTP 404", MISSED)
    archive.purge(key)
    archive.close()
    for table in ("deletions", "deletion_suspects"):
        assert raw_rows(tmp_path / "a.db", f"SELECT * FROM {table}") == []


def test_a_listing_that_lists_a_suspect_again_forgets_it(archive: Archive) -> None:
    first, second = key_of(archive, 1), key_of(archive, 2)
    archive.tombstones.suspect([suspect(archive, first), suspect(archive, second)], [])
    archive.tombstones.suspect([], [first])
    assert set(archive.tombstones.suspects()) == {second}
