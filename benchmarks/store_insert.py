"""Archive insert throughput: seed-sized articles saved in batches; prints JSON, asserts nothing.

.venv/bin/python benchmarks/store_insert.py [--count 10000] [--batch-size 200]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from newsbot.document import parse, render
from newsbot.items import Article
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive

SEED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seed.txt"


def seed_like_articles(count: int) -> list[Article]:
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
        for n in range(count)
    ]


def seconds_to_save(db: Path, articles: Iterable[Article], batch_size: int) -> float:
    """Wall time to save `articles` and close (so the last batch is written too)."""
    started = time.perf_counter()
    with Archive(db, ARBUZ, batch_size=batch_size) as archive:
        for article in articles:
            archive.save(article)
    return time.perf_counter() - started


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--count", type=int, default=10_000)
    options.add_argument("--batch-size", type=int, default=200)
    arguments = options.parse_args()
    articles = seed_like_articles(arguments.count)
    with tempfile.TemporaryDirectory() as directory:
        db = Path(directory) / "newsbot.db"
        inserting = seconds_to_save(db, articles, arguments.batch_size)
        resaving = seconds_to_save(db, articles, arguments.batch_size)
        size = db.stat().st_size
    result = {
        "articles": arguments.count,
        "batch_size": arguments.batch_size,
        "document_bytes_mean": round(
            sum(len(render(article, ARBUZ).encode("utf-8")) for article in articles) / len(articles)
        ),
        "insert_seconds": round(inserting, 3),
        "insert_articles_per_second": round(arguments.count / inserting),
        "unchanged_resave_articles_per_second": round(arguments.count / resaving),
        "database_bytes": size,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
