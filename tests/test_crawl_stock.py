"""The crawl against the replica behaving as a stock WordPress does: validators on feeds only (no
ETag or Last-Modified on article pages, REST answers and sitemaps) and no sitemap `lastmod`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crawling import FULL_SPEED, newsbot, stored_documents
from tests.replica import running_replica

pytestmark = pytest.mark.e2e

SOURCES = ("rest", "html")


def test_changes_are_found_and_idle_runs_stay_cheap_without_validators(tmp_path: Path) -> None:
    with running_replica("--articles", "150", "--no-sitemap-lastmod", "--no-validators") as site:

        def run(*args: str) -> str:
            result = newsbot(*args, "--base-url", site.url, *FULL_SPEED)
            assert result.returncode == 0, result.stderr[-3000:]
            return result.stdout

        def requests() -> list[str]:
            return [e["path"] for e in site.requests() if e["path"] != "/robots.txt"]

        databases = {source: tmp_path / f"{source}.db" for source in SOURCES}
        for source, db in databases.items():
            run("backfill", "--since", "2019-11-01", "--source", source, "--db", str(db))
        incremental = ("crawl", "-s", "NEWSBOT_REVISIT_DAYS=30")
        for source, db in databases.items():
            for run_number in range(2):  # the first reads the site whole: no run covered it yet
                site.clear_requests()
                assert "0 new, 0 updated" in run(*incremental, "--source", source, "--db", str(db))
                assert run_number == 0 or len(requests()) <= 2, (source, requests())
        site.change(publish=5, edit=2)
        expected = {entry["url"]: entry["document"] for entry in site.articles()}
        for source, db in databases.items():
            summary = run(*incremental, "--source", source, "--db", str(db))
            assert "5 new, 2 updated" in summary, (source, summary)
            assert stored_documents(db) == expected, source
