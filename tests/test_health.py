"""Crawl health: the verdict of each run, its reasons, the exit code, and optional alerts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbot.cli.options import Exit
from newsbot.health.coverage import lower_tail, lower_tail_beside
from newsbot.health.verdict import failure_reason, verdict_of
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, newsbot
from tests.replica import Replica, running_replica

SINCE = "2019-11-01"


def crawl(replica: Replica, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return newsbot(*args, "--db", str(db), "--base-url", replica.url, *FULL_SPEED)


def last_run(db: Path) -> dict[str, object]:
    with Archive(db, ARBUZ, readonly=True) as archive:
        return archive.runs(limit=1)[0]


@pytest.mark.e2e
def test_a_normal_run_is_ok_and_so_is_an_idle_one(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "200") as replica:
        backfill = crawl(replica, db, "backfill", "--since", SINCE)
        assert backfill.returncode == Exit.OK, backfill.stderr[-2000:]
        assert (last_run(db)["verdict"], last_run(db)["reasons"]) == ("ok", [])
        assert "Health: ok" in backfill.stdout
        for source in ("rest", "html"):
            idle = crawl(replica, db, "crawl", "--source", source)
            assert idle.returncode == Exit.OK, idle.stderr[-2000:]
            assert last_run(db)["verdict"] == "ok"
            assert last_run(db)["mode"] == "incremental"


@pytest.mark.e2e
def test_no_history_sets_no_expected_share_whatever_the_minimum(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "40") as replica:
        first = crawl(replica, db, "crawl", "-s", "NEWSBOT_HEALTH_MIN_HISTORY=0")
    assert first.returncode == Exit.OK, first.stderr[-2000:]
    assert (last_run(db)["verdict"], last_run(db)["reasons"]) == ("ok", [])


@pytest.mark.e2e
@pytest.mark.parametrize("source", ["html", "rest"])
def test_a_redesign_that_defeats_extraction_fails_the_run(tmp_path: Path, source: str) -> None:
    db = tmp_path / "a.db"
    alert = tmp_path / "alert.txt"
    extra = ("--no-rest",) if source == "html" else ()
    with running_replica("--articles", "100", "--theme", "redesign", *extra) as replica:
        result = subprocess.run(
            [sys.executable, "-m", "newsbot", "backfill", "--since", SINCE, "--db", str(db),
             "--base-url", replica.url, *FULL_SPEED,
             "-s", "NEWSBOT_ALERT_ACTIONS=tests.alert_probe.WriteAlert"],
            capture_output=True, text=True, timeout=300, check=False,
            env={**os.environ, "ALERT_PROBE_FILE": str(alert)},
        )  # fmt: skip
    if source == "rest":  # REST does not care about the theme: the run is fine
        assert result.returncode == Exit.OK, result.stderr[-2000:]
        assert not alert.exists()
        return
    assert result.returncode == Exit.FAILED, result.stderr[-2000:]
    run = last_run(db)
    assert run["verdict"] == "failed"
    assert any("nothing extracted" in reason for reason in run["reasons"])  # type: ignore[attr-defined]
    assert "the run failed" in result.stderr and "nothing extracted" in result.stderr
    assert "extraction" in alert.read_text(encoding="utf-8")


@pytest.mark.e2e
def test_categories_missing_everywhere_degrade_the_run(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "200") as replica:
        assert crawl(replica, db, "backfill", "--since", SINCE).returncode == Exit.OK
        replica.configure(categories=False)
        replica.change(publish=25)
        result = crawl(replica, db, "crawl")
    assert result.returncode == Exit.DEGRADED, result.stderr[-2000:]
    run = last_run(db)
    assert run["verdict"] == "degraded"
    assert any("categories on 0 of" in reason for reason in run["reasons"])  # type: ignore[attr-defined]
    assert "the run is degraded" in result.stderr
    assert run["new"] == 25


@pytest.mark.e2e
def test_a_site_answering_503_to_everything_fails_the_run(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica(
        "--articles", "50", "--fault-rate", "1", "--fault-statuses", "503", "--retry-after", "0",
        "--faults-on-robots",
    ) as replica:  # fmt: skip
        result = crawl(replica, db, "crawl", "-s", "RETRY_TIMES=1")
    assert result.returncode == Exit.FAILED, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    run = last_run(db)
    assert run["verdict"] == "failed"
    assert run["reasons"]


@pytest.mark.parametrize(
    ("failures", "verdict"),
    [
        ([], "ok"),
        ([("NORMAL", "categories on 0 of 25 articles")], "degraded"),
        ([("LOW", "a"), ("NORMAL", "b")], "degraded"),
        ([("NORMAL", "a"), ("HIGH", "nothing extracted")], "failed"),
    ],
)
def test_verdict_of(failures: list[tuple[str, str]], verdict: str) -> None:
    assert verdict_of(failures) == (verdict, [reason for _, reason in failures])


def test_failure_reason_is_the_assertion_message_on_one_line() -> None:
    error = (
        "Traceback (most recent call last):\n  File x, line 1\n"
        "AssertionError: \nThe following items did not meet field coverage rules:\n"
        "Article/title (expected 1.0, got 0.5)"
    )
    assert failure_reason(error, "x") == (
        "The following items did not meet field coverage rules: "
        "Article/title (expected 1.0, got 0.5)"
    )
    assert failure_reason(None, "fallback") == "fallback"


@given(st.integers(1, 300), st.floats(0.01, 0.99), st.data())
def test_lower_tail_is_a_probability_growing_with_the_count(
    trials: int, share: float, data: st.DataObject
) -> None:
    observed = data.draw(st.integers(0, trials))
    tail = lower_tail(observed, trials, share)
    assert 0.0 <= tail <= 1.0
    if observed < trials:
        assert lower_tail(observed + 1, trials, share) >= tail - 1e-12


def test_lower_tail_cases() -> None:
    assert lower_tail(0, 25, 1.0) == 0.0
    assert lower_tail(25, 25, 0.5) == 1.0
    assert lower_tail(0, 25, 0.9) < 1e-20
    assert lower_tail(0, 25, 0.1) > 0.05  # no bylines in 25 articles is ordinary luck


@given(st.integers(1, 300), st.integers(1, 300), st.data())
def test_lower_tail_beside_a_history_is_a_probability_growing_with_the_count(
    trials: int, before_trials: int, data: st.DataObject
) -> None:
    observed = data.draw(st.integers(0, trials))
    before = data.draw(st.integers(0, before_trials))
    tail = lower_tail_beside(observed, trials, before, before_trials)
    assert 0.0 <= tail <= 1.0 + 1e-9
    if observed < trials:
        assert lower_tail_beside(observed + 1, trials, before, before_trials) >= tail - 1e-12


def test_lower_tail_beside_a_history_cases() -> None:
    # a small history says its share only roughly: 6 bylines in 54 articles, then 11 in 246
    assert lower_tail_beside(11, 246, 6, 54) > 0.01
    assert lower_tail(11, 246, 6 / 54) < 0.001  # taken for exact, the same counts look alarming
    assert lower_tail_beside(0, 25, 200, 200) < 1e-20  # categories gone from a run
    # a long history is as good as the rate itself
    assert abs(lower_tail_beside(50, 1000, 10_000, 100_000) - lower_tail(50, 1000, 0.1)) < 1e-8
