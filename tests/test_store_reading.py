"""Reading the archive: verbatim round trips, publication order, filters, search, the run log."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, ArchiveError
from tests.store_samples import at, raw_rows, sample_article, tamper

HOSTILE = (
    "Robert'); DROP TABLE articles; --",
    '<script>alert("x")</script>',
    "\"двойные\" 'одинарные' «ёлочки» `обратные`",
    "back\\slash %s %(name)s ? :name $1 {} []",
    '["not", "a", "list"]',
    "emoji 🍉 and \u2028 line separator and \t tab",
    "NULL",
)


def test_hostile_strings_are_stored_and_read_back_verbatim(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    article = sample_article(
        1,
        title=HOSTILE[0],
        author=HOSTILE[1],
        paragraphs=list(HOSTILE),
        categories=list(HOSTILE[:3]),
        category_slugs=["x'); --"],
        tags=list(HOSTILE[3:]),
        photo_credit="Фото: <b>'\"",
        url="https://arbuztoday.ru/%27);drop-table/?q=%22x%22",
    )
    with Archive(db, ARBUZ) as archive:
        archive.save(article)
        archive.set_state(HOSTILE[0], HOSTILE[1])
        archive.save(replace(article, title=HOSTILE[1]))
    with Archive(db, ARBUZ, readonly=True) as archive:
        [stored] = list(archive.iter_articles())
        expected = replace(article, title=HOSTILE[1], url=stored.article.url)
        assert stored.article == expected
        assert archive.find(url=article.url) == stored
        [previous] = archive.versions(stored.article_id)
        assert previous.article.title == HOSTILE[0]
        assert archive.get_state(HOSTILE[0]) == HOSTILE[1]
        [hit] = archive.search('"DROP TABLE"')
        assert hit.stored == stored
        assert [s.article_id for s in archive.iter_articles(category=HOSTILE[2])] == [1]
        assert [s.article_id for s in archive.iter_articles(category="x'); --")] == [1]
    assert raw_rows(db, "SELECT count(*) AS n FROM articles") == [{"n": 1}]


def test_articles_stream_in_publication_order_with_filters(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ, batch_size=3) as archive:
        for n in (5, 1, 4, 2, 3):
            article = sample_article(n)
            if n % 2:
                article = replace(
                    article,
                    categories=["Общество"],
                    category_slugs=["obshhestvo"],
                    tags=[],
                    tag_slugs=[],
                )
            archive.save(article)
        order = [s.article.post_id for s in archive.iter_articles()]
        assert order == [10_001, 10_002, 10_003, 10_004, 10_005]

        def posts(**bounds: datetime) -> list[int | None]:
            return [s.article.post_id for s in archive.iter_articles(**bounds)]

        since, until = sample_article(2).published_at, sample_article(4).published_at
        assert posts(since=since, until=until) == [10_002, 10_003]
        assert posts(since=datetime.fromisoformat("2019-11-07T21:02:22+04:00")) == [
            10_002,
            10_003,
            10_004,
            10_005,
        ]
        assert (
            posts(category="Общество") == posts(category="obshhestvo") == [10_001, 10_003, 10_005]
        )
        assert posts(tag="astraxan") == posts(tag="Астрахань") == [10_002, 10_004]
        assert posts(category="Политика", tag="Астрахань") == [10_002, 10_004]
        assert posts(category="нет такой") == []


def peak_while_iterating(archive: Archive, until: str) -> int:
    tracemalloc.start()
    seen = sum(1 for _ in archive.iter_articles(until=until))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seen > 0
    return peak


def test_iterating_articles_streams_in_flat_memory(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ, batch_size=5000) as archive:
        for n in range(10_000):
            archive.save(sample_article(n, paragraphs=[f"абзац {n} " + "слово " * 100]))
    with Archive(db, ARBUZ, readonly=True) as archive:
        few = peak_while_iterating(archive, until=sample_article(1_000).published_at)
        all_of_them = peak_while_iterating(archive, until=sample_article(10_000).published_at)
    # Holding the rows would take ten times as much for ten times the rows (≈ 10 MB here).
    assert all_of_them < 2 * few + 200_000, (few, all_of_them)


def test_search_finds_title_and_body_words_and_follows_edits(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ) as archive:
        archive.save(sample_article(1))
        archive.save(sample_article(2, title="Про погоду", paragraphs=["Ожидается ливень."]))
        assert [h.stored.article_id for h in archive.search("цейхгауз")] == [1]
        assert [h.stored.article_id for h in archive.search("ливень")] == [2]
        [hit] = archive.search("ливень")
        assert hit.snippet == "Ожидается [ливень]." and hit.rank < 0
        archive.save(sample_article(2, title="Про погоду", paragraphs=["Ожидается снег."]))
        assert archive.search("ливень") == []
        assert [h.stored.article_id for h in archive.search("снег")] == [2]
        assert [h.stored.article_id for h in archive.search("title:погоду")] == [2]
        assert len(archive.search("абзац", limit=1)) == 1
        assert (
            archive.search("абзац", until=sample_article(2).published_at)[0].stored.article_id == 1
        )


def test_search_drops_nothing_across_batches_and_edits(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ, batch_size=7) as archive:
        for n in range(300):
            archive.save(sample_article(n))
        for n in range(0, 300, 3):
            archive.save(sample_article(n, title=f"Правка {n} особоеслово{n}"))
    with Archive(db, ARBUZ, readonly=True) as archive:
        for n in range(300):
            assert [h.stored.article.post_id for h in archive.search(f"маркер{n}")] == [10_000 + n]
        for n in range(0, 300, 3):
            assert [h.stored.article.post_id for h in archive.search(f"особоеслово{n}")] == [
                10_000 + n
            ]
        assert len(archive.search("абзац", limit=1000)) == 300
    tamper(db, "INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_pending_saves_are_visible_to_the_writers_look_ups(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ, batch_size=1000) as archive:
        archive.save(sample_article(1, modified_at=at("2020-05-05T00:00:00+00:00")))
        archive.save(sample_article(2))
        assert archive.count() == 2
        urls = ["https://arbuztoday.ru/novost-nomer-1/", "https://arbuztoday.ru/?p=10001"]
        urls += ["https://arbuztoday.ru/novost-nomer-2/", "https://arbuztoday.ru/?p=10002"]
        assert archive.freshness_of([*urls, "https://arbuztoday.ru/other/"]) == {
            "https://arbuztoday.ru/novost-nomer-1/": at("2020-05-05T00:00:00+00:00"),
            "https://arbuztoday.ru/?p=10001": at("2020-05-05T00:00:00+00:00"),
            "https://arbuztoday.ru/novost-nomer-2/": sample_article(2).published_at,
            "https://arbuztoday.ru/?p=10002": sample_article(2).published_at,
        }
        assert raw_rows(db, "SELECT count(*) AS n FROM articles") == [{"n": 0}]
        stored = archive.find(post_id=10002)
        assert stored is not None and stored.first_seen_at.endswith("+00:00")


def test_the_run_log(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ) as archive:
        first = archive.start_run("backfill", "rest")
        second = archive.start_run("incremental", "html")
        archive.finish_run(
            second,
            finish_reason="finished",
            requests=3,
            new=1,
            verdict="ok",
            reasons=[],
            coverage={"title": 1.0, "categories": 0.5},
            stats={"downloader/request_count": 3},
        )
        with pytest.raises(ValueError, match="no field colour"):
            archive.finish_run(second, colour="red")
        with pytest.raises(ValueError, match="no run 99"):
            archive.finish_run(99, verdict="ok")
    with Archive(db, ARBUZ, readonly=True) as archive:
        newest, oldest = archive.runs()
    assert (newest["run_id"], oldest["run_id"]) == (second, first)
    assert newest["coverage"] == {"title": 1.0, "categories": 0.5}
    assert newest["reasons"] == [] and newest["stats"] == {"downloader/request_count": 3}
    assert newest["finished_at"].endswith("+00:00") and oldest["finished_at"] is None
    assert (newest["mode"], newest["source"], newest["requests"]) == ("incremental", "html", 3)


def test_find_needs_a_key(tmp_path: Path) -> None:
    with Archive(tmp_path / "newsbot.db", ARBUZ) as archive, pytest.raises(ValueError):
        archive.find()
    with Archive(tmp_path / "newsbot.db", ARBUZ, readonly=True) as archive:
        assert archive.find(post_id=1) is None
        with pytest.raises(ArchiveError):
            archive.set_state("a", "b")
