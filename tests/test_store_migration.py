"""Migrations on an archive written with the first schema: sites, bodies, the new index,
descriptions and word counts, the index's merging, crawl state per outlet."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlite_utils import Database

from newsbot.items import DESCRIPTION_FIELDS, Article
from newsbot.sites import load_profile
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, ArchiveError, content_hash
from pipelines.store.rows import ARTICLE_COLUMNS, stamp
from pipelines.store.schema import MIGRATIONS
from tests.store_samples import raw_rows, sample_article, tamper

SEEN = "2024-03-01T10:00:00+00:00"


def first_schema_row(article: Article, version: int = 1) -> dict[str, object]:
    """An `articles` row as the first schema's archive wrote it (JSON lists with spaces)."""
    first_columns = (name for name in ARTICLE_COLUMNS if name not in DESCRIPTION_FIELDS)
    row: dict[str, object] = {name: getattr(article, name) for name in first_columns}
    for name in ("categories", "category_slugs", "paragraphs", "tags", "tag_slugs"):
        row[name] = json.dumps(row[name], ensure_ascii=False)
    for name in ("published_at", "modified_at", "fetched_at"):
        row[name] = stamp(row[name])  # type: ignore[arg-type]
    row.update(
        content_hash=content_hash(article),
        version=version,
        first_seen_at=SEEN,
        last_seen_at=SEEN,
    )
    return row


def first_schema_archive(path: Path) -> None:
    """Five articles (the second edited once, the fifth also seen as a copy under another post
    id), URL variants, crawl state and a run, written with only the first migration applied."""
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="per_site_articles_with_body")
    with db.conn:
        for n in range(1, 6):
            article = sample_article(n)
            if n == 2:
                first = first_schema_row(replace(article, title="Старый заголовок"))
                del first["version"]
                db["article_versions"].insert(
                    {**first, "article_id": 2, "version": 1, "replaced_at": SEEN}
                )
            db["articles"].insert(
                {**first_schema_row(article, 2 if n == 2 else 1), "changed_at": SEEN}
            )
            db["article_urls"].insert({"url": article.url, "article_id": n, "first_seen_at": SEEN})
        db["article_urls"].insert(
            {"url": "https://arbuztoday.ru/staryj-slug/", "article_id": 1, "first_seen_at": SEEN}
        )
        db["article_duplicates"].insert(
            {
                "url": "https://arbuztoday.ru/kopiya/",
                "post_id": 77,
                "article_id": 5,
                "content_hash": content_hash(sample_article(5)),
                "first_seen_at": SEEN,
                "last_seen_at": SEEN,
                "times_seen": 1,
            }
        )
        db["crawl_state"].insert({"key": "feed:etag", "value": '"abc"', "updated_at": SEEN})
        db["runs"].insert({"mode": "incremental", "source": "rest", "started_at": SEEN})
    db.close()


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    db = tmp_path / "old.db"
    first_schema_archive(db)
    assert raw_rows(db, "SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH 'маркер3'")
    Archive(db, ARBUZ).close()
    return db


def test_a_first_schema_archive_must_be_upgraded_by_a_writer(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    first_schema_archive(db)
    with pytest.raises(ArchiveError, match="older schema"):
        Archive(db, ARBUZ, readonly=True)


def test_rows_get_the_default_site_and_their_body(migrated: Path) -> None:
    rows = raw_rows(migrated, "SELECT article_id, site, body, paragraphs FROM articles")
    assert len(rows) == 5
    for row in rows:
        assert row["site"] == ARBUZ.key
        assert row["body"] == "\n".join(json.loads(row["paragraphs"]))
    assert raw_rows(migrated, "PRAGMA foreign_key_check") == []


def test_older_rows_get_word_counts_and_unknown_descriptions(migrated: Path) -> None:
    rows = raw_rows(migrated, "SELECT * FROM articles ORDER BY article_id")
    for row in rows:
        assert row["word_count"] == len(row["body"].split()) > 0
        assert [row[name] for name in DESCRIPTION_FIELDS] == [None, None, None]
    [version] = raw_rows(migrated, "SELECT * FROM article_versions")
    assert [version[name] for name in DESCRIPTION_FIELDS] == [None, None, None]
    with Archive(migrated, ARBUZ) as archive:
        described = sample_article(1, excerpt="Кратко.", image_url="https://arbuztoday.ru/a.jpg")
        assert archive.save(described) == "unchanged"  # filled in place, no new version
    [row] = raw_rows(migrated, "SELECT excerpt, image_url, version FROM articles LIMIT 1")
    assert row == {"excerpt": "Кратко.", "image_url": "https://arbuztoday.ru/a.jpg", "version": 1}


def test_the_index_is_rebuilt_in_the_sqlite_utils_convention(migrated: Path) -> None:
    names = {row["name"] for row in raw_rows(migrated, "SELECT name FROM sqlite_master")}
    assert "article_text" not in names
    assert not {name for name in names if name.startswith("articles_fts_after")}
    assert {"articles_fts", "articles_ad", "articles_au"} <= names
    with Database(migrated) as db:
        assert db["articles"].detect_fts() == "articles_fts"
        found = [row["article_id"] for row in db["articles"].search("маркер3")]
    assert found == [3]
    tamper(migrated, "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    config = "SELECT v FROM articles_fts_config WHERE k = 'automerge'"
    assert raw_rows(migrated, config) == [{"v": 16}]
    with Archive(migrated, ARBUZ, readonly=True) as archive:
        assert len(archive.search("цейхгауз", limit=10)) == 5  # a title word of every article
        assert [hit.stored.article_id for hit in archive.search("маркер2")] == [2]


def test_what_was_archived_is_still_found_and_kept(migrated: Path) -> None:
    with Archive(migrated, ARBUZ) as archive:
        assert archive.count() == 5
        old = archive.find(url="https://arbuztoday.ru/staryj-slug/")
        assert old is not None and old.article_id == 1
        [previous] = archive.versions(2)
        assert previous.article.title == "Старый заголовок"
        [copy] = archive.duplicates()
        assert (copy.post_id, copy.article_id) == (77, 5)
        assert archive.get_state("feed:etag") == '"abc"'
        assert len(archive.runs()) == 1
        assert archive.save(sample_article(4)) == "unchanged"
        assert archive.save(sample_article(3, title="Новый заголовок")) == "updated"
        assert archive.save(sample_article(6)) == "new"
    keys = raw_rows(migrated, "SELECT article_id FROM articles ORDER BY article_id")
    assert [row["article_id"] for row in keys] == [1, 2, 3, 4, 5, 6]
    with Archive(migrated, ARBUZ, readonly=True) as archive:
        assert [hit.stored.article_id for hit in archive.search("новый")] == [3]


def test_post_ids_are_unique_within_a_site_only(migrated: Path) -> None:
    columns = (
        "site, post_id, url, content_hash, version, published_at, first_seen_at, last_seen_at, "
        "changed_at, source, title, site_name, author, categories, category_slugs, "
        "photo_credit, tags, tag_slugs, paragraphs, body"
    )
    values = (
        "'{site}', 10001, 'u', 'h', 1, 'p', 's', 's', 's', 'rest', 't', 'n', '', '[]', '[]', '', "
        "'[]', '[]', '[]', ''"
    )
    tamper(migrated, f"INSERT INTO articles ({columns}) VALUES ({values.format(site='other')})")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        tamper(migrated, f"INSERT INTO articles ({columns}) VALUES ({values.format(site='arbuz')})")


def test_damage_met_while_migrating_is_named_once(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    first_schema_archive(db)
    with sqlite3.connect(db) as connection:
        query = "SELECT rootpage FROM sqlite_master WHERE name = 'articles'"
        root = connection.execute(query).fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\xff" * page_size  # the articles table's root page
    db.write_bytes(bytes(data))
    with pytest.raises(ArchiveError) as raised:
        Archive(db, ARBUZ)
    assert str(raised.value).count("is damaged") == 1, raised.value
    assert str(raised.value).endswith("and restore it from a backup")


def test_state_failures_and_runs_kept_before_sites_are_the_default_outlets(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="crawl_state_per_site")
    db["crawl_state"].insert({"key": "sweep:last", "value": SEEN, "updated_at": SEEN})
    db["runs"].insert({"mode": "incremental", "source": "rest", "started_at": SEEN})
    url = "https://arbuztoday.ru/a/"
    failed = {"reason": "timeout", "attempts": 1, "next_try_at": SEEN}
    db["failed_articles"].insert(
        {"url": url, **failed, "first_failed_at": SEEN, "last_failed_at": SEEN}
    )
    db.close()
    with Archive(path, ARBUZ) as archive:
        assert archive.get_state("sweep:last") == SEEN
        assert list(archive.failed_articles()) == [url]
    with Archive(path, load_profile("tests.profiles.volna")) as other:
        assert other.get_state("sweep:last") is None
        assert other.failed_articles() == {}
        assert other.runs() == []
        other.start_run("incremental", "rest")
        other.set_state("sweep:last", "2025-01-01T00:00:00+00:00")
    with Archive(path, ARBUZ, readonly=True) as archive:
        assert archive.get_state("sweep:last") == SEEN
        assert [run["started_at"] for run in archive.runs()] == [SEEN]
