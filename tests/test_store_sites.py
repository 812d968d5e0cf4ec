"""Identity per site, a writer's identities in memory, purging, and the content hash's stability."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsbot.items import Article
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, content_hash
from tests.store_samples import raw_rows, sample_article

OTHER = replace(ARBUZ, key="other", host="other.example")
"""A second outlet sharing the archive file, whose posts have the same ids as ours."""


def of_other(n: int) -> Article:
    """Article `n` as the other outlet publishes it (same post id and text, its own host:
    URLs name their host, so they are one archive-wide identity)."""
    return replace(sample_article(n), url=f"https://other.example/novost-nomer-{n}/")


ALL_URLS = [
    "https://arbuztoday.ru/novost-nomer-1/",
    "https://arbuztoday.ru/?p=10001",
    "https://other.example/novost-nomer-1/",
]


def test_the_same_post_id_on_two_sites_is_two_articles(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ) as arbuz:
        assert arbuz.save(sample_article(1)) == "new"
    with Archive(db, OTHER) as other:
        assert other.find(post_id=10_001) is None
        assert other.save(of_other(1)) == "new"  # not a duplicate of the first site's
        assert other.save(of_other(1)) == "unchanged"
        assert other.count() == 1 and other.duplicates() == []
        assert [hit.stored.article_id for hit in other.search("маркер1")] == [2]
    rows = raw_rows(db, "SELECT article_id, site, post_id FROM articles ORDER BY article_id")
    assert rows == [
        {"article_id": 1, "site": "arbuz", "post_id": 10_001},
        {"article_id": 2, "site": "other", "post_id": 10_001},
    ]
    with Archive(db, ARBUZ, readonly=True) as arbuz:
        found = arbuz.find(post_id=10_001)
        assert found is not None and found.article_id == 1
        assert [stored.article_id for stored in arbuz.iter_articles()] == [1]
        assert arbuz.count() == 1 and len(arbuz.freshness_of(ALL_URLS)) == 2


def test_a_save_finds_identities_through_the_indexes(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ, batch_size=1000) as archive:
        for n in range(100):
            archive.save(sample_article(n))
    with Archive(db, ARBUZ, batch_size=1000) as archive:
        statements: list[str] = []
        connection = archive.file.database().conn
        connection.set_trace_callback(statements.append)
        outcomes = [archive.save(sample_article(n)) for n in range(100, 200)]
        connection.set_trace_callback(None)
        own = ("SELECT", "articles_fts_")  # FTS5 reads its own tables too
        look_ups = {sql for sql in statements if sql.startswith(own[0]) and own[1] not in sql}
        plans = {
            sql: connection.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall() for sql in look_ups
        }
    assert outcomes == ["new"] * 100
    assert look_ups
    scans = {sql: plan for sql, plan in plans.items() if any("SCAN" in row[3] for row in plan)}
    assert scans == {}


def test_a_writer_sees_what_another_connection_wrote_meanwhile(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ) as first:
        first.save(sample_article(1))
        first.flush()
        with Archive(db, ARBUZ) as second:
            assert second.save(sample_article(1)) == "unchanged"
            assert second.save(sample_article(2)) == "new"
        assert first.save(sample_article(2)) == "unchanged"
        copy = replace(sample_article(2), post_id=99, url="https://arbuztoday.ru/kopiya/")
        assert first.save(copy) == "duplicate"
    assert raw_rows(db, "SELECT count(*) AS n FROM articles") == [{"n": 2}]


def test_a_purged_article_leaves_nothing_behind_and_can_come_back(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ) as archive:
        archive.save(sample_article(1))
        archive.save(sample_article(1, title="Правка"))
        archive.save(replace(sample_article(1, title="Правка"), post_id=5, url="https://a.ru/k/"))
        archive.save(sample_article(2))
        stored = archive.find(post_id=10_001)
        assert stored is not None
        archive.purge(stored.article_id)
        assert archive.find(post_id=10_001) is None
        assert archive.search("правка") == [] and archive.duplicates() == []
        with pytest.raises(ValueError, match="no archived article"):
            archive.purge(stored.article_id)
        for table in ("articles", "article_versions", "article_urls", "article_duplicates"):
            found = raw_rows(db, f"SELECT count(*) AS n FROM {table} WHERE article_id = 1")
            assert found == [{"n": 0}], table
        assert archive.save(sample_article(1)) == "new"
        assert [hit.stored.article.post_id for hit in archive.search("маркер1")] == [10_001]


def test_the_content_hash_of_an_article_never_changes_across_releases() -> None:
    # Archived rows keep the hash they were stored with: a new encoding would make every
    # stored article look edited on its next crawl.
    assert content_hash(sample_article(1)) == (
        "1233f19dc87128cb678bd1ae78793f64ff2cd5926a8cb6eb2ed8125031227ae2"
    )
