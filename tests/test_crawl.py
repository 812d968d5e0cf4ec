"""The crawl end to end: `newsbot backfill` and `crawl` against the replica, as subprocesses."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, newsbot, stored_documents, stored_hashes
from tests.replica import Replica, running_replica
from tests.resumes import checkpoint_of, refetch_excess, site_paths, stop_when_stored

pytestmark = pytest.mark.e2e

SINCE = "2019-11-01"


def expected_documents(replica: Replica) -> dict[str, str]:
    return {entry["url"]: entry["document"] for entry in replica.articles()}


def site_requests(replica: Replica) -> list[str]:
    """Paths the crawl asked the replica for, robots.txt aside."""
    return [entry["path"] for entry in replica.requests() if entry["path"] != "/robots.txt"]


def backfill(
    replica: Replica, db: Path, source: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    return newsbot(
        "backfill", "--since", SINCE, "--source", source, "--db", str(db),
        "--base-url", replica.url, *FULL_SPEED, *extra,
    )  # fmt: skip


def incremental(replica: Replica, db: Path, source: str) -> subprocess.CompletedProcess[str]:
    return newsbot(
        "crawl", "--source", source, "--db", str(db), "--base-url", replica.url, *FULL_SPEED
    )


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    with running_replica() as replica:
        yield replica


@pytest.fixture(scope="module")
def backfills(site: Replica, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One whole-replica backfill through each source, shared by the tests that read them."""
    databases = {}
    for source in ("rest", "html"):
        db = tmp_path_factory.mktemp(source) / "arbuz.db"
        result = backfill(site, db, source)
        assert result.returncode == 0, result.stderr[-3000:]
        databases[source] = db
    return databases


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_backfill_stores_exactly_the_corpus(
    site: Replica, backfills: dict[str, Path], source: str
) -> None:
    assert stored_documents(backfills[source]) == expected_documents(site)


def test_both_sources_store_the_same_documents(backfills: dict[str, Path]) -> None:
    assert stored_documents(backfills["rest"]) == stored_documents(backfills["html"])


@pytest.mark.parametrize("source", ["rest", "html"])
def test_an_idle_incremental_run_is_cheap_and_changes_nothing(
    site: Replica, backfills: dict[str, Path], source: str
) -> None:
    before = stored_hashes(backfills[source])
    for run_number in range(2):  # the first reads the site whole: no incremental run covered it
        site.clear_requests()
        result = incremental(site, backfills[source], source)
        assert result.returncode == 0, result.stderr[-3000:]
        assert run_number == 0 or len(site_requests(site)) <= 2, site_requests(site)
        assert stored_hashes(backfills[source]) == before
        assert "0 new, 0 updated" in result.stdout


@pytest.mark.parametrize(
    ("source", "budget"),
    [("rest", 3), ("html", 25 + 5 + 5)],  # the feed, core's index → Yoast's, 2 posts sitemaps
)
def test_an_incremental_run_stores_new_and_edited_posts(
    tmp_path: Path, source: str, budget: int
) -> None:
    db = tmp_path / "arbuz.db"
    with running_replica() as replica:
        assert backfill(replica, db, source).returncode == 0
        assert incremental(replica, db, source).returncode == 0  # covers the site once
        before = stored_hashes(db)
        change = replica.change(publish=25, edit=5)
        replica.clear_requests()
        result = incremental(replica, db, source)
        assert result.returncode == 0, result.stderr[-3000:]
        assert len(site_requests(replica)) <= budget, site_requests(replica)
        assert "25 new, 5 updated" in result.stdout
        after = stored_hashes(db)
        assert stored_documents(db) == expected_documents(replica)
    assert len(after) == len(before) + 25
    edited = {url for url in before if after[url] != before[url]}
    assert len(edited) == len(change["edited"]) == 5
    assert all(after[url][0] == 2 for url in edited)


@pytest.mark.parametrize(
    ("source", "how"),
    [
        ("rest", signal.SIGKILL),
        ("html", signal.SIGKILL),
        ("rest", signal.SIGINT),
        ("html", signal.SIGTERM),
    ],
)
def test_a_stopped_backfill_resumes_refetching_only_what_was_in_flight(
    site: Replica, backfills: dict[str, Path], tmp_path: Path, source: str, how: signal.Signals
) -> None:
    db = tmp_path / "arbuz.db"
    site.clear_requests()
    stopped = stop_when_stored(site, db, source, 300 if how == signal.SIGKILL else 30, how)
    stopped_log = site_paths(site.requests())
    stored_before_rerun = set(stored_hashes(db))
    assert 0 < len(stored_before_rerun) < 1000
    if how == signal.SIGKILL:
        assert stopped.returncode == -signal.SIGKILL
    else:  # Ctrl-C or SIGTERM: interrupted, with its summary and its own exit code
        assert stopped.returncode == Exit.INTERRUPTED, stopped.stderr[-3000:]
        assert "Health: interrupted" in stopped.stdout
        assert last_run(db)[:2] == ("shutdown", "interrupted")
    checkpoint = f"backfill:{source}:{SINCE}:today"
    done = checkpoint_of(db, checkpoint)
    assert done
    site.clear_requests()
    result = backfill(site, db, source)
    assert result.returncode == 0, result.stderr[-3000:]
    assert stored_hashes(db) == stored_hashes(backfills[source])
    assert checkpoint_of(db, checkpoint) is None  # done: a new backfill starts afresh
    rerun_log = site_paths(site.requests())
    assert refetch_excess(site, source, stopped_log, rerun_log, stored_before_rerun, done) == set()


def last_run(db: Path) -> tuple[str, str]:
    with Archive(db, ARBUZ, readonly=True) as archive:
        run = archive.runs(limit=1)[0]
    return run["finish_reason"], run["verdict"]


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_backfill_survives_a_flaky_site(tmp_path: Path, source: str) -> None:
    db = tmp_path / "arbuz.db"
    with running_replica(
        "--articles", "300", "--fault-rate", "0.1", "--fault-statuses", "500,503,429",
        "--retry-after", "1", "--truncate-rate", "0.03",
    ) as replica:  # fmt: skip
        result = backfill(replica, db, source, "-s", "LOG_LEVEL=DEBUG", "-s", "RETRY_TIMES=10")
        assert result.returncode == 0, result.stderr[-3000:]
        assert stored_documents(db) == expected_documents(replica)
        faults = {entry["status"] for entry in replica.requests()} - {200}
    if source == "html":  # hundreds of requests: every kind of fault happens
        assert {500, 503, 429} <= faults
    if faults:
        assert "Retrying" in result.stderr
    if faults & {503, 429}:
        assert "Retry-After" in result.stderr


def test_every_request_reaches_the_replica(site: Replica, tmp_path: Path) -> None:
    site.clear_requests()
    result = newsbot(
        "crawl", "--source", "html", "--db", str(tmp_path / "a.db"), "--base-url", site.url,
        *FULL_SPEED, "--max-requests", "50", "-s", "STATS_DUMP=True", "-s", "LOG_LEVEL=INFO",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    sent = int(result.stderr.split("'downloader/request_count': ")[1].split(",")[0])
    assert sent == len(site.requests())
    assert "offsite/filtered" not in result.stderr


@pytest.mark.parametrize(
    ("sitemaps", "newest"),
    [
        ("core", ["/wp-sitemap-posts-post-2.xml", "/wp-sitemap-posts-post-3.xml"]),
        ("yoast", ["/post-sitemap4.xml", "/post-sitemap5.xml"]),
    ],
)
def test_an_html_incremental_run_reads_only_the_newest_sitemaps(
    tmp_path: Path, sitemaps: str, newest: list[str]
) -> None:
    db = tmp_path / "arbuz.db"
    with running_replica("--articles", "4100") as replica:
        replica.configure(sitemaps=sitemaps)
        assert backfill(replica, db, "rest").returncode == 0
        assert incremental(replica, db, "html").returncode == 0  # covers the site once
        replica.change(publish=3, edit=1)
        replica.clear_requests()
        result = incremental(replica, db, "html")
        assert result.returncode == 0, result.stderr[-3000:]
        paths = site_requests(replica)
    read = sorted(path for path in paths if "post-sitemap" in path or "sitemap-posts" in path)
    assert read == newest
    assert "3 new, 1 updated" in result.stdout


def test_without_sitemap_lastmod_listings_and_revisits_find_the_changes(tmp_path: Path) -> None:
    db = tmp_path / "arbuz.db"
    with running_replica("--articles", "300", "--no-sitemap-lastmod") as replica:
        replica.configure(sitemaps="core")
        assert backfill(replica, db, "rest").returncode == 0
        change = replica.change(publish=25, edit=3)
        replica.clear_requests()
        result = newsbot(
            "crawl", "--source", "html", "--db", str(db), "--base-url", replica.url,
            *FULL_SPEED, "-s", "NEWSBOT_REVISIT_DAYS=30",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        assert stored_documents(db) == expected_documents(replica)
        paths = site_requests(replica)
    assert "25 new, 3 updated" in result.stdout
    assert {"/", "/page/2/", "/page/3/"} <= set(paths)
    assert "/page/4/" not in paths  # page 3 held only known articles
    revisited = [entry for entry in paths if entry.count("/") == 2 and not entry.startswith("/w")]
    assert len(revisited) > 25 + len(change["edited"])  # conditional re-fetches of recent articles
