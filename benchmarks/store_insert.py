"""Archive insert throughput against raw SQLite, and what opening an archive for writing holds.

    .venv/bin/python benchmarks/store_insert.py [--count 10000] [--batch-size 200 2000]
        [--repeat 3] [--identities 50000 200000]

For each batch size: new articles/s saved through `Archive` (canonical URLs, content hashes,
duplicate checks, versions, full-text index), unchanged re-saves/s, and the anchor: the very rows
the archive wrote, inserted with plain sqlite3 `executemany` into the same schema and index in
transactions of the same size. Each figure is given as min and median over the repeats, runs of
the two alternating. Then the memory opening an archive for writing holds at archive sizes
(identities are looked up through SQLite's indexes: it should not grow with the archive).
Prints JSON; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsbot.document import parse, render
from newsbot.items import Article
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive

SEED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seed.txt"


def seed_like_articles(count: int, start: int = 0) -> list[Article]:
    """`count` distinct articles the size and shape of the reference document."""
    seed = parse(SEED.read_text(encoding="utf-8"), ARBUZ)
    return [
        replace(
            seed,
            title=f"{seed.title} ({n})",
            url=f"https://arbuztoday.ru/novost-{n}/",
            post_id=n + 1,
            paragraphs=[f"{paragraph} ({n})" for paragraph in seed.paragraphs],
            source="rest",
        )
        for n in range(start, start + count)
    ]


class Timer:
    """Wall and CPU seconds of this process over a block."""

    def __enter__(self) -> Timer:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def time_saves(db: Path, articles: Iterable[Article], batch_size: int) -> Timer:
    """Time to save `articles` and close (so the last batch is written too)."""
    with Timer() as timer, Archive(db, ARBUZ, batch_size=batch_size) as archive:
        for article in articles:
            archive.save(article)
    return timer


def written_rows(db: Path) -> tuple[list[str], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The columns and rows of `articles` and the rows of `article_urls` in `db`."""
    connection = sqlite3.connect(db)
    try:
        cursor = connection.execute("SELECT * FROM articles ORDER BY article_id")
        columns = [column[0] for column in cursor.description]
        articles = cursor.fetchall()
        urls = connection.execute("SELECT * FROM article_urls ORDER BY article_id").fetchall()
    finally:
        connection.close()
    return columns, articles, urls


def time_raw_inserts(
    db: Path,
    columns: Sequence[str],
    articles: Sequence[tuple[Any, ...]],
    urls: Sequence[tuple[Any, ...]],
    batch_size: int,
) -> Timer:
    """Time to insert rows and URLs with plain sqlite3, `batch_size` articles per
    `BEGIN IMMEDIATE` transaction, into a new archive's schema (WAL, foreign keys on, as the
    archive's own connection; its trigger fills the full-text index)."""
    Archive(db, ARBUZ).close()
    insert_article = (
        f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    )
    urls_of: dict[int, list[tuple[Any, ...]]] = {}
    for url in urls:
        urls_of.setdefault(url[1], []).append(url)
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with Timer() as timer:
            for first in range(0, len(articles), batch_size):
                chunk = articles[first : first + batch_size]
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(insert_article, chunk)
                connection.executemany(
                    "INSERT INTO article_urls (url, article_id, first_seen_at) VALUES (?, ?, ?)",
                    [url for row in chunk for url in urls_of.get(row[0], ())],
                )
                connection.execute("COMMIT")
        return timer
    finally:
        connection.close()


def spread(values: list[float]) -> dict[str, float]:
    return {"min": round(min(values)), "median": round(statistics.median(values))}


def rates(count: int, timers: list[Timer]) -> dict[str, dict[str, float]]:
    """Items per wall second and per CPU second of this process, min and median."""
    return {
        "per_second": spread([count / timer.wall for timer in timers]),
        "per_cpu_second": spread([count / timer.cpu for timer in timers]),
    }


def throughput(articles: list[Article], batch_size: int, repeat: int) -> dict[str, Any]:
    """Archive and raw figures for one batch size, alternating, `repeat` times each."""
    count = len(articles)
    new: list[Timer] = []
    resaved: list[Timer] = []
    raw: list[Timer] = []
    size = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as directory:
            saved, anchor = Path(directory) / "archive.db", Path(directory) / "raw.db"
            new.append(time_saves(saved, articles, batch_size))
            resaved.append(time_saves(saved, articles, batch_size))
            columns, rows, urls = written_rows(saved)
            raw.append(time_raw_inserts(anchor, columns, rows, urls, batch_size))
            size = saved.stat().st_size
    return {
        "batch_size": batch_size,
        "archive_new_articles": rates(count, new),
        "raw_sqlite_rows": rates(count, raw),
        "archive_to_raw_ratio_median": ratio(new, raw),
        "unchanged_resaves": rates(count, resaved),
        "database_bytes": size,
    }


def ratio(archive: list[Timer], raw: list[Timer]) -> float:
    """The median of the archive's rate over raw sqlite3's, run by run."""
    return round(statistics.median(r.wall / a.wall for a, r in zip(archive, raw, strict=True)), 2)


def small_archive(db: Path, count: int) -> None:
    """An archive of `count` short articles with realistic URLs, written with plain SQL."""
    Archive(db, ARBUZ).close()
    connection = sqlite3.connect(db, isolation_level=None)
    stamp = "2024-01-01T00:00:00+00:00"
    rows = [
        (n, "arbuz", 100_000 + n, f"https://arbuztoday.ru/v-astrahani-sobytie-nomer-{n}-goda/")
        for n in range(1, count + 1)
    ]
    try:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO articles (article_id, site, post_id, url, content_hash, version, "
            "published_at, first_seen_at, last_seen_at, changed_at, source, title, site_name, "
            "author, categories, category_slugs, photo_credit, tags, tag_slugs, paragraphs, body) "
            "VALUES (?1, ?2, ?3, ?4, lower(hex(randomblob(32))), 1, ?5, ?5, ?5, ?5, 'rest', "
            "'t', 'АРБУЗ', '', '[]', '[]', '', '[]', '[]', '[]', '')",
            [(*row, stamp) for row in rows],
        )
        connection.executemany(
            "INSERT INTO article_urls (url, article_id, first_seen_at) VALUES (?, ?, ?)",
            [(url, n, stamp) for n, _, _, url in rows],
        )
        connection.execute("COMMIT")
    finally:
        connection.close()


def identities_memory(count: int) -> dict[str, Any]:
    """What opening an archive of `count` articles for writing allocates, and how long it takes."""
    with tempfile.TemporaryDirectory() as directory:
        db = Path(directory) / "newsbot.db"
        small_archive(db, count)
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        archive = Archive(db, ARBUZ)
        seconds = time.perf_counter() - started
        held = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        archive.close()
    return {
        "articles": count,
        "identity_bytes": held,
        "bytes_per_article": round(held / count),
        "open_seconds": round(seconds, 2),
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--count", type=int, default=10_000)
    options.add_argument("--batch-size", type=int, nargs="+", default=[200, 2000])
    options.add_argument("--repeat", type=int, default=3)
    options.add_argument("--identities", type=int, nargs="*", default=[50_000, 200_000])
    arguments = options.parse_args()
    articles = seed_like_articles(arguments.count)
    result = {
        "articles": arguments.count,
        "repeat": arguments.repeat,
        "document_bytes_mean": round(
            sum(len(render(article, ARBUZ).encode("utf-8")) for article in articles) / len(articles)
        ),
        "by_batch_size": [
            throughput(articles, size, arguments.repeat) for size in arguments.batch_size
        ],
        "identities": [identities_memory(count) for count in arguments.identities],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
