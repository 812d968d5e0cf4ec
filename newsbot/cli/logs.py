"""Log output of a crawl started by the `newsbot` command: one line per record, never a network
traceback, and on a terminal printed above the progress display without being wrapped."""

from __future__ import annotations

import logging

from rich.console import Console
from rich.text import Text
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
from scrapy.settings import Settings
from twisted.internet.error import ConnectError, DNSLookupError

from newsbot.extensions.progress import CONSOLE
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

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
            style = LEVEL_STYLES.get(record.levelno, "")
            self.console.print(Text(line, style=style), soft_wrap=True, highlight=False)
        except Exception:
            self.handleError(record)


def configure_logging(settings: Settings) -> None:
    """Log lines above the progress display on a terminal, plain lines elsewhere."""
    handler: logging.Handler
    if CONSOLE.is_terminal:
        handler = ConsoleLines(CONSOLE)
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s", "%H:%M:%S")
        )
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
