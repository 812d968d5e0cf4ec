"""A progress display for long crawls: done / total, rate and ETA from the crawl's own stats.

The spider keeps `newsbot/progress/total` and `newsbot/progress/done` up to date (REST: posts, from
`X-WP-Total`; HTML: archive days). Enabled by `NEWSBOT_PROGRESS`; the CLI turns it on for backfills.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
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


class ProgressDisplay:
    def __init__(self, stats: StatsCollector, interval: float) -> None:
        self.stats = stats
        self.interval = interval
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            console=CONSOLE,
        )
        self.task: TaskID | None = None
        self.loop = LoopingCall(self.refresh)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSBOT_PROGRESS"):
            raise NotConfigured
        assert crawler.stats is not None
        extension = cls(crawler.stats, crawler.settings.getfloat("NEWSBOT_PROGRESS_INTERVAL", 0.5))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.progress.start()
        self.task = self.progress.add_task(spider.name, total=None, rate="")
        self.loop.start(self.interval)

    def refresh(self) -> None:
        if self.task is None:
            return
        total = self.stats.get_value(crawlstats.PROGRESS_TOTAL)
        done = self.stats.get_value(crawlstats.PROGRESS_DONE, 0)
        unit = self.stats.get_value(crawlstats.PROGRESS_UNIT, "items")
        task = self.progress.tasks[0]
        rate = f"{task.speed:,.1f} {unit}/s" if task.speed else ""
        self.progress.update(self.task, total=total, completed=done, description=unit, rate=rate)

    def spider_closed(self, spider: Spider) -> None:
        if self.loop.running:
            self.loop.stop()
        self.refresh()
        self.progress.stop()
