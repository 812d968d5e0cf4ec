"""Load the replica with article-page requests from keep-alive clients; print pages/second as JSON.

    python benchmarks/replica_load.py --clients 16 --seconds 10 [--articles 1000] [--url URL]

Without `--url` it starts its own replica (`newsbot replica --port 0`) and stops it afterwards.
It only ever talks to the replica on 127.0.0.1, stops by itself and never asserts.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.replica import replica_url

MAX_REQUESTS_PER_CLIENT = 1_000_000


def article_paths(base_url: str) -> list[str]:
    with urllib.request.urlopen(base_url + "__replica__/articles", timeout=120) as response:
        articles = json.loads(response.read())
    return [urlsplit(entry["url"]).path for entry in articles]


Outcome = tuple[int, int, list[float]]
"""Pages fetched, errors, and the latency of every request (seconds) of one client."""


def client(
    base_url: str, paths: list[str], offset: int, deadline: float, results: list[Outcome]
) -> None:
    """Fetch article pages in turn over one keep-alive connection until the deadline."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    latencies: list[float] = []
    pages = errors = 0
    for count in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            break
        started = time.monotonic()
        connection.request("GET", paths[(offset + count * 7) % len(paths)])
        response = connection.getresponse()
        response.read()
        latencies.append(time.monotonic() - started)
        if response.status == 200:
            pages += 1
        else:
            errors += 1
    connection.close()
    results.append((pages, errors, latencies))


def run(base_url: str, clients: int, seconds: float) -> dict[str, float | int]:
    paths = article_paths(base_url)
    results: list[Outcome] = []
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=client, args=(base_url, paths, i * 997, deadline, results))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    pages = sum(outcome[0] for outcome in results)
    ordered = sorted(latency for outcome in results for latency in outcome[2])
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "pages": pages,
        "errors": sum(outcome[1] for outcome in results),
        "pages_per_second": round(pages / elapsed, 1),
        "latency_ms_p50": round(statistics.median(ordered) * 1000, 2) if ordered else 0,
        "latency_ms_p99": round(ordered[int(len(ordered) * 0.99)] * 1000, 2) if ordered else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running replica (default: start one)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    options = parser.parse_args()
    with replica_url(options.url, "--articles", str(options.articles)) as base_url:
        result = run(base_url, options.clients, options.seconds)
    result["articles"] = options.articles
    print(json.dumps(result))


if __name__ == "__main__":
    main()
