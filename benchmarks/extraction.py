"""Extraction cost and field accuracy: our page object against trafilatura on replica article pages.

    python benchmarks/extraction.py [--url URL] [--pages 200] [--repeat 3]

Without `--url` it starts its own replica. Every page is fetched once; each extractor then reads
the same bytes. Cost: per page the fastest of `--repeat` runs, the median over pages, in ms.
Accuracy: the share of pages whose field matches the replica's ground truth (its seed documents),
compared as the report's `comparison` says. Prints JSON; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newsbot.document import parse
from newsbot.items import Article
from newsbot.normalize import clean_text, to_utc, utc_iso
from newsbot.pages import ArticlePage
from newsbot.replica.launcher import replica_url
from newsbot.sites.arbuz import PROFILE as ARBUZ

COMPARISON = {
    "title": "exact, after clean_text",
    "published_at": "the same instant, to the second (any zone, converted to UTC)",
    "body_exact": "the body's lines, each after clean_text, empty ones dropped: the same list",
    "body_f1": "mean over pages of the F1 of the body's lines (a multiset of clean_text lines)",
    "categories": "the same list, in order, after clean_text",
    "tags": "the same list, in order, after clean_text",
    "photo_credit": "exact, after clean_text; null where the extractor has no such field",
}
TRAFILATURA_NOTES = (
    "trafilatura runs with with_metadata=True and a date output format with time and offset; "
    "its list items start with '- ', which is removed before comparing lines; its title keeps "
    "the ' | АРБУЗ' suffix of <title> and it has no photo credit field"
)


@dataclass(frozen=True)
class Sample:
    url: str
    body: bytes
    content_type: str
    truth: Article


@dataclass(frozen=True)
class Extracted:
    """The fields compared, as one extractor found them (None: not found)."""

    title: str | None
    published_at: str | None
    lines: list[str]
    categories: list[str]
    tags: list[str]
    photo_credit: str | None


def fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read(), response.headers.get("Content-Type", "")


def samples(base_url: str, count: int) -> list[Sample]:
    """`count` article pages spread evenly over the replica's corpus, with their truth."""
    with urllib.request.urlopen(base_url + "__replica__/articles", timeout=120) as response:
        entries = json.loads(response.read())
    step = max(1, len(entries) // count)
    chosen = entries[::step][:count]
    found = []
    for entry in chosen:
        body, content_type = fetch(base_url.rstrip("/") + urlsplit(entry["url"]).path)
        found.append(Sample(entry["url"], body, content_type, parse(entry["document"], ARBUZ)))
    return found


def _lines(text: str, marker: str = "") -> list[str]:
    lines = (clean_text(line) for line in text.split("\n"))
    return [line.removeprefix(marker) if marker else line for line in lines if line]


def _instant(value: str | None) -> str | None:
    try:
        return utc_iso(to_utc(value, ARBUZ.zone)) if value else None
    except ValueError:
        return None


def ours(sample: Sample) -> Extracted:
    article = ArticlePage(ARBUZ, sample.url, sample.body, sample.content_type).to_article()
    return Extracted(
        article.title,
        utc_iso(article.published_at),
        article.paragraphs,
        article.categories,
        article.tags,
        article.photo_credit,
    )


def run_ours(sample: Sample) -> object:
    return ArticlePage(ARBUZ, sample.url, sample.body, sample.content_type).to_article()


DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True}


def run_trafilatura(sample: Sample) -> Any:
    from trafilatura import bare_extraction

    return bare_extraction(
        sample.body, url=sample.url, with_metadata=True, date_extraction_params=DATE_PARAMS
    )


def trafilatura(sample: Sample) -> Extracted:
    document = run_trafilatura(sample)
    if document is None:
        return Extracted(None, None, [], [], [], None)
    return Extracted(
        clean_text(document.title or ""),
        _instant(document.date),
        _lines(document.text or "", marker="- "),
        [clean_text(name) for name in document.categories or []],
        [clean_text(name) for name in document.tags or []],
        None,
    )


def f1(found: list[str], truth: list[str]) -> float:
    overlap = sum((Counter(found) & Counter(truth)).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / len(found), overlap / len(truth)
    return 2 * precision * recall / (precision + recall)


def accuracy(results: list[Extracted], pages: list[Sample]) -> dict[str, float | None]:
    def share(matches: Callable[[Extracted, Article], bool]) -> float:
        hits = sum(matches(found, page.truth) for found, page in zip(results, pages, strict=True))
        return round(hits / len(pages), 4)

    has_credit = any(found.photo_credit is not None for found in results)
    return {
        "title": share(lambda found, truth: found.title == truth.title),
        "published_at": share(
            lambda found, truth: found.published_at == utc_iso(truth.published_at)
        ),
        "body_exact": share(lambda found, truth: found.lines == truth.paragraphs),
        "body_f1": round(
            statistics.fmean(
                f1(found.lines, page.truth.paragraphs)
                for found, page in zip(results, pages, strict=True)
            ),
            4,
        ),
        "categories": share(lambda found, truth: found.categories == truth.categories),
        "tags": share(lambda found, truth: found.tags == truth.tags),
        "photo_credit": share(lambda found, truth: found.photo_credit == truth.photo_credit)
        if has_credit
        else None,
    }


def cost_ms(run: Callable[[Sample], object], pages: list[Sample], repeat: int) -> dict[str, float]:
    run(pages[0])  # imports and caches
    per_page = []
    for page in pages:
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            run(page)
            timings.append(time.perf_counter() - started)
        per_page.append(min(timings) * 1000)
    ordered = sorted(per_page)
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p90_ms": round(ordered[int(len(ordered) * 0.9)], 3),
    }


def measure(base_url: str, count: int, repeat: int) -> dict[str, Any]:
    pages = samples(base_url, count)
    report: dict[str, Any] = {
        "pages": len(pages),
        "repeat": repeat,
        "page_bytes_median": int(statistics.median(len(page.body) for page in pages)),
        "comparison": COMPARISON,
    }
    extractors = {"newsbot": (run_ours, ours), "trafilatura": (run_trafilatura, trafilatura)}
    for name, (run, extract) in extractors.items():
        report[name] = {
            **cost_ms(run, pages, repeat),
            "accuracy": accuracy([extract(page) for page in pages], pages),
        }
    from trafilatura import __version__ as trafilatura_version

    report["trafilatura"]["version"] = trafilatura_version
    report["trafilatura"]["notes"] = TRAFILATURA_NOTES
    report["newsbot"]["what"] = "newsbot.pages.ArticlePage(url, body, content_type).to_article()"
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running replica (default: start one)")
    parser.add_argument("--articles", type=int, default=1000, help="corpus of a replica started")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with replica_url(options.url, "--articles", str(options.articles)) as base_url:
        print(json.dumps(measure(base_url, options.pages, options.repeat), ensure_ascii=False))


if __name__ == "__main__":
    main()
