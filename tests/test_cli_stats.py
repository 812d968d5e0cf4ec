"""`newsbot stats`: the numbers match the archive; runs with and without a health verdict."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from newsbot.cli import check as check_command
from newsbot.cli.stats import _reasons_beside_statuses
from newsbot.normalize import utc_iso
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from pipelines.store.checks import Findings
from tests.crawling import newsbot
from tests.store_samples import sample_article

PUBLISHED = [
    "2019-11-07T17:00:22+00:00",
    "2019-12-31T21:30:00+00:00",  # 1 January 2020 in Astrakhan
    "2020-01-15T10:00:00+00:00",
    "2021-06-01T08:00:00+00:00",
    "2021-06-02T08:00:00+00:00",
]


def filled_archive(db: Path) -> None:
    with Archive(db, ARBUZ) as archive:
        for n, published in enumerate(PUBLISHED):
            tags = ["Астрахань", f"Тег {n % 2}"] if n else ["Тег 0"]
            archive.save(sample_article(n, published_at=published, tags=tags))
        archive.save(sample_article(9, categories=["Спорт", "Политика"]))
        quiet = archive.start_run("incremental", "rest")
        archive.finish_run(quiet, finish_reason="finished", new=0)
        judged = archive.start_run("backfill", "html")
        archive.finish_run(
            judged, finish_reason="finished", new=6, verdict="degraded", reasons=["no categories"]
        )


def test_stats_match_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "arbuz.db"
    filled_archive(db)
    result = newsbot("stats", "--db", str(db), "--json", "--top", "2")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)

    with Archive(db, ARBUZ, readonly=True) as archive:
        stored = [item.article for item in archive.iter_articles()]
    local = [article.published_at.astimezone(ARBUZ.zone) for article in stored]
    assert report["articles"] == len(stored) == 6
    assert report["per_year"] == Counter(f"{moment:%Y}" for moment in local)
    assert report["per_month"] == Counter(f"{moment:%Y-%m}" for moment in local)
    assert report["per_year"] == {"2019": 2, "2020": 2, "2021": 2}
    assert report["per_month"]["2020-01"] == 2
    assert report["categories"] == {"Политика": 6, "Спорт": 1}
    assert report["top_tags"] == {"Астрахань": 5, "Тег 0": 3}
    newest = max(article.published_at for article in stored)
    assert report["newest"]["published_at"] == utc_iso(newest)
    assert report["newest"]["age_seconds"] > 0
    assert [run["mode"] for run in report["runs"]] == ["backfill", "incremental"]
    assert report["runs"][0]["verdict"] == "degraded"
    assert report["runs"][0]["reasons"] == ["no categories"]
    assert report["runs"][1]["verdict"] is None


def test_plain_stats_show_a_dash_for_a_missing_verdict(tmp_path: Path) -> None:
    db = tmp_path / "arbuz.db"
    filled_archive(db)
    result = newsbot("stats", "--db", str(db))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith(f"Archive {db}: 6 articles\n")
    assert "verdict degraded, reasons no categories" in text
    assert "verdict -, reasons -" in text
    assert "  2020-01        2" in text


def test_stats_of_no_archive_is_one_line_and_exit_4(tmp_path: Path) -> None:
    result = newsbot("stats", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 4
    assert result.stderr.strip() == (
        f"Error: there is no database at {tmp_path / 'none.db'}: run a crawl or import first"
    )


def test_deletion_reasons_are_named_only_where_they_say_more_than_the_statuses() -> None:
    rest = {"deleted": 5, "unpublished": 3, "reasons": {"deleted": 5, "unpublished": 3}}
    html = {"deleted": 8, "unpublished": 0, "reasons": {"page_gone": 6, "redirected": 2}}
    assert _reasons_beside_statuses(rest) == ""
    assert _reasons_beside_statuses(html) == "6 page_gone, 2 redirected"


def test_a_check_that_could_not_read_the_full_text_index_does_not_call_it_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    reason = "the full-text index check needs write access to the file"
    monkeypatch.setattr(check_command, "check", lambda db: Findings(skipped=[reason]))
    check_command.check_and_report(tmp_path / "a.db")
    printed = capsys.readouterr()
    assert printed.err == f"not checked: {reason}\n"
    assert "sound as far as checked" in printed.out
    assert "full-text index's own check found nothing wrong" not in printed.out
