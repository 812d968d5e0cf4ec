"""Log output of a crawl started by the `newsbot` command: one line per record, never a network
traceback, and on a terminal printed above the progress display without being wrapped."""

from __future__ import annotations

import logging
from typing import Any

import click
from rich.text import Text
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from twisted.internet.error import ConnectError, DNSLookupError

from newsbot.cli.options import F
from newsbot.extensions.progress import CONSOLE
from newsbot.settings import levels
from newsbot.spiders.arbuz import ArbuzSpider

NETWORK_ERRORS = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    DownloadTimeoutError,
    DownloadFailedError,
    ConnectError,
    DNSLookupError,
    TimeoutError,
)

LEVEL_STYLES = {logging.WARNING: "yellow", logging.ERROR: "bold red", logging.CRITICAL: "bold red"}


class NoNetworkTracebacks(logging.Filter):
    """A network failure is a fact about the site, not a bug: log its message, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NETWORK_ERRORS):
            record.exc_info = None
            record.exc_text = None
        return True


class ConsoleLines(logging.Handler):
    """Each record printed through the rich console the progress display uses, so it appears
    above the display; long lines are left for the terminal to wrap (rich would break them
    mid-word)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
            style = LEVEL_STYLES.get(record.levelno, "")
            CONSOLE.print(Text(line, style=style), soft_wrap=True, highlight=False)
        except Exception:
            self.handleError(record)


LOG_LEVEL_KEY = "newsbot.log_level"


class QuietStartup(logging.Filter):
    """Scrapy's own INFO lines (add-ons, middlewares, settings, periodic stats) and the health
    line the summary repeats stay out; newsbot's INFO lines and every warning stay in."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        return record.name.startswith("newsbot.") and record.name != "newsbot.health.suite"


def _remember_level(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value:
        ctx.meta[LOG_LEVEL_KEY] = "INFO" if value is True else str(value).upper()


def log_options(function: F) -> F:
    """`-v` and `--log-level`: Scrapy's whole log (start-up included) instead of the quiet one."""
    function = click.option(
        "--log-level",
        type=click.Choice(tuple(levels.values()), case_sensitive=False),
        expose_value=False,
        callback=_remember_level,
        help="Scrapy's whole log from this level on (start-up included).",
    )(function)
    return click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_remember_level,
        help="Scrapy's whole log (as --log-level INFO).",
    )(function)


def log_level_given() -> str | None:
    """The level `-v` or `--log-level` asked for, or None."""
    ctx = click.get_current_context(silent=True)
    level = ctx.meta.get(LOG_LEVEL_KEY) if ctx else None
    return str(level) if level else None


def configure_logging(settings: Settings) -> None:
    """Log lines above the progress display on a terminal, plain lines elsewhere."""
    handler: logging.Handler
    if CONSOLE.is_terminal:
        handler = ConsoleLines()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s", "%H:%M:%S")
        )
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(settings.get("LOG_FORMAT")))
    handler.setLevel(settings.get("LOG_LEVEL"))
    handler.addFilter(NoNetworkTracebacks())
    if settings.getpriority("LOG_LEVEL") != SETTINGS_PRIORITIES["cmdline"]:
        handler.addFilter(QuietStartup())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.NOTSET)
    if handler.level > logging.DEBUG:
        # Spidermon reports monitor by monitor through the spider's logger; the "Health:" line and
        # the summary say it in one line, and failures still show (as errors).
        logging.getLogger(ArbuzSpider.name).setLevel(logging.WARNING)
