"""Identity and deduplication (DESIGN §5): one row per article, versions, duplicates."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsbot.normalize import canonical_url, shortlink_post_id
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, content_hash
from tests.store_samples import at, raw_rows, sample_article

VARIANTS = (
    "https://arbuztoday.ru/novost-nomer-1/?utm_source=telegram&utm_medium=social",
    "https://arbuztoday.ru/novost-nomer-1/amp/",
    "http://arbuztoday.ru/novost-nomer-1/",
    "https://arbuztoday.ru/novost-nomer-1",
    "https://www.arbuztoday.ru/novost-nomer-1/",
    "https://arbuztoday.ru/?p=10001",
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "archive" / "newsbot.db"


@pytest.mark.parametrize("batch_size", [1, 200])
def test_six_url_variants_are_one_row(db: Path, batch_size: int) -> None:
    article = sample_article(1)
    with Archive(db, ARBUZ, batch_size=batch_size) as archive:
        outcomes = [archive.save(replace(article, url=url)) for url in VARIANTS]
        assert outcomes == ["new"] + ["unchanged"] * 5
        assert archive.count() == 1
    rows = raw_rows(db, "SELECT article_id, url, version FROM articles")
    assert rows == [{"article_id": 1, "url": "https://arbuztoday.ru/novost-nomer-1/", "version": 1}]
    with Archive(db, ARBUZ, readonly=True) as archive:
        for url in VARIANTS:
            found = archive.find(url=url)
            assert found is not None and found.article_id == 1, url
        index = archive.freshness_of(
            ["https://arbuztoday.ru/novost-nomer-1/", "https://arbuztoday.ru/?p=10001"]
        )
        assert index["https://arbuztoday.ru/novost-nomer-1/"] == article.published_at
        assert index["https://arbuztoday.ru/?p=10001"] == article.published_at


def test_a_shortlink_alone_finds_the_article_through_its_post_id(db: Path) -> None:
    with Archive(db, ARBUZ) as archive:
        archive.save(replace(sample_article(1), post_id=None))
        assert archive.save(replace(sample_article(1), url="https://arbuztoday.ru/?p=10001")) == (
            "unchanged"
        )
        assert archive.find(url="https://arbuztoday.ru/?p=10001") is not None
        assert archive.find(post_id=10001) is not None
    assert raw_rows(db, "SELECT post_id FROM articles") == [{"post_id": 10001}]


def test_an_edit_is_version_two_and_version_one_is_kept(db: Path) -> None:
    original = sample_article(1)
    edited = replace(original, paragraphs=[*original.paragraphs, "Дополнение."], author="Иванов")
    with Archive(db, ARBUZ) as archive:
        archive.save(original)
        assert archive.save(edited) == "updated"
        stored = archive.find(post_id=original.post_id)
        assert stored is not None
        assert (stored.version, stored.article.paragraphs) == (2, edited.paragraphs)
        [previous] = archive.versions(stored.article_id)
        assert previous.version == 1
        assert previous.article == original
        assert previous.content_hash == content_hash(original)
        assert archive.counts == {"new": 1, "updated": 1, "unchanged": 0, "duplicate": 0}


def test_several_edits_in_one_batch_keep_every_version(db: Path) -> None:
    article = sample_article(1)
    with Archive(db, ARBUZ) as archive:
        for n in range(4):
            archive.save(replace(article, title=f"{article.title} (правка {n})"))
    with Archive(db, ARBUZ, readonly=True) as archive:
        stored = archive.find(post_id=article.post_id)
        assert stored is not None and stored.version == 4
        titles = [version.article.title for version in archive.versions(stored.article_id)]
        assert titles == [f"{article.title} (правка {n})" for n in range(3)]


def test_a_changed_canonical_url_is_a_new_version_and_the_old_url_still_finds_it(
    db: Path,
) -> None:
    article = sample_article(1)
    moved = replace(article, url="https://arbuztoday.ru/novyj-slug/")
    with Archive(db, ARBUZ) as archive:
        archive.save(article)
        assert archive.save(moved) == "updated"
        found = archive.find(url=article.url)
        assert found is not None and found.article.url == moved.url and found.version == 2


def test_identical_content_writes_nothing_but_last_seen_at(db: Path) -> None:
    article = sample_article(1, fetched_at=at("2024-01-01T00:00:00+00:00"))
    with Archive(db, ARBUZ) as archive:
        archive.save(article)
    before = raw_rows(db, "SELECT * FROM articles")
    again = replace(article, source="html", fetched_at=at("2024-02-02T00:00:00+00:00"))
    with Archive(db, ARBUZ) as archive:
        assert archive.save(again) == "unchanged"
    after = raw_rows(db, "SELECT * FROM articles")
    for row in (*before, *after):
        del row["last_seen_at"]
    assert after == before
    assert after[0]["source"] == "rest" and after[0]["fetched_at"] == "2024-01-01T00:00:00+00:00"
    assert raw_rows(db, "SELECT count(*) AS n FROM article_versions") == [{"n": 0}]


def test_a_newer_modified_at_alone_moves_the_watermark_without_a_version(db: Path) -> None:
    article = sample_article(1, modified_at=at("2020-01-01T00:00:00+00:00"))
    with Archive(db, ARBUZ) as archive:
        archive.save(article)
        touched = replace(article, modified_at=at("2021-01-01T00:00:00+00:00"))
        assert archive.save(touched) == "unchanged"
        stored = archive.find(post_id=article.post_id)
        assert stored is not None and stored.version == 1
        assert stored.article.modified_at == at("2021-01-01T00:00:00+00:00")


def test_the_same_content_under_another_post_id_is_a_duplicate(db: Path) -> None:
    first = sample_article(1)
    copy = replace(first, post_id=99, url="https://arbuztoday.ru/kopiya/")
    with Archive(db, ARBUZ) as archive:
        archive.save(first)
        assert archive.save(copy) == "duplicate"
        assert archive.save(copy) == "duplicate"
        assert archive.count() == 1
        [duplicate] = archive.duplicates()
        assert (duplicate.post_id, duplicate.url) == (99, copy.url)
        assert (duplicate.article_id, duplicate.times_seen) == (1, 2)
        assert archive.find(post_id=99) is None
        # Once its content differs, the copy is an article of its own.
        assert archive.save(replace(copy, title="Своя новость")) == "new"
        assert archive.count() == 2
        assert archive.counts == {"new": 2, "updated": 0, "unchanged": 0, "duplicate": 2}


def test_a_duplicate_of_an_article_in_the_same_batch(db: Path) -> None:
    first = sample_article(1)
    with Archive(db, ARBUZ, batch_size=100) as archive:
        archive.save(first)
        assert archive.save(replace(first, post_id=5, url="https://arbuztoday.ru/x/")) == (
            "duplicate"
        )
    assert raw_rows(db, "SELECT post_id, article_id FROM article_duplicates") == [
        {"post_id": 5, "article_id": 1}
    ]


def test_an_imported_article_later_crawled_with_its_post_id_is_one_row(db: Path) -> None:
    imported = sample_article(1, post_id=None, source="import")
    crawled = replace(
        imported,
        post_id=10001,
        source="rest",
        modified_at=at("2019-11-08T10:00:00+00:00"),
        fetched_at=at("2024-05-05T05:05:05+00:00"),
        fetched_url="http://127.0.0.1:8000/novost-nomer-1/",
    )
    with Archive(db, ARBUZ) as archive:
        assert archive.save(imported) == "new"
    with Archive(db, ARBUZ) as archive:
        assert archive.save(crawled) == "unchanged"
        assert archive.count() == 1
        stored = archive.find(post_id=10001)
        assert stored is not None
        assert stored.article.post_id == 10001
        assert stored.article.modified_at == crawled.modified_at
        assert stored.article.source == "import"
        assert archive.find(url="http://127.0.0.1:8000/novost-nomer-1/") == stored


def test_a_url_taken_over_by_another_post_is_a_different_article(db: Path) -> None:
    first = sample_article(1)
    other = sample_article(2, url=first.url)
    with Archive(db, ARBUZ) as archive:
        archive.save(first)
        assert archive.save(other) == "new"
        assert archive.count() == 2
        found = archive.find(url=first.url)
        assert found is not None and found.article.post_id == other.post_id


def test_add_url_records_a_redirect_source(db: Path) -> None:
    with Archive(db, ARBUZ) as archive:
        archive.save(sample_article(1))
        archive.add_url("https://arbuztoday.ru/staryj-slug/", post_id=10001)
        found = archive.find(url="https://arbuztoday.ru/staryj-slug/")
        assert found is not None and found.article.post_id == 10001
        with pytest.raises(ValueError, match="no archived article"):
            archive.add_url("https://arbuztoday.ru/x/", post_id=1)
    with Archive(db, ARBUZ, readonly=True) as archive:
        old = "https://arbuztoday.ru/staryj-slug/"
        assert old in archive.freshness_of([old])


def test_find_of_a_pending_new_article_gives_its_real_key(db: Path) -> None:
    with Archive(db, ARBUZ, batch_size=100) as archive:
        archive.save(sample_article(1))
        archive.save(sample_article(2))
        found = archive.find(url=sample_article(2).url)
        assert found is not None and found.article_id == 2
        archive.add_url("https://arbuztoday.ru/drugoj/", article_id=found.article_id)
    assert raw_rows(db, "SELECT article_id FROM article_urls WHERE url LIKE '%drugoj%'") == [
        {"article_id": 2}
    ]


def test_an_imported_article_crawled_under_a_new_slug_is_the_same_row(db: Path) -> None:
    imported = sample_article(1, post_id=None, source="import", url="https://arbuztoday.ru/old/")
    with Archive(db, ARBUZ) as archive:
        archive.save(imported)
        assert archive.save(sample_article(1)) == "updated"
        assert archive.count() == 1
        assert archive.duplicates() == []
        found = archive.find(url="https://arbuztoday.ru/old/")
        assert found is not None and found.article.post_id == 10001 and found.version == 2


@pytest.mark.parametrize("post_id", [1, 48207, 10**9])
def test_shortlinks_are_canonical_and_name_their_post(post_id: int) -> None:
    url = canonical_url(f"http://www.arbuztoday.ru/?p={post_id}&utm_source=x", ARBUZ)
    assert shortlink_post_id(url, ARBUZ) == post_id
    assert shortlink_post_id(f"https://arbuztoday.ru/slug/?p={post_id}", ARBUZ) is None
    assert shortlink_post_id(f"https://example.com/?p={post_id}", ARBUZ) is None


def test_a_shortlink_past_sqlites_integers_names_no_post(db: Path) -> None:
    url = "https://arbuztoday.ru/?p=" + "9" * 30
    assert shortlink_post_id(url, ARBUZ) is None
    assert shortlink_post_id("https://arbuztoday.ru/?p=0", ARBUZ) is None
    with Archive(db, ARBUZ) as archive:
        assert archive.find(url=url) is None
        assert archive.save(replace(sample_article(2), post_id=None, url=url)) == "new"
        assert archive.find(url=url) is not None
