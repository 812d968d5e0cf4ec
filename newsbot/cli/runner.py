"""Run the `arbuz` spider in this process and turn its outcome into a summary and an exit code."""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot import settings as project_settings
from newsbot.cli.base_url import checked_base_url
from newsbot.cli.contact import offline_hint
from newsbot.cli.logs import configure_logging, log_level_given
from newsbot.cli.options import Exit, fail
from newsbot.cli.overrides import parse_pairs, typed_settings, unknown_names, unwritable_feed
from newsbot.cli.request import CrawlRequest
from newsbot.cli.summary import summary
from newsbot.contact import is_loopback
from newsbot.health.verdict import INTERRUPTED
from newsbot.sites import SITE_SETTING, load_profile
from newsbot.spiders.arbuz import ArbuzSpider
from newsbot.stopping import STOPS, Stopped
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
"""Download errors that mean the site cannot be reached, as a user would say it, the most
telling first."""

LOCAL_SPEED = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 8,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}
"""Politeness is for other people's servers: a copy on loopback is crawled at full speed."""

SINGLE_RUN = "newsbot.runlock.SingleRun"
"""The run lock for Scrapy-started crawls; the command takes the lock itself."""


def _agrees(name: str, value: str, request: CrawlRequest) -> bool:
    """Whether `-s name=value` says what the command's own option says."""
    try:
        if name == "NEWSBOT_DB":
            return Path(value).resolve() == request.db.resolve()
        if name == SITE_SETTING:
            return load_profile(value.strip()).key == request.profile.key
        return checked_base_url(value) == request.base_url
    except ValueError:  # UnknownSite, or a URL that is none
        return False


def overridden_settings(request: CrawlRequest) -> dict[str, object]:
    """The `-s` settings of the request, typed; a usage error (exit 2, one line) for a malformed
    pair, a value not of its setting's type, or `NEWSBOT_DB` / `NEWSBOT_SITE` /
    `NEWSBOT_BASE_URL` naming another archive, outlet or site than `--db` / `--site` /
    `--base-url` (the options decide; `-s` may repeat them)."""
    pairs = parse_pairs(request.overrides)
    typed = typed_settings(pairs)
    options = {
        "NEWSBOT_DB": ("--db", str(request.db)),
        SITE_SETTING: ("--site", request.profile.key),
        "NEWSBOT_BASE_URL": ("--base-url", request.base_url),
    }
    for name, (option, given) in options.items():
        if name in pairs and not _agrees(name, pairs[name], request):
            fail(
                Exit.USAGE,
                f"-s {name}={pairs[name]!r} contradicts {option} {given}: give it with {option} "
                "alone",
            )
    for line in unknown_names(pairs):
        click.echo(f"Warning: {line}", err=True)
    return {name: value for name, value in typed.items() if name not in options}


def crawl_settings(request: CrawlRequest) -> Settings:
    """The settings of the crawl; a usage error (exit 2) for `-s` pairs that cannot be used, so
    it comes before the run lock is taken and anything is opened."""
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.set("EXTENSIONS", {**project_settings.EXTENSIONS, SINGLE_RUN: None}, "project")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="project")
    settings.set("STATS_DUMP", False, priority="project")
    settings.set("NEWSBOT_DB", str(request.db), priority="cmdline")
    settings.set("NEWSBOT_SITE", request.profile.key, priority="cmdline")
    settings.set("NEWSBOT_BASE_URL", request.base_url, priority="cmdline")
    settings.set("NEWSBOT_PROGRESS", True, priority="cmdline")
    if is_loopback(request.base_url):
        settings.setdict(LOCAL_SPEED, priority="project")
    if level := log_level_given():
        settings.set("LOG_LEVEL", level, priority="cmdline")
    if request.max_requests:
        settings.set("CLOSESPIDER_PAGECOUNT", request.max_requests, priority="cmdline")
        settings.set(
            "SPIDERMON_EXPECTED_FINISH_REASONS",
            ["finished", "closespider_pagecount"],
            priority="cmdline",
        )
    for name, value in overridden_settings(request).items():
        try:
            settings.set(name, value, priority="cmdline")
        except Exception as error:  # Scrapy parses dict settings (JSON) as they are set
            fail(Exit.USAGE, f"-s {name}={value!r}: Scrapy cannot take it ({error})")
    feeds = [*settings.getdict("FEEDS"), settings.get("FEED_URI")]  # the latter: Scrapy's old way
    for uri in filter(None, feeds):
        if problem := unwritable_feed(str(uri)):
            fail(Exit.USAGE, problem)
    # Pipelines given with -s join the project's (None turns one off): the store stays.
    given = settings.getdict("ITEM_PIPELINES")
    settings.set("ITEM_PIPELINES", {**project_settings.ITEM_PIPELINES, **given}, "cmdline")
    return settings


def _cannot_start(request: CrawlRequest, error: BaseException) -> NoReturn:
    """A crawl Scrapy refused to set up: with `-s` settings given, theirs is the likely fault."""
    reason = str(error) or type(error).__name__
    if request.overrides:
        names = ", ".join(dict.fromkeys(pair.partition("=")[0] for pair in request.overrides))
        fail(Exit.USAGE, f"the crawl cannot start with -s {names}: {reason}")
    fail(Exit.FAILED, f"the crawl cannot start: {reason}")


def run_crawl(request: CrawlRequest, settings: Settings) -> dict[str, Any]:
    """Run one crawl to its end with `settings` (from `crawl_settings`); return its stats."""
    # Opened first, so an archive that cannot be written fails before any request.
    with Archive(request.db, request.profile) as archive:
        held = archive.count()
    failures: list[Failure] = []
    try:
        process = CrawlerProcess(settings)
        configure_logging(settings)
        crawler = process.create_crawler(ArbuzSpider)
        arguments = {
            "source": request.source,
            "since": request.since,
            "until": request.until,
            "sweep": "1" if request.sweep else None,
        }
        crawling = process.crawl(
            crawler, **{name: value for name, value in arguments.items() if value}
        )
    except Exception as error:  # whatever Scrapy raises while it sets the crawl up
        _cannot_start(request, error)
    crawling.addErrback(failures.append)
    started = time.monotonic()
    STOPS.note()  # Scrapy's handlers take over once its reactor runs; a stop before that is kept

    def stop_if_asked() -> None:  # a stop signal that came while the crawl was set up
        if STOPS.stopped:
            deferred_from_coro(process.stop())

    crawler.signals.connect(stop_if_asked, signal=signals.engine_started, weak=False)
    process.start()
    for signum in (signal.SIGINT, signal.SIGTERM):  # the crawl is over: only the summary is left
        signal.signal(signum, signal.SIG_IGN)
    if failures and isinstance(failures[0].value, Stopped):
        raise Stopped("as the crawl started")
    if failures:
        _cannot_start(request, failures[0].value or RuntimeError(failures[0].getErrorMessage()))
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    stats[crawlstats.DURATION] = time.monotonic() - started
    stats[crawlstats.FIRST_RUN] = held == 0
    return stats


@contextmanager
def stopped_at_start(request: CrawlRequest) -> Iterator[None]:
    """A stop signal before the crawl runs: the run is recorded as interrupted, exit 7."""
    try:
        if STOPS.stopped:
            raise Stopped("before the crawl")
        yield
    except Stopped:
        STOPS.note()
        record_interrupted(request)
        fail(Exit.INTERRUPTED, f"the run was {INTERRUPTED}; nothing was fetched")


def record_interrupted(request: CrawlRequest) -> None:
    """A `runs` row for a crawl stopped before it opened one."""
    # An archive that cannot be written has nothing to record the run in.
    with contextlib.suppress(ArchiveError), Archive(request.db, request.profile) as archive:
        run_id = archive.start_run(request.mode, request.source)
        archive.finish_run(
            run_id,
            finish_reason=crawlstats.SHUTDOWN,
            verdict="interrupted",
            reasons=[INTERRUPTED],
        )


def unreachable_reason(stats: dict[str, Any]) -> str | None:
    """Why the site could not be crawled (no answer, robots.txt, gone mid-crawl), or None (also
    when no request was sent: the site was not asked, and the health verdict says why)."""
    gone = stats.get(crawlstats.FINISH_REASON) == crawlstats.SITE_UNREACHABLE
    if gone and stats.get(crawlstats.UNREACHABLE):
        return str(stats[crawlstats.UNREACHABLE])
    if stats.get(crawlstats.RESPONSES, 0) and not gone:
        if stats.get(crawlstats.ROBOTS_FORBIDDEN, 0) and not stats.get(crawlstats.ARTICLE_PAGES):
            return "its robots.txt forbids the pages we need"
        return None
    prefix = crawlstats.EXCEPTION_TYPE_PREFIX
    errors = [key[len(prefix) :].rsplit(".", 1)[-1] for key in stats if key.startswith(prefix)]
    if not errors and not stats.get(crawlstats.REQUESTS, 0):
        return None
    # The most telling error, not the first seen (a killed site drops downloads in flight first).
    named = [text for error, text in UNREACHABLE_ERRORS.items() if error in errors]
    return (named or errors or ["no answer"])[0]


def crawl_and_report(request: CrawlRequest, settings: Settings) -> None:
    """Run the crawl, print its summary, exit with the code its outcome deserves."""
    stats = run_crawl(request, settings)
    if STOPS.stopped and crawlstats.RUN_ID not in stats:  # stopped before the spider opened
        raise Stopped("as the crawl started")
    archive_error = stats.get(crawlstats.STORE_ERROR)  # also set when only the last flush failed
    if stats.get(crawlstats.FINISH_REASON) == crawlstats.ARCHIVE_ERROR or archive_error:
        fail(Exit.DATABASE, archive_error or f"cannot write the archive {request.db}")
    interrupted = stats.get(crawlstats.FINISH_REASON) == crawlstats.SHUTDOWN
    reason = None if interrupted else unreachable_reason(stats)
    if reason:
        hint = offline_hint(request.base_url, request.profile)
        fail(Exit.SITE_UNREACHABLE, f"cannot crawl {request.base_url}: {reason}{hint}")
    click.echo(summary(request, stats))
    verdict = stats.get(crawlstats.VERDICT)
    reasons = "; ".join(stats.get(crawlstats.REASONS) or []) or "no health verdict"
    if verdict == "degraded":
        fail(Exit.DEGRADED, f"the run is degraded: {reasons}")
    if verdict == "interrupted" or interrupted:
        fail(Exit.INTERRUPTED, f"the run was {reasons}")
    if verdict != "ok":
        fail(Exit.FAILED, f"the run failed: {reasons}")
