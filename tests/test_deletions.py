"""Deleted, trashed and unpublished posts end to end against the replica, from both sources: the
sweep marks them only after a definite answer, keeps their content, revives restored ones, marks
nothing on a temporary error or an implausible listing, and costs what the documentation says
(docs/pages/deletions.md)."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from newsbot.cli.options import Exit
from tests.crawling import FULL_SPEED, newsbot, stored_documents
from tests.replica import Replica, running_replica
from tests.store_samples import raw_rows, tamper

pytestmark = pytest.mark.e2e

SITE = "https://arbuztoday.ru"
ID_PAGES = "/wp-json/wp/v2/posts?_fields=id"


def crawl(replica: Replica, db: Path, *args: str) -> tuple[int, str, str]:
    result = newsbot(
        "crawl", "--db", str(db), "--base-url", replica.base_url, *FULL_SPEED,
        "-s", "RETRY_TIMES=1", *args,
    )  # fmt: skip
    return result.returncode, result.stdout, result.stderr


def marked(db: Path) -> dict[str, tuple[str, str]]:
    """URL → (deleted_at, reason) of every article marked gone."""
    rows = raw_rows(
        db, "SELECT url, deleted_at, deletion_reason FROM articles WHERE deleted_at IS NOT NULL"
    )
    return {row["url"]: (row["deleted_at"], row["deletion_reason"]) for row in rows}


def generated(replica: Replica, count: int) -> list[dict[str, Any]]:
    """The newest `count` generated posts (the fixed ones cannot be changed)."""
    return [entry for entry in replica.articles() if entry["id"] > 48213][-count:]


def paths(replica: Replica) -> list[str]:
    return [entry["path"] for entry in replica.requests() if entry["path"] != "/robots.txt"]


def statuses(db: Path, *args: str) -> dict[str, str]:
    result = newsbot("export", "--db", str(db), "--format", "jsonl", "--out", "-", *args)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return {record["url"]: record["status"] for record in records}


@pytest.mark.parametrize("source", ["rest", "html"])
def test_deleted_trashed_and_unpublished_posts_are_marked_and_restored_ones_revived(
    tmp_path: Path, source: str
) -> None:
    db = tmp_path / "a.db"
    switches = () if source == "rest" else ("--no-rest",)
    with running_replica("--articles", "120", *switches) as replica:
        code, _, stderr = crawl(replica, db)
        assert code == Exit.OK, stderr[-3000:]
        kept = stored_documents(db)
        deleted, trashed, drafted = generated(replica, 3)
        replica.change(delete=[deleted["id"]], trash=[trashed["id"]], unpublish=[drafted["id"]])
        replica.clear_requests()
        code, stdout, stderr = crawl(replica, db, "--sweep")
        assert code == Exit.OK, stderr[-3000:]
        assert "3 suspects, 3 deleted, 0 revived" in stdout, stdout
        asked = paths(replica)
        gone = marked(db)
        assert set(gone) == {deleted["url"], trashed["url"], drafted["url"]}
        if source == "rest":
            assert {reason for _, reason in gone.values()} == {"deleted", "unpublished"}
            assert gone[deleted["url"]][1] == "deleted"
            confirmations = [p for p in asked if p.startswith("/wp-json/wp/v2/posts/")]
            expected = {f"/wp-json/wp/v2/posts/{e['id']}" for e in (deleted, trashed, drafted)}
            assert {p.split("?")[0] for p in confirmations} == expected
        else:  # a stock WordPress answers 404 for a deleted, trashed or draft post alike
            assert {reason for _, reason in gone.values()} == {"page_gone"}
            confirmations = [p for p in asked if SITE + p in gone]
            assert len(confirmations) == 3
        assert stored_documents(db) == kept  # content kept, nothing removed
        history = raw_rows(db, "SELECT * FROM deletions")
        assert len(history) == 3 and all(row["revived_at"] is None for row in history)
        assert all(row["first_missed_at"] <= row["detected_at"] for row in history)
        exported = statuses(db)
        assert len(exported) == 120 and exported[deleted["url"]] == "deleted"
        assert len(statuses(db, "--live-only")) == 117

        replica.change(restore=[trashed["id"]])
        code, stdout, stderr = crawl(replica, db, "--sweep")
        assert code == Exit.OK, stderr[-3000:]
        assert "0 deleted, 1 revived" in stdout, stdout
    assert set(marked(db)) == {deleted["url"], drafted["url"]}
    (revived,) = raw_rows(db, "SELECT * FROM deletions WHERE revived_at IS NOT NULL")
    assert revived["revived_at"] >= revived["detected_at"]
    stats = json.loads(newsbot("stats", "--db", str(db), "--json").stdout)
    assert stats["live"] == 118 and stats["deletions"]["recorded"] == 3
    assert stats["deletions"]["revived"] == 1
    assert stats["runs"][0]["sweep"]["revived"] == 1


def test_a_listing_that_leaves_out_too_much_marks_nothing_and_fails_the_run(
    tmp_path: Path,
) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "60") as replica:
        assert crawl(replica, db)[0] == Exit.OK
        victims = generated(replica, 20)
        replica.change(delete=[entry["id"] for entry in victims])
        replica.clear_requests()
        code, stdout, stderr = crawl(replica, db, "--sweep")
        assert code == Exit.FAILED, stderr[-3000:]
        assert "20 of 60 stored articles missing" in stderr
        assert not [p for p in paths(replica) if p.startswith("/wp-json/wp/v2/posts/")]
        assert marked(db) == {}
        code, stdout, stderr = crawl(
            replica, db, "--sweep", "-s", "NEWSBOT_SWEEP_MAX_MISSING_SHARE=0.5"
        )
        assert code == Exit.OK, stderr[-3000:]
        assert "20 suspects, 20 deleted" in stdout
    assert set(marked(db)) == {entry["url"] for entry in victims}


def test_a_site_answering_503_during_the_sweep_marks_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "60") as replica:
        assert crawl(replica, db, "--source", "rest")[0] == Exit.OK
        (victim,) = generated(replica, 1)
        replica.change(delete=[victim["id"]])
        replica.configure(fault_rate=1.0, fault_statuses=[503], retry_after=0)
        code, _, stderr = crawl(replica, db, "--sweep", "--source", "rest")
        assert code == Exit.FAILED, stderr[-3000:]  # the site answered nothing
        assert "the sweep could not list the site" in stderr
        assert marked(db) == {}
        assert raw_rows(db, "SELECT * FROM deletion_suspects") == []
        replica.configure(fault_rate=0.0)
        code, _, stderr = crawl(replica, db, "--sweep", "--source", "rest")
        assert code == Exit.OK, stderr[-3000:]
    assert list(marked(db)) == [victim["url"]]


def test_the_sweep_of_2000_posts_costs_a_request_per_100_and_one_per_suspect(
    tmp_path: Path,
) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "2000") as replica:
        assert crawl(replica, db, "--source", "rest")[0] == Exit.OK
        victims = generated(replica, 8)
        replica.change(delete=[e["id"] for e in victims[:5]], trash=[e["id"] for e in victims[5:]])
        posts = len(replica.articles())
        replica.clear_requests()
        code, stdout, stderr = crawl(replica, db, "--sweep", "--source", "rest")
        assert code == Exit.OK, stderr[-3000:]
        asked = paths(replica)
    listing = [p for p in asked if p.startswith(ID_PAGES)]
    confirming = [p for p in asked if p.startswith("/wp-json/wp/v2/posts/")]
    bound = math.ceil(posts / 100) + 8
    print(f"sweep of {posts} posts: {len(listing)} listing + {len(confirming)} per-article "
          f"requests (bound {bound}); {stdout.strip()}")  # fmt: skip
    assert len(listing) == math.ceil(posts / 100) == 20
    assert len(confirming) == 8
    assert f"sweep: {len(listing) + 8} requests (20 listing, 8 per article)" in stdout
    assert len(listing) + len(confirming) <= bound
    assert len(marked(db)) == 8
    with sqlite3.connect(db) as connection:
        (sweep,) = connection.execute("SELECT sweep FROM runs ORDER BY run_id DESC LIMIT 1")
    assert json.loads(sweep[0])["requests"] == 28


def test_a_scheduled_sweep_comes_when_the_last_one_is_old_enough(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "40") as replica:
        assert crawl(replica, db, "--source", "rest")[0] == Exit.OK  # the clock starts
        (state,) = raw_rows(db, "SELECT value FROM crawl_state WHERE key = 'sweep:last'")
        replica.clear_requests()
        assert crawl(replica, db, "--source", "rest")[0] == Exit.OK
        assert not [p for p in paths(replica) if p.startswith(ID_PAGES)]
        tamper(
            db,
            "UPDATE crawl_state SET value = '2020-01-01T00:00:00+00:00' WHERE key = 'sweep:last'",
        )
        replica.clear_requests()
        code, stdout, _ = crawl(
            replica, db, "--source", "rest", "-s", "NEWSBOT_SWEEP_EVERY_HOURS=0"
        )
        assert code == Exit.OK and "sweep:" not in stdout
        code, stdout, _ = crawl(replica, db, "--source", "rest")
        assert code == Exit.OK and "sweep: 1 requests" in stdout, stdout
        assert [p for p in paths(replica) if p.startswith(ID_PAGES)]
    (after,) = raw_rows(db, "SELECT value FROM crawl_state WHERE key = 'sweep:last'")
    assert after["value"] > state["value"]


def test_an_html_sweep_counts_its_fetches_of_missing_posts_as_article_requests(
    tmp_path: Path,
) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "40") as replica:
        assert crawl(replica, db, "--source", "html")[0] == Exit.OK
        oldest = "SELECT article_id FROM articles ORDER BY published_at LIMIT 3"
        tamper(
            db,
            f"DELETE FROM article_urls WHERE article_id IN ({oldest})",
            f"DELETE FROM articles WHERE article_id IN ({oldest})",
        )
        replica.clear_requests()
        code, stdout, stderr = crawl(replica, db, "--sweep", "--source", "html")
        assert code == Exit.OK, stderr[-3000:]
        asked = paths(replica)
    sitemaps = [p for p in asked if "sitemap" in p]
    assert "3 fetched" in stdout, stdout
    assert f"({len(sitemaps)} listing, 3 per article)" in stdout, (stdout, asked)
    assert len(stored_documents(db)) == 40


def test_an_html_sweep_fetches_a_missing_post_given_up_before(tmp_path: Path) -> None:
    """A page that failed every try was given up; once the site serves it, a sweep fetches it."""
    db = tmp_path / "a.db"
    with running_replica("--articles", "40") as replica:
        assert crawl(replica, db, "--source", "html")[0] == Exit.OK
        (oldest,) = raw_rows(
            db, "SELECT article_id, url FROM articles ORDER BY published_at LIMIT 1"
        )
        tamper(
            db,
            f"DELETE FROM article_urls WHERE article_id = {oldest['article_id']}",
            f"DELETE FROM articles WHERE article_id = {oldest['article_id']}",
            "INSERT INTO failed_articles VALUES "
            f"('{oldest['url']}', 'HTTP 500', 8, '2026-01-01T00:00:00+00:00', "
            "'2026-01-02T00:00:00+00:00', NULL, 'arbuz')",
        )
        code, stdout, stderr = crawl(replica, db, "--sweep", "--source", "html")
        assert code == Exit.OK, stderr[-3000:]
    assert "1 per article), 0 suspects, 0 deleted, 0 revived, 1 fetched" in stdout, stdout
    assert len(stored_documents(db)) == 40
