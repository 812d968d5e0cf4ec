"""The health suite spidermon runs when a crawl closes, and the action recording its verdict."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.utils.misc import load_object
from spidermon import MonitorSuite
from spidermon.core.actions import Action

from newsbot import crawlstats
from newsbot.health.monitors import HEALTH_MONITORS
from newsbot.health.verdict import failure_reason, verdict_of

logger = logging.getLogger(__name__)


class RecordVerdict(Action):  # type: ignore[misc]
    """Turn the failed monitors into the run's verdict, in the stats and the log."""

    def run_action(self) -> None:
        stats = self.data.crawler.stats
        interrupted = stats.get_value(crawlstats.FINISH_REASON) == crawlstats.SHUTDOWN
        failures = [
            (result.monitor.level, failure_reason(result.error, result.monitor.monitor_name))
            for result in self.result.monitors_failed_results
        ]
        verdict, reasons = verdict_of(failures, interrupted)
        stats.set_value(crawlstats.VERDICT, verdict)
        stats.set_value(crawlstats.REASONS, reasons)
        # The summary says ok and interrupted runs' verdicts; the log needs them only with -v.
        quiet = {"ok": logging.INFO, "interrupted": logging.INFO, "failed": logging.ERROR}
        level = quiet.get(verdict, logging.WARNING)
        logger.log(level, "Health: %s%s", verdict, "".join(f"; {r}" for r in reasons))


class HealthSuite(MonitorSuite):  # type: ignore[misc]
    """Everything a scheduled job must be able to trust about one crawl.

    A crawl skipped because another run holds its database (finish reason `busy`) did nothing to
    judge: it gets no monitors, no verdict and no alerts. (The run lock is tried as the extensions
    are built, SingleRun before Spidermon, which builds this suite.)
    """

    def __init__(self, *args: Any, crawler: Any, **kwargs: Any) -> None:
        judged = not crawler.stats.get_value(crawlstats.BUSY)
        paths = crawler.settings.getlist("NEWSBOT_ALERT_ACTIONS") if judged else []
        super().__init__(
            *args,
            crawler=crawler,
            monitors=HEALTH_MONITORS if judged else [],
            monitors_finished_actions=[RecordVerdict] if judged else [],
            monitors_failed_actions=[load_object(path) for path in paths],
            **kwargs,
        )
