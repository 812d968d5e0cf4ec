"""Load the replica with requests from keep-alive clients; print pages/second as JSON.

    python benchmarks/replica_load.py --clients 16 --seconds 10 [--articles 1000] [--url URL]
    python benchmarks/replica_load.py --kind rest --articles 50000 --clients 4 --seconds 20

`--kind` picks what is requested, each path in turn so that the replica's page cache rarely helps:
`article` (article pages), `rest` (REST backfill pages: `_embed=1&per_page=100&page=N`, oldest
first, in an `after`/`before` window), `rest-modified` (REST pages of a `modified_after` window),
`day` (day archives) or `listing` (pages of the home listing).

Without `--url` it starts its own replica (`newsbot replica --port 0`) and stops it afterwards.
It only ever talks to the replica on 127.0.0.1, stops by itself and never asserts.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import statistics
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from newsbot.replica.launcher import replica_url

REST_POSTS = "/wp-json/wp/v2/posts"
LISTING_PAGE_SIZE = 20


def _articles(base_url: str) -> list[dict[str, str]]:
    with urllib.request.urlopen(base_url + "__replica__/articles", timeout=600) as response:
        entries: list[dict[str, str]] = json.loads(response.read())
    return entries


def _rest_pages(base_url: str, query: dict[str, str]) -> list[str]:
    """Every page of a REST query, as paths."""
    first = f"{REST_POSTS}?{urlencode({**query, 'per_page': '100', 'page': '1'})}"
    with urllib.request.urlopen(base_url.rstrip("/") + first, timeout=120) as response:
        pages = int(response.headers["X-WP-TotalPages"])
    return [
        f"{REST_POSTS}?{urlencode({**query, 'per_page': '100', 'page': str(n)})}"
        for n in range(1, pages + 1)
    ]


def article_paths(base_url: str, zone: ZoneInfo) -> list[str]:
    return [urlsplit(entry["url"]).path for entry in _articles(base_url)]


def rest_paths(base_url: str, zone: ZoneInfo) -> list[str]:
    window = {"after": "2019-10-31T23:59:59", "before": "2026-11-21T00:00:00"}
    return _rest_pages(base_url, {"_embed": "1", "orderby": "date", "order": "asc", **window})


def rest_modified_paths(base_url: str, zone: ZoneInfo) -> list[str]:
    query = {"_embed": "1", "orderby": "modified", "order": "asc"}
    return _rest_pages(base_url, {**query, "modified_after": "2020-01-01T00:00:00"})


def day_paths(base_url: str, zone: ZoneInfo) -> list[str]:
    days = {
        datetime.fromisoformat(entry["published_at"]).astimezone(zone).date()
        for entry in _articles(base_url)
    }
    return [f"/{day:%Y/%m/%d}/" for day in sorted(days)]


def _health(base_url: str) -> dict[str, int]:
    with urllib.request.urlopen(base_url + "__replica__/health", timeout=60) as response:
        health: dict[str, int] = json.loads(response.read())
    return health


def listing_paths(base_url: str, zone: ZoneInfo) -> list[str]:
    pages = -(-_health(base_url)["articles"] // LISTING_PAGE_SIZE)
    return ["/", *(f"/page/{n}/" for n in range(2, pages + 1))]


KINDS: dict[str, Callable[[str, ZoneInfo], list[str]]] = {
    "article": article_paths,
    "rest": rest_paths,
    "rest-modified": rest_modified_paths,
    "day": day_paths,
    "listing": listing_paths,
}
STEP = {"article": 7}
"""Articles are visited 7 apart (a crawl does not read them in corpus order); the rest in turn."""

Outcome = tuple[int, int, list[float]]
"""Pages fetched, errors, and the latency of every request (seconds) of one client."""


@dataclass
class Plan:
    """What the clients request: `paths` in turn (`step` apart), once each if `sweep`."""

    paths: list[str]
    step: int
    sweep: bool
    deadline: float
    turns: Iterator[int] = field(default_factory=itertools.count)
    """Shared by every client: next() on a count is atomic."""

    def next_path(self) -> str | None:
        turn = next(self.turns)
        if time.monotonic() >= self.deadline or (self.sweep and turn >= len(self.paths)):
            return None
        return self.paths[(turn * self.step) % len(self.paths)]


def client(base_url: str, plan: Plan, results: list[Outcome]) -> None:
    """Fetch the plan's paths over one keep-alive connection until it ends."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    latencies: list[float] = []
    pages = errors = 0
    while (path := plan.next_path()) is not None:
        started = time.monotonic()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        latencies.append(time.monotonic() - started)
        if response.status == 200:
            pages += 1
        else:
            errors += 1
    connection.close()
    results.append((pages, errors, latencies))


def run(
    base_url: str,
    clients: int,
    seconds: float,
    kind: str = "article",
    zone: str = "",
    sweep: bool = False,
) -> dict[str, float | int | str | bool]:
    paths = KINDS[kind](base_url, ZoneInfo(zone or "Europe/Astrakhan"))
    results: list[Outcome] = []
    started = time.monotonic()
    plan = Plan(paths, STEP.get(kind, 1), sweep, started + seconds)
    threads = [
        threading.Thread(target=client, args=(base_url, plan, results)) for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    pages = sum(outcome[0] for outcome in results)
    ordered = sorted(latency for outcome in results for latency in outcome[2])
    return {
        "kind": kind,
        "sweep": sweep,
        "distinct_paths": len(paths),
        "clients": clients,
        "seconds": round(elapsed, 2),
        "pages": pages,
        "errors": sum(outcome[1] for outcome in results),
        "pages_per_second": round(pages / elapsed, 1),
        "latency_ms_p50": round(statistics.median(ordered) * 1000, 2) if ordered else 0,
        "latency_ms_p99": round(ordered[int(len(ordered) * 0.99)] * 1000, 2) if ordered else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", help="a running replica (default: start one)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--kind", choices=tuple(KINDS), default="article")
    parser.add_argument("--zone", default="", help="the outlet's zone (day archives)")
    parser.add_argument(
        "--sweep", action="store_true", help="each path once, as a crawl reads them (no cache hits)"
    )
    options = parser.parse_args()
    with replica_url(options.url, "--articles", str(options.articles)) as base_url:
        result = run(
            base_url, options.clients, options.seconds, options.kind, options.zone, options.sweep
        )
        result["articles"] = _health(base_url)["articles"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
