"""The progress line: one from the first second, saying what the run does and what it stored,
and what an interrupted run had stored when it stopped."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from newsbot import crawlstats
from newsbot.extensions.progress import ProgressDisplay, progress_fields


class Stats:
    """The part of Scrapy's stats collector the display reads."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get_stats(self) -> dict[str, Any]:
        return self.values


def test_before_any_unit_of_work_it_counts_requests() -> None:
    fields = progress_fields({crawlstats.REQUESTS: 7, crawlstats.stored("new"): 2})
    assert fields["count"] == "7 requests" and fields["total"] is None
    assert fields["stored"] == "2 new"


def test_an_html_backfill_counts_days_and_articles_beside_them() -> None:
    fields = progress_fields({
        crawlstats.PROGRESS_UNIT: "days", crawlstats.PROGRESS_TOTAL: 20,
        crawlstats.PROGRESS_DONE: 3, crawlstats.stored("new"): 1234,
        crawlstats.stored("updated"): 5,
    })  # fmt: skip
    assert fields["count"] == "3/20 days"
    assert fields["stored"] == "1,234 new, 5 updated"


def test_one_line_from_the_first_second_and_what_an_interrupted_run_stored() -> None:
    console = Console(record=True, force_terminal=True, width=120)
    stats = Stats()
    display = ProgressDisplay(stats, 60, console)  # type: ignore[arg-type]
    display.spider_opened(None)  # type: ignore[arg-type]
    assert [task.description for task in display.progress.tasks] == ["starting"]
    stats.values.update({
        crawlstats.PROGRESS_UNIT: "days", crawlstats.PROGRESS_TOTAL: 20,
        crawlstats.PROGRESS_DONE: 0, crawlstats.stored("new"): 28,
    })  # fmt: skip
    display.spider_closed(None, crawlstats.SHUTDOWN)  # type: ignore[arg-type]
    assert len(display.progress.tasks) == 1
    shown = console.export_text()
    assert "0/20 days · 28 new" in shown[shown.rindex("interrupted ") :]
