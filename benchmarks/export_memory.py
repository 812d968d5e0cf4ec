"""Peak memory of `newsbot export` as the archive grows: prints JSON, asserts nothing.

Fills archives of seed-sized articles through `Archive.save` (one publication a minute), then
runs each export twice (the second finds everything up to date) as a subprocess and reads its
peak resident set size from getrusage. The baseline is `newsbot --help`: the interpreter and the
command's imports.

.venv/bin/python benchmarks/export_memory.py [--sizes 5000,50000] [--formats seed,jsonl,parquet]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harness import run_measured
from store_insert import seed_like_articles

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive

FIRST_PUBLICATION = datetime(2016, 1, 1, tzinfo=UTC)


def fill(db: Path, count: int) -> None:
    with Archive(db, ARBUZ, batch_size=1000) as archive:
        for n, article in enumerate(seed_like_articles(count)):
            published = FIRST_PUBLICATION + timedelta(minutes=n)
            archive.save(replace(article, published_at=published))


def peak_rss_mib(command: list[str]) -> float:
    """Peak resident memory of `command`, in MiB."""
    result = run_measured(command)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.strip()[-500:]}")
    return round(result.peak_rss / 2**20, 1)


def output_bytes(path: Path) -> int:
    if path.is_dir():
        return sum(child.stat().st_size for child in path.iterdir())
    return path.stat().st_size


def measure(db: Path, format_: str, out: Path) -> dict[str, float]:
    newsbot = [sys.executable, "-m", "newsbot"]
    command = [*newsbot, "export", "--db", str(db), "--format", format_, "--out", str(out)]
    started = time.perf_counter()
    rss = peak_rss_mib(command)
    return {
        "peak_rss_mib": rss,
        "seconds": round(time.perf_counter() - started, 1),
        "output_mib": round(output_bytes(out) / 2**20, 1),
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--sizes", default="5000,50000")
    options.add_argument("--formats", default="seed,jsonl,csv,parquet")
    arguments = options.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    formats = arguments.formats.split(",")
    results: dict[str, object] = {
        "baseline_peak_rss_mib": peak_rss_mib([sys.executable, "-m", "newsbot", "--help"]),
    }
    with tempfile.TemporaryDirectory() as directory:
        for size in sizes:
            db = Path(directory) / f"archive-{size}.db"
            started = time.perf_counter()
            fill(db, size)
            by_format: dict[str, object] = {"fill_seconds": round(time.perf_counter() - started)}
            for format_ in formats:
                out = Path(directory) / f"export-{size}.{format_}"
                by_format[format_] = measure(db, format_, out)
                by_format[f"{format_}_rerun_unchanged"] = measure(db, format_, out)
            results[f"{size}_articles"] = by_format
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
