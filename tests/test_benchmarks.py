"""The benchmark smoke run works: `python benchmarks/run.py --quick` prints a complete report.

It checks that every figure is there with its command, and that the measured crawls did their
job; it never looks at how fast anything was.
"""

from __future__ import annotations

import json
import subprocess
import sys
from numbers import Real
from typing import Any

import pytest

from tests.crawling import ROOT

pytestmark = pytest.mark.bench

CRAWL_FIGURES = ("command", "requests", "seconds", "crawl_seconds", "peak_rss_mib")
ACCURACY_FIELDS = ("title", "published_at", "body_exact", "body_f1", "categories", "tags")
EXPECTED: dict[str, tuple[str, ...]] = {
    "run": ("command", "seconds"),
    "machine": ("cpu", "cores", "ram_gib", "python", "scrapy", "sqlite"),
    "throughput.rest": (*CRAWL_FIGURES, "articles_per_second"),
    "throughput.html": (*CRAWL_FIGURES, "articles_per_second"),
    "throughput.scrapy_bench": ("command", "pages", "seconds", "pages_per_second"),
    "throughput.replica_serving": ("command", "pages_per_second"),
    "incremental.rest.idle": ("command", "requests", "seconds"),
    "incremental.rest.changed": ("command", "requests", "seconds"),
    "incremental.html.idle": ("command", "requests", "seconds"),
    "incremental.html.changed": ("command", "requests", "seconds"),
    "extraction": ("command", "pages", "comparison"),
    "extraction.newsbot": ("median_ms", "accuracy"),
    "extraction.trafilatura": ("median_ms", "accuracy"),
    "storage": ("command", "by_batch_size", "identities"),
}


def at(report: dict[str, Any], dotted: str) -> Any:
    value: Any = report
    for key in dotted.split("."):
        value = value[key]
    return value


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "warning:" not in result.stderr, result.stderr[-3000:]
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_the_quick_run_reports_every_figure_with_its_command(report: dict[str, Any]) -> None:
    for section, keys in EXPECTED.items():
        found = at(report, section)
        missing = [key for key in keys if found.get(key) is None]
        assert not missing, f"{section}: {missing}"
    for source in ("rest", "html"):
        points = report["memory"][source]
        assert [point["articles"] for point in points] == [300, 1000]
        assert all(isinstance(point["peak_rss_mib"], Real) for point in points)
        assert all(point["command"].startswith("newsbot backfill") for point in points)
    for extractor in ("newsbot", "trafilatura"):
        accuracy = report["extraction"][extractor]["accuracy"]
        assert all(isinstance(accuracy[field], Real) for field in ACCURACY_FIELDS)
    assert report["throughput"]["scrapy_bench"]["command"].startswith("scrapy bench")


def test_the_measured_crawls_did_their_job(report: dict[str, Any]) -> None:
    corpus = report["throughput"]["corpus"]["articles"]
    for source in ("rest", "html"):
        assert report["throughput"][source]["new"] == corpus
        assert report["throughput"][source]["finish_reason"] == "finished"
        runs = report["incremental"][source]
        assert (runs["idle"]["new"], runs["idle"]["updated"]) == (0, 0)
        assert (runs["changed"]["new"], runs["changed"]["updated"]) == (25, 5)
    assert report["extraction"]["newsbot"]["accuracy"]["body_exact"] == 1.0
