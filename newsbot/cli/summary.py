"""The one-paragraph account of a finished crawl."""

from __future__ import annotations

from typing import Any

from newsbot import crawlstats
from newsbot.cli.request import CrawlRequest
from newsbot.contact import is_loopback


def summary(request: CrawlRequest, stats: dict[str, Any]) -> str:
    """The one-paragraph account of a finished run."""
    mode = "Backfill" if request.since else "Incremental crawl"
    if stats.get(crawlstats.FIRST_RUN) and not request.since:
        mode = "First crawl (the archive was empty)"
    speed = ", full speed on loopback" if is_loopback(request.base_url) else ""
    future = stats.get(crawlstats.FUTURE_DATED, 0)
    dated = f", {future} dated in the future" if future else ""
    counts = ", ".join(
        f"{stats.get(crawlstats.stored(outcome), 0)} {outcome}"
        for outcome in crawlstats.SAVE_OUTCOMES
    )
    return (
        f"{mode} of {request.base_url} ({stats.get(crawlstats.SOURCE) or request.source}{speed}) "
        f"ended ({stats.get(crawlstats.FINISH_REASON, 'unknown')}) in "
        f"{stats[crawlstats.DURATION]:.1f} s: {stats.get(crawlstats.REQUESTS, 0)} requests, "
        f"{counts}, {crawlstats.dropped(stats)} dropped, {crawlstats.skipped(stats)} skipped, "
        f"{stats.get(crawlstats.PENDING, 0)} pending{dated}{sweep_summary(stats)}. "
        f"Health: {stats.get(crawlstats.VERDICT, 'unknown')}. Archive: {request.db}"
    )


def sweep_summary(stats: dict[str, Any]) -> str:
    """`; sweep: N requests (…), M suspects, K deleted, J revived, F fetched`, or "" without
    a sweep."""
    sweep = crawlstats.sweep_record(stats)
    if sweep is None:
        return ""
    return (
        f"; sweep: {sweep['requests']} requests ({sweep['listing_requests']} listing, "
        f"{sweep['article_requests']} per article), {sweep['suspects']} suspects, "
        f"{sweep['deleted']} deleted, {sweep['revived']} revived, {sweep['fetched']} fetched"
    )
