"""Every run stores what it claims or says loudly that it did not: failed article pages are
retried by later runs, runs that recognise nothing fail, each given-up request counts once, and
a failing archive stops the crawl at once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, newsbot, stored_documents
from tests.replica import Replica, running_replica
from tests.resumes import local_day
from tests.sites import Page, crawl, html_page, outlet, path_of, sample_posts, serving
from tests.store_samples import tamper

pytestmark = pytest.mark.e2e

SINCE = "2019-11-01"


def run(replica: Replica | str, db: Path, *args: str) -> tuple[int, str, str]:
    url = replica if isinstance(replica, str) else replica.url
    result = newsbot(*args, "--db", str(db), "--base-url", url, *FULL_SPEED)
    return result.returncode, result.stdout, result.stderr


def last_run(db: Path) -> dict[str, object]:
    with Archive(db, ARBUZ, readonly=True) as archive:
        return archive.runs(limit=1)[0]


def error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, stderr[-3000:]
    return lines[0]


def test_article_pages_that_failed_are_retried_after_the_feed_answers_304(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "40", "--theme", "redesign") as replica:
        code, _, stderr = run(replica, db, "crawl", "--source", "html")
        assert code == Exit.FAILED, stderr[-3000:]
        assert "nothing extracted" in error_line(stderr)
        stats = json.loads(newsbot("stats", "--db", str(db), "--json").stdout)
        assert stats["failed_articles"]["pending"] == 40
        assert len(stats["failed_articles"]["first"]) == 5
        replica.configure(theme="arbuz")  # the site is fixed; its feed has not changed
        replica.clear_requests()
        code, stdout, stderr = run(
            replica, db, "crawl", "--source", "html", "-s", "NEWSBOT_ARTICLE_RETRY_MINUTES=0"
        )
        assert code == Exit.OK, stderr[-3000:]
        assert any(e["path"] == "/feed/" and e["status"] == 304 for e in replica.requests())
        assert "40 new" in stdout
        expected = {entry["url"]: entry["document"] for entry in replica.articles()}
    assert stored_documents(db) == expected
    stats = json.loads(newsbot("stats", "--db", str(db), "--json").stdout)
    assert stats["failed_articles"] == {"pending": 0, "given_up": 0, "first": []}


def test_a_failed_page_not_yet_due_is_recorded_not_fetched_and_given_up_in_the_end(
    tmp_path: Path,
) -> None:
    posts = sample_posts(12)
    broken = posts[0]
    pages = outlet(posts, {path_of(broken): Page(b"gone", status=500)})
    db = tmp_path / "a.db"
    with serving(pages) as site:
        first = crawl(site, db)
        assert first.returncode == Exit.DEGRADED, first.stderr[-3000:]
        site.requests.clear()
        crawl(site, db)  # not due yet (10 minutes): not asked for
        assert path_of(broken) not in site.requests
        for _ in range(2):
            crawl(
                site,
                db,
                "-s",
                "NEWSBOT_ARTICLE_RETRY_MINUTES=0",
                "-s",
                "NEWSBOT_ARTICLE_RETRY_ATTEMPTS=3",
            )
    assert site.requests.count(path_of(broken)) == 2 * 2  # each due run: a try and its retry
    stats = json.loads(newsbot("stats", "--db", str(db), "--json").stdout)["failed_articles"]
    assert (stats["pending"], stats["given_up"]) == (0, 1)
    assert stats["first"][0]["attempts"] == 3 and stats["first"][0]["next_try_at"] is None
    text = newsbot("stats", "--db", str(db)).stdout
    assert "given up" in text and broken.slug in text


SAME_PAGE = html_page(
    "<html><head><title>This domain is for sale</title></head><body></body></html>"
)


@pytest.mark.parametrize(
    "command",
    [("crawl",), ("crawl", "--source", "html"), ("backfill", "--since", "2026-11-01")],
)
def test_a_site_answering_one_page_for_every_url_fails_the_run(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    with serving({}, fallback=SAME_PAGE) as site:
        code, _, stderr = run(site.url, tmp_path / "a.db", *command)
    assert code == Exit.FAILED, stderr[-3000:]
    assert "the same page for" in error_line(stderr)
    assert last_run(tmp_path / "a.db")["verdict"] == "failed"


def test_day_archives_listing_no_article_link_fail_the_backfill(tmp_path: Path) -> None:
    days = [f"/2019/11/{day:02d}/" for day in range(1, 6)]
    pages = {
        "/2019/": html_page("<html><body>2019</body></html>"),
        "/2019/11/": html_page("<html><body>November</body></html>"),
        **{
            path: html_page(f'<html><body><article class="new-card"><a href="/p{n}/">{n}</a>'
                            "</article></body></html>")
            for n, path in enumerate(days)
        },
    }  # fmt: skip
    with serving(pages) as site:
        code, _, stderr = run(
            site.url, tmp_path / "a.db", "backfill", "--source", "html",
            "--since", SINCE, "--until", "2019-11-05",
        )  # fmt: skip
    assert code == Exit.FAILED, stderr[-3000:]
    assert "5 of 5 feeds, sitemaps, listings or date archives" in error_line(stderr)
    assert "no article link" in error_line(stderr)


@pytest.mark.parametrize("source", ["html", "rest"])
def test_a_backfill_of_days_without_posts_is_ok(
    replica: Replica, tmp_path: Path, source: str
) -> None:
    code, stdout, stderr = run(
        replica, tmp_path / "a.db", "backfill", "--source", source,
        "--since", "2005-01-01", "--until", "2005-03-31",
    )  # fmt: skip
    assert code == Exit.OK, stderr[-3000:]
    assert "0 new" in stdout and "Health: ok" in stdout


def test_each_request_given_up_counts_once(tmp_path: Path) -> None:
    posts = sample_posts(100)
    failing = {path_of(post): Page(b"oops", status=500) for post in posts[:4]}
    with serving(outlet(posts, failing)) as site:
        result = crawl(site, tmp_path / "a.db")
    assert result.returncode == Exit.DEGRADED, result.stderr[-3000:]  # 4 of ~108: under 5%
    given_up = [line for line in result.stderr.splitlines() if "ERROR" in line and "/" in line]
    assert len([line for line in given_up if "Giving up on" in line]) == 4
    assert not [line for line in given_up if "Gave up retrying" in line]
    assert last_run(tmp_path / "a.db")["errors"] == 4


DISK_FULL_AFTER_40 = (
    "CREATE TRIGGER disk_full BEFORE INSERT ON articles "
    "WHEN (SELECT count(*) FROM articles) >= 40 "
    "BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
)


def test_a_disk_that_fills_up_mid_crawl_stops_it_at_once(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    Archive(db, ARBUZ).close()
    tamper(db, DISK_FULL_AFTER_40)
    with running_replica("--articles", "600") as replica:
        code, _, stderr = run(
            replica, db, "backfill", "--since", SINCE, "--source", "html",
            "-s", "NEWSBOT_DB_BATCH_SIZE=20", "-s", "CONCURRENT_REQUESTS=2",
        )  # fmt: skip
        articles_fetched = [
            e
            for e in replica.requests()
            if e["path"].count("/") == 2 and e["path"] != "/robots.txt"
        ]
        corpus = replica.articles()
    assert code == Exit.DATABASE, stderr[-3000:]
    assert "disk is full" in error_line(stderr)
    assert "Traceback" not in stderr
    said = [line for line in stderr.splitlines() if "disk is full" in line]
    assert len(said) == 2, said  # the log's line and the Error: line
    assert len(articles_fetched) < 100  # not the 600 of the range
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        state = connection.execute("SELECT value FROM crawl_state").fetchall()
    assert stored < 40 + 20
    with Archive(db, ARBUZ, readonly=True) as archive:
        stored_urls = {item.article.url for item in archive.iter_articles()}
    for (value,) in state:  # a checkpoint covers only days whose articles are all stored
        for lo, hi in json.loads(value)["done"]:
            on_those_days = {e["url"] for e in corpus if lo <= local_day(e["published_at"]) <= hi}
            assert on_those_days <= stored_urls
