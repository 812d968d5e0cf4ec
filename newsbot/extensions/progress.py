"""A progress display for crawls: one line from the first second to the last, saying what the run
does (days, articles or requests, done / total when known), what it stored, the rate and ETA.

The spider keeps `newsbot/progress/total` and `newsbot/progress/done` up to date (REST: posts, from
`X-WP-Total`; HTML backfills: archive days); a run without them (an HTML incremental run) counts
its requests. Enabled by `NEWSBOT_PROGRESS`; the `newsbot` command turns it on for its crawls, and
it draws only on a terminal.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from newsbot import crawlstats

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

CONSOLE = Console(stderr=True)
"""The one console progress and log lines share, so log lines print above the bar."""


def progress_fields(stats: dict[str, Any]) -> dict[str, Any]:
    """What the line shows for the crawl's `stats`: its unit, done and total, and what it
    stored."""
    unit = stats.get(crawlstats.PROGRESS_UNIT)
    total = stats.get(crawlstats.PROGRESS_TOTAL)
    done = stats.get(crawlstats.PROGRESS_DONE, 0)
    if unit is None:  # no units of work: what it asked for so far
        unit, total, done = "requests", None, stats.get(crawlstats.REQUESTS, 0)
    count = f"{done:,}/{total:,} {unit}" if total is not None else f"{done:,} {unit}"
    new = stats.get(crawlstats.stored("new"), 0)
    updated = stats.get(crawlstats.stored("updated"), 0)
    return {
        "unit": unit,
        "total": total,
        "completed": done,
        "count": count,
        "stored": f"{new:,} new" + (f", {updated:,} updated" if updated else ""),
    }


class ProgressDisplay:
    def __init__(self, stats: StatsCollector, interval: float, console: Console) -> None:
        self.stats = stats
        self.interval = interval
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=20),
            TextColumn("{task.fields[count]} ·"),
            TextColumn("[green]{task.fields[stored]}"),
            TextColumn("{task.fields[rate]}"),
            TextColumn("[cyan]{task.fields[eta]}"),
            console=console,
        )
        self.task: TaskID | None = None
        self.loop = LoopingCall(self.refresh)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSBOT_PROGRESS") or not CONSOLE.is_terminal:
            raise NotConfigured
        assert crawler.stats is not None
        interval = crawler.settings.getfloat("NEWSBOT_PROGRESS_INTERVAL", 0.5)
        extension = cls(crawler.stats, interval, CONSOLE)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        fields = progress_fields(self.stats.get_stats())
        self.progress.start()
        self.task = self.progress.add_task("starting", rate="", eta="", **fields)
        self.loop.start(self.interval)

    def refresh(self) -> None:
        if self.task is None:
            return
        stats = self.stats.get_stats()
        doing = "crawling" if stats.get(crawlstats.REQUESTS) else "starting"
        fields = progress_fields(stats)
        self.progress.update(self.task, description=doing, **fields)
        task = self.progress.tasks[0]
        rate = f"{task.speed:,.1f} {fields['unit']}/s" if task.speed else ""
        left = task.time_remaining
        eta = f"ETA {timedelta(seconds=round(left))}" if left is not None else ""
        self.progress.update(self.task, rate=rate, eta=eta)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop.running:
            self.loop.stop()
        self.refresh()
        if self.task is not None:
            ended = "interrupted" if reason == crawlstats.SHUTDOWN else reason
            self.progress.update(self.task, description=ended)
        self.progress.stop()
