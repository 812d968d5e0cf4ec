"""Every benchmark of newsbot, side by side in one run on this machine; prints one JSON report.

    python benchmarks/run.py            # the full run (about twenty minutes on two cores)
    python benchmarks/run.py --quick    # a smoke run of about a minute, small corpora

Each figure comes with the command that produced it. The crawls run as `newsbot` subprocesses
against the offline replica on 127.0.0.1 at full speed (politeness off: it is our own server);
nothing here talks to anything but loopback, and nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from harness import FULL_SPEED, ROOT, Measured, run_measured

from newsbot.replica.launcher import Replica, running_replica

BIN = Path(sys.executable).parent
SINCE = "2019-11-01"
SOURCES = ("rest", "html")
MiB = 1024 * 1024


class Sizes:
    """How much each part measures: the full run, or the quick smoke run."""

    def __init__(self, quick: bool) -> None:
        self.corpus = 300 if quick else 2_000
        self.large_corpora = (1_000,) if quick else (20_000, 60_000)
        self.bench_seconds = 3 if quick else 10
        self.load_seconds = 2 if quick else 10
        self.extraction_pages = 30 if quick else 300
        self.extraction_repeat = 1 if quick else 3
        self.store_count = 1_000 if quick else 10_000
        self.store_repeat = 1 if quick else 3
        self.store_identities = (20_000,) if quick else (50_000, 200_000)


def command_line(command: list[str]) -> str:
    """The command as a person would type it: console scripts by name, paths relative to ROOT."""
    words = [Path(word).name if word.startswith(str(BIN)) else word for word in command]
    if words[0] == Path(sys.executable).name:
        words[0] = "python"
    return shlex.join(
        os.path.relpath(word, ROOT) if word.startswith(str(ROOT)) else word for word in words
    )


def tool(name: str) -> str:
    """A console script of this environment (newsbot, scrapy)."""
    return str(BIN / name)


def run(command: list[str], cwd: Path = ROOT) -> Measured:
    result = run_measured(command, cwd=cwd)
    if result.returncode != 0:
        print(f"warning: {command_line(command)} exited {result.returncode}", file=sys.stderr)
        print(result.stderr[-2000:], file=sys.stderr)
    return result


def machine() -> dict[str, Any]:
    cpu = "unknown"
    memory = 0
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = found.group(1).strip() if found else platform.processor()
    if Path("/proc/meminfo").exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        memory = int(found.group(1)) * 1024 if found else 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(memory / 1024**3, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "scrapy": version("scrapy"),
        "sqlite": sqlite3.sqlite_version,
        "lxml": version("lxml"),
        "trafilatura": version("trafilatura"),
    }


# Crawls --------------------------------------------------------------------------------------

SUMMARY = re.compile(
    r"ended \((?P<reason>\w+)\) in (?P<seconds>[\d.]+) s: (?P<requests>\d+) requests, "
    r"(?P<new>\d+) new, (?P<updated>\d+) updated"
)


def crawl(arguments: list[str], replica: Replica) -> dict[str, Any]:
    """One `newsbot` crawl of the replica: what it stored, how long, how many requests, memory."""
    command = [tool("newsbot"), *arguments, "--base-url", replica.url.rstrip("/"), *FULL_SPEED]
    replica.clear_requests()
    result = run(command)
    summary = SUMMARY.search(result.stdout)
    crawl_seconds = float(summary["seconds"]) if summary else None
    new = int(summary["new"]) if summary else 0
    return {
        "command": command_line(command),
        "exit_code": result.returncode,
        "finish_reason": summary["reason"] if summary else None,
        "new": new,
        "updated": int(summary["updated"]) if summary else 0,
        "requests": len(replica.requests()),
        "seconds": round(result.seconds, 2),
        "crawl_seconds": crawl_seconds,
        "articles_per_second": round(new / crawl_seconds, 1) if crawl_seconds else None,
        "requests_per_second": round(len(replica.requests()) / crawl_seconds, 1)
        if crawl_seconds
        else None,
        "articles_per_second_with_startup": round(new / result.seconds, 1),
        "peak_rss_mib": round(result.peak_rss / MiB, 1),
    }


def backfill(replica: Replica, db: Path, source: str) -> dict[str, Any]:
    return crawl(["backfill", "--since", SINCE, "--source", source, "--db", str(db)], replica)


def incremental(replica: Replica, db: Path, source: str) -> dict[str, Any]:
    keys = (
        "command", "exit_code", "requests", "seconds", "crawl_seconds", "new", "updated",
        "peak_rss_mib",
    )  # fmt: skip
    measured = crawl(["crawl", "--source", source, "--db", str(db)], replica)
    return {key: measured[key] for key in keys}


def replica_command(articles: int) -> str:
    return f"newsbot replica --port 0 --articles {articles}"


def throughput_and_incremental(sizes: Sizes, scratch: Path) -> tuple[dict[str, Any], ...]:
    with running_replica("--articles", str(sizes.corpus)) as replica:
        throughput: dict[str, Any] = {
            "corpus": {"articles": sizes.corpus, "command": replica_command(sizes.corpus)},
        }
        databases = {source: scratch / f"{source}.db" for source in SOURCES}
        for source in SOURCES:
            throughput[source] = backfill(replica, databases[source], source)
        throughput["replica_serving"] = replica_serving(replica, sizes)
        increments: dict[str, Any] = {source: {} for source in SOURCES}
        for source in SOURCES:
            incremental(replica, databases[source], source)  # the first run reads the site whole
            increments[source]["idle"] = incremental(replica, databases[source], source)
        change = {"publish": 25, "edit": 5}
        replica.change(**change)
        for source in SOURCES:
            increments[source]["changed"] = incremental(replica, databases[source], source)
        increments["change"] = {
            **change,
            "command": f"POST {replica.url}__replica__/change {json.dumps(change)}",
        }
    return throughput, increments


def replica_serving(replica: Replica, sizes: Sizes) -> dict[str, Any]:
    """Pages per second the replica itself serves: the other ceiling of a crawl of it."""
    command = [
        sys.executable, str(ROOT / "benchmarks" / "replica_load.py"), "--url", replica.url,
        "--clients", "16", "--seconds", str(sizes.load_seconds),
    ]  # fmt: skip
    result = run(command)
    measured = json.loads(result.stdout) if result.returncode == 0 else {}
    return {"command": command_line(command), **measured}


def memory(
    sizes: Sizes, scratch: Path, small: dict[str, Any], idle: dict[str, Any]
) -> dict[str, Any]:
    """Peak RSS of backfills of the small corpus (the throughput runs) and of the large ones,
    and what an idle incremental run costs on each of their archives."""
    report: dict[str, Any] = {source: [] for source in SOURCES}
    for source in SOURCES:
        report[source].append(_memory_point(sizes.corpus, small[source], idle[source]["idle"]))
    for articles in sizes.large_corpora:
        with running_replica("--articles", str(articles)) as replica:
            for source in SOURCES:
                db = scratch / f"{articles}-{source}.db"
                measured = backfill(replica, db, source)
                incremental(replica, db, source)  # the first run reads the site whole
                idle_run = incremental(replica, db, source)
                report[source].append(_memory_point(articles, measured, idle_run))
    report["corpus_commands"] = [
        replica_command(articles) for articles in (sizes.corpus, *sizes.large_corpora)
    ]
    return report


def _memory_point(articles: int, measured: dict[str, Any], idle: dict[str, Any]) -> dict[str, Any]:
    keys = ("command", "peak_rss_mib", "new", "seconds", "articles_per_second")
    idle_keys = ("command", "requests", "seconds", "peak_rss_mib")
    return {
        "articles": articles,
        **{key: measured[key] for key in keys},
        "idle_run": {key: idle[key] for key in idle_keys},
    }


# Scrapy's own ceiling ------------------------------------------------------------------------

RATE = re.compile(r"Crawled \d+ pages \(at (\d+) pages/min\)")


def scrapy_bench(sizes: Sizes, scratch: Path) -> dict[str, Any]:
    """`scrapy bench` outside the project (so our settings do not apply): pages per second."""
    command = [tool("scrapy"), "bench", "-s", f"CLOSESPIDER_TIMEOUT={sizes.bench_seconds}"]
    result = run(command, cwd=scratch)
    log = result.stderr
    pages = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    rates = [int(rate) / 60 for rate in RATE.findall(log)]
    count = int(pages.group(1)) if pages else 0
    seconds = float(elapsed.group(1)) if elapsed else None
    return {
        "command": command_line(command),
        "cwd": "an empty temporary directory",
        "pages": count,
        "seconds": round(seconds, 2) if seconds else None,
        "pages_per_second": round(count / seconds, 1) if seconds else None,
        "peak_pages_per_second": round(max(rates), 1) if rates else None,
        "peak_rss_mib": round(result.peak_rss / MiB, 1),
    }


# Extraction and storage ----------------------------------------------------------------------


def script(name: str, *arguments: str) -> dict[str, Any]:
    """A benchmark script of this directory that prints JSON, with its command."""
    command = [sys.executable, str(ROOT / "benchmarks" / name), *arguments]
    result = run(command)
    measured = json.loads(result.stdout) if result.returncode == 0 else {}
    return {"command": command_line(command), **measured}


def extraction(sizes: Sizes) -> dict[str, Any]:
    with running_replica("--articles", str(sizes.corpus)) as replica:
        measured = script(
            "extraction.py", "--url", replica.url, "--pages", str(sizes.extraction_pages),
            "--repeat", str(sizes.extraction_repeat),
        )  # fmt: skip
    measured["corpus_command"] = replica_command(sizes.corpus)
    return measured


def storage(sizes: Sizes) -> dict[str, Any]:
    return script(
        "store_insert.py", "--count", str(sizes.store_count), "--repeat", str(sizes.store_repeat),
        "--identities", *map(str, sizes.store_identities),
    )  # fmt: skip


NOTES = [
    "Timings depend on what else the machine runs: load_average_at_start and _at_end tell a "
    "quiet run from a disturbed one.",
    "The replica runs on the same two cores as the crawl it serves: end-to-end figures include "
    "its cost (replica_serving is its own ceiling under 16 keep-alive clients).",
    "articles_per_second: stored articles over the crawl's own duration (the summary line); "
    "articles_per_second_with_startup and seconds include starting Python and Scrapy.",
    "requests: every request the replica logged for that command, robots.txt included; "
    "requests_per_second over the crawl's own duration compares with scrapy bench's pages "
    "per second (its spider follows links on a local server, without a database).",
    "load_average_*: the machine's 1, 5 and 15 minute load averages (2 cores), to tell a quiet "
    "run from a disturbed one.",
    "peak_rss_mib: the crawl process's own high-water mark (getrusage of the child, ru_maxrss).",
    "storage: new articles saved through the archive per second, against raw sqlite3 "
    "executemany of the same rows into the same schema and full-text index in the same run "
    "(archive_to_raw_ratio_median), per batch size (200, the default, and 2000); "
    "per_cpu_second divides by the process's CPU time, which other work on the "
    "machine disturbs less; identities: what a writer holds in memory per archive size.",
    "Extraction accuracy is measured on the replica, whose pages follow the site model our page "
    "objects were written for: ours is right by construction there; the figure for trafilatura "
    "shows what a general-purpose extractor makes of the same markup.",
    "ratios: REST over HTML backfill in stored articles per second, per corpus size; the HTML "
    "backfill's requests per second over scrapy bench's pages per second; our extraction's "
    "median time over trafilatura's; the archive's new articles per second over raw sqlite3's; "
    "each backfill's peak RSS over the smallest corpus's; an idle incremental run's seconds "
    "(with start-up) and peak RSS on each backfilled archive over those on the smallest.",
]


def ratios(report: dict[str, Any]) -> dict[str, Any]:
    """Each figure over its anchor measured in the same run, as the speed goals are stated."""
    throughput, memory_points = report["throughput"], report["memory"]
    extraction, storage = report["extraction"], report["storage"]

    def over(numerator: float | None, denominator: float | None) -> float | None:
        return round(numerator / denominator, 3) if numerator and denominator else None

    def articles_per_second(source: str) -> list[float | None]:
        return [point["articles_per_second"] for point in memory_points[source]]

    return {
        "rest_to_html_backfill": [
            {"articles": point["articles"], "ratio": over(rest, html)}
            for point, rest, html in zip(
                memory_points["rest"],
                articles_per_second("rest"),
                articles_per_second("html"),
                strict=True,
            )
        ],
        "html_requests_to_scrapy_bench_pages": over(
            throughput["html"]["requests_per_second"],
            throughput["scrapy_bench"].get("pages_per_second"),
        ),
        "extraction_to_trafilatura_time": over(
            extraction.get("newsbot", {}).get("median_ms"),
            extraction.get("trafilatura", {}).get("median_ms"),
        ),
        "storage_to_raw_sqlite3": [
            {"batch_size": size["batch_size"], "ratio": size["archive_to_raw_ratio_median"]}
            for size in storage.get("by_batch_size", [])
        ],
        "idle_run_to_smallest_archive": {
            source: [
                {
                    "articles": point["articles"],
                    "seconds": over(point["idle_run"]["seconds"], points[0]["idle_run"]["seconds"]),
                    "peak_rss": over(
                        point["idle_run"]["peak_rss_mib"], points[0]["idle_run"]["peak_rss_mib"]
                    ),
                }
                for point in points
            ]
            for source, points in ((source, memory_points[source]) for source in SOURCES)
        },
        "peak_rss_to_smallest_run": {
            source: [
                {
                    "articles": point["articles"],
                    "peak_rss_mib": point["peak_rss_mib"],
                    "ratio": over(point["peak_rss_mib"], memory_points[source][0]["peak_rss_mib"]),
                }
                for point in memory_points[source]
            ]
            for source in SOURCES
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of about a minute")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    options = parser.parse_args()
    sizes = Sizes(options.quick)
    started = time.monotonic()
    report: dict[str, Any] = {
        "run": {
            "command": "python benchmarks/run.py" + (" --quick" if options.quick else ""),
            "quick": options.quick,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average_at_start": os.getloadavg(),
        },
        "machine": machine(),
        "notes": NOTES,
    }
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as directory:
        scratch = Path(directory)
        throughput, increments = throughput_and_incremental(sizes, scratch)
        bench_dir = scratch / "scrapy-bench"
        bench_dir.mkdir()
        throughput["scrapy_bench"] = scrapy_bench(sizes, bench_dir)
        report["throughput"] = throughput
        report["incremental"] = increments
        report["extraction"] = extraction(sizes)
        report["memory"] = memory(sizes, scratch, throughput, increments)
        report["storage"] = storage(sizes)
    report["ratios"] = ratios(report)
    report["run"]["seconds"] = round(time.monotonic() - started, 1)
    report["run"]["load_average_at_end"] = os.getloadavg()
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if options.output:
        options.output.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
