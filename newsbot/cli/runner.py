"""Run the `arbuz` spider in this process and turn its outcome into a summary and an exit code."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.logging import RichHandler
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
from scrapy.settings import Settings
from twisted.internet.error import ConnectError, DNSLookupError

from newsbot import crawlstats
from newsbot import settings as project_settings
from newsbot.cli.options import Exit, fail
from newsbot.extensions.progress import CONSOLE
from newsbot.sites import SiteProfile
from newsbot.spiders.arbuz import ArbuzSpider
from pipelines.store import Archive, ArchiveError

UNREACHABLE_ERRORS = {
    "DownloadConnectionRefusedError": "connection refused",
    "ConnectionRefusedError": "connection refused",
    "CannotResolveHostError": "host name not found",
    "DNSLookupError": "host name not found",
    "DownloadTimeoutError": "timed out",
    "TCPTimedOutError": "timed out",
    "TimeoutError": "timed out",
    "NoRouteError": "no route to host",
    "DownloadFailedError": "download failed",
}
"""Download errors that mean the site cannot be reached, as a user would say it."""

NETWORK_ERRORS = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    DownloadTimeoutError,
    DownloadFailedError,
    ConnectError,
    DNSLookupError,
    TimeoutError,
)


class NoNetworkTracebacks(logging.Filter):
    """A network failure is a fact about the site, not a bug: log its message, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NETWORK_ERRORS):
            record.exc_info = None
            record.exc_text = None
        return True


@dataclass(frozen=True)
class CrawlRequest:
    """What the user asked the crawl to do."""

    db: Path
    profile: SiteProfile
    base_url: str
    source: str
    since: str | None = None
    until: str | None = None
    max_requests: int = 0
    overrides: tuple[str, ...] = ()
    progress: bool = False


def parse_overrides(pairs: tuple[str, ...]) -> dict[str, str]:
    """`-s NAME=VALUE` pairs as a dict; a malformed one is a usage error."""
    parsed: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="-s")
        parsed[name.strip()] = value
    return parsed


def crawl_settings(request: CrawlRequest) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="project")
    settings.set("STATS_DUMP", False, priority="project")
    settings.set("NEWSBOT_DB", str(request.db), priority="cmdline")
    settings.set("NEWSBOT_SITE", request.profile.key, priority="cmdline")
    settings.set("NEWSBOT_BASE_URL", request.base_url, priority="cmdline")
    settings.set("NEWSBOT_PROGRESS", request.progress, priority="cmdline")
    if request.max_requests:
        settings.set("CLOSESPIDER_PAGECOUNT", request.max_requests, priority="cmdline")
        settings.set(
            "SPIDERMON_EXPECTED_FINISH_REASONS",
            ["finished", "closespider_pagecount"],
            priority="cmdline",
        )
    settings.setdict(parse_overrides(request.overrides), priority="cmdline")
    return settings


def check_database(db: Path, profile: SiteProfile) -> None:
    """Fail before any request when the archive cannot be written."""
    try:
        Archive(db, profile).close()
    except ArchiveError as error:
        fail(Exit.DATABASE, str(error))


def configure_logging(settings: Settings) -> None:
    """Log lines above the progress display on a terminal, plain lines elsewhere."""
    handler: logging.Handler
    if CONSOLE.is_terminal:
        handler = RichHandler(console=CONSOLE, show_path=False, markup=False)
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(settings.get("LOG_FORMAT")))
    handler.setLevel(settings.get("LOG_LEVEL"))
    handler.addFilter(NoNetworkTracebacks())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.NOTSET)
    if handler.level > logging.DEBUG:
        # Spidermon reports monitor by monitor through the spider's logger; the "Health:" line and
        # the summary say it in one line, and failures still show (as errors).
        logging.getLogger(ArbuzSpider.name).setLevel(logging.WARNING)


def run_crawl(request: CrawlRequest) -> dict[str, Any]:
    """Run one crawl to its end; return its stats."""
    check_database(request.db, request.profile)
    settings = crawl_settings(request)
    process = CrawlerProcess(settings)
    configure_logging(settings)
    crawler = process.create_crawler(ArbuzSpider)
    arguments = {"source": request.source, "since": request.since, "until": request.until}
    process.crawl(crawler, **{name: value for name, value in arguments.items() if value})
    started = time.monotonic()
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    stats[crawlstats.DURATION] = time.monotonic() - started
    return stats


def unreachable_reason(stats: dict[str, Any]) -> str | None:
    """Why the site could not be crawled (no answer, robots.txt, gone mid-crawl), or None."""
    gone = stats.get(crawlstats.FINISH_REASON) == crawlstats.SITE_UNREACHABLE
    if gone and stats.get(crawlstats.UNREACHABLE):
        return str(stats[crawlstats.UNREACHABLE])
    if stats.get(crawlstats.RESPONSES, 0) and not gone:
        if stats.get(crawlstats.ROBOTS_FORBIDDEN, 0) and not stats.get(crawlstats.ARTICLE_PAGES):
            return "its robots.txt forbids the pages we need"
        return None
    prefix = crawlstats.EXCEPTION_TYPE_PREFIX
    errors = [key[len(prefix) :].rsplit(".", 1)[-1] for key in stats if key.startswith(prefix)]
    named = [UNREACHABLE_ERRORS[error] for error in errors if error in UNREACHABLE_ERRORS]
    return (named or errors or ["no answer"])[0]


def summary(request: CrawlRequest, stats: dict[str, Any]) -> str:
    """The one-paragraph account of a finished run."""
    mode = "Backfill" if request.since else "Incremental crawl"
    counts = ", ".join(
        f"{stats.get(crawlstats.stored(outcome), 0)} {outcome}"
        for outcome in crawlstats.SAVE_OUTCOMES
    )
    return (
        f"{mode} of {request.base_url} ({stats.get(crawlstats.SOURCE) or request.source}) "
        f"ended ({stats.get(crawlstats.FINISH_REASON, 'unknown')}) in "
        f"{stats[crawlstats.DURATION]:.1f} s: {stats.get(crawlstats.REQUESTS, 0)} requests, "
        f"{counts}, {crawlstats.dropped(stats)} dropped, {crawlstats.skipped(stats)} skipped. "
        f"Health: {stats.get(crawlstats.VERDICT, 'unknown')}. Archive: {request.db}"
    )


def crawl_and_report(request: CrawlRequest) -> None:
    """Run the crawl, print its summary, exit with the code its outcome deserves."""
    stats = run_crawl(request)
    archive_error = stats.get(crawlstats.STORE_ERROR)  # also set when only the last flush failed
    if stats.get(crawlstats.FINISH_REASON) == crawlstats.ARCHIVE_ERROR or archive_error:
        fail(Exit.DATABASE, archive_error or f"cannot write the archive {request.db}")
    interrupted = stats.get(crawlstats.FINISH_REASON) == crawlstats.SHUTDOWN
    reason = None if interrupted else unreachable_reason(stats)
    if reason:
        fail(Exit.SITE_UNREACHABLE, f"cannot crawl {request.base_url}: {reason}")
    click.echo(summary(request, stats))
    verdict = stats.get(crawlstats.VERDICT)
    reasons = "; ".join(stats.get(crawlstats.REASONS) or []) or "no health verdict"
    if verdict == "degraded":
        fail(Exit.DEGRADED, f"the run is degraded: {reasons}")
    if verdict == "interrupted" or interrupted:
        fail(Exit.INTERRUPTED, f"the run was {reasons}")
    if verdict != "ok":
        fail(Exit.FAILED, f"the run failed: {reasons}")
