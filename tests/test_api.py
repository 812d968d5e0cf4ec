"""The Python API: `newsbot.open_archive` reads an archive read-only, iterates `Article`s with
filters, gives every version of one article, and hands Arrow and pandas tables with typed UTC
timestamps."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import newsbot
from newsbot import ArchiveError, Article, open_archive
from newsbot.exchange.records import RECORD_FIELDS
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.store_samples import raw_rows, sample_article

# sample_article(n) is published at 2019-11-07T17:00:22Z + n minutes; these move two to later days.
DAYS = {5: "2019-11-09T21:30:00+00:00", 6: "2019-11-10T12:00:00+00:00"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "arbuz.db"
    with Archive(path, ARBUZ) as archive:
        for n in range(1, 8):
            changes: dict[str, object] = {"published_at": DAYS[n]} if n in DAYS else {}
            if n % 2 == 0:
                changes.update(categories=["Спорт"], category_slugs=["sport"], tags=["Волга"],
                               tag_slugs=["volga"])  # fmt: skip
            archive.save(sample_article(n, **changes))
        archive.save(sample_article(3, title="Исправленный заголовок про паром"))
    return path


def test_articles_in_publication_order_with_filters(db: Path) -> None:
    with open_archive(db) as archive:
        assert len(archive) == 7
        every = list(archive.articles())
        assert all(isinstance(article, Article) for article in every)
        assert [a.published_at for a in every] == sorted(a.published_at for a in every)
        sport = list(archive.articles(category="sport"))
        assert [a.post_id for a in sport] == [10_002, 10_004, 10_006]
        assert [a.post_id for a in archive.articles(tag="Волга", limit=2)] == [10_002, 10_004]
        # 2019-11-09T21:30Z is already 10 November in Astrakhan (UTC+4): days are the outlet's.
        day = list(archive.articles(since=date(2019, 11, 10), until=date(2019, 11, 10)))
        assert [a.post_id for a in day] == [10_005, 10_006]
        instant = datetime(2019, 11, 10, tzinfo=UTC)
        assert [a.post_id for a in archive.articles(since=instant)] == [10_006]
        assert [a.post_id for a in archive.articles(text="паромом")] == [10_003]  # word forms
        assert [a.post_id for a in archive.articles(text="маркер4", category="Спорт")] == [10_004]


def test_a_stored_article_reads_like_an_article(db: Path) -> None:
    with open_archive(db) as archive:
        found = archive.find(post_id=10_003)
        assert isinstance(found, newsbot.StoredArticle)
        assert found.title == "Исправленный заголовок про паром" == found.article.title
        assert found.url == found.article.url and found.published_at == found.article.published_at
        assert found.version == 2 and found.article_id > 0
        first = next(archive.stored(category="sport"))
        assert first.post_id == 10_002 and first.categories == ["Спорт"]
        with pytest.raises(AttributeError):
            _ = found.no_such_field


def test_an_unknown_category_or_tag_is_refused_as_on_the_command_line(db: Path) -> None:
    with open_archive(db) as archive:
        with pytest.raises(ValueError, match=r"no category 'Погода' in the archive .*Спорт"):
            archive.articles(category="Погода")
        with pytest.raises(ValueError, match=r"no tag 'Кремль'"):
            archive.to_pandas(tag="Кремль")
        assert len(list(archive.articles(category="Спорт"))) == 3


def test_versions_of_one_article_oldest_first(db: Path) -> None:
    with open_archive(db) as archive:
        edited = next(archive.articles(text="Исправленный"))
        versions = archive.versions(edited)
        assert [v.version for v in versions] == [1, 2]
        assert [v.article.title for v in versions] == [
            sample_article(3).title, "Исправленный заголовок про паром",
        ]  # fmt: skip
        assert archive.versions(edited.url) == archive.versions(versions[-1].article_id)
        assert len(archive.versions(sample_article(1))) == 1
        with pytest.raises(KeyError):
            archive.versions("https://arbuztoday.ru/net-takoj/")


def test_pandas_and_arrow_have_the_export_columns_and_typed_timestamps(db: Path) -> None:
    with open_archive(db) as archive:
        frame = archive.to_pandas(category="Спорт")
        table = archive.to_arrow()
    assert list(frame.columns) == list(RECORD_FIELDS)
    assert len(frame) == 3
    for name in ("published_at", "modified_at", "fetched_at"):
        assert str(frame[name].dtype) == "datetime64[ns, UTC]"
        assert table.schema.field(name).type == pa.timestamp("s", tz="UTC")
    assert frame["published_at"].iloc[0] == pd.Timestamp("2019-11-07T17:02:22Z")
    assert frame["modified_at"].isna().all()
    assert frame["word_count"].dtype == "int64"
    assert list(frame["categories"].iloc[0]) == ["Спорт"]
    assert table.num_rows == 7 and table.column("version").to_pylist().count(2) == 1


def test_it_never_writes_and_names_what_it_cannot_open(db: Path, tmp_path: Path) -> None:
    before = raw_rows(db, "SELECT * FROM articles ORDER BY article_id")
    with open_archive(db, site="arbuz") as archive:
        assert archive.profile is ARBUZ
        list(archive.articles(text="ёлку"))
    assert raw_rows(db, "SELECT * FROM articles ORDER BY article_id") == before
    with pytest.raises(ArchiveError, match="no database at"):
        open_archive(tmp_path / "none.db")
    with open_archive(db) as archive, pytest.raises(ValueError, match="cannot search"):
        list(archive.articles(text="-всё"))
    with open_archive(db) as archive, pytest.raises(ValueError, match="no time zone"):
        list(archive.articles(since=datetime(2019, 11, 1)))


def test_the_public_names_are_newsbots() -> None:
    assert newsbot.open_archive is open_archive
    assert set(newsbot.__all__) == {"ArchiveError", "Article", "NewsArchive", "StoredArticle",
                                    "open_archive"}  # fmt: skip
    with pytest.raises(AttributeError):
        _ = newsbot.not_a_name  # type: ignore[attr-defined]
    assert replace(sample_article(1)).word_count == 10
