"""An item pipeline for crawl subprocesses of the tests: Ctrl-C pressed as the spider closes."""

from __future__ import annotations

import os
import signal
from typing import Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor, task


class InterruptAsTheSpiderCloses:
    """Sends its own process SIGINT as the pipelines close, then lets the reactor run a while:
    Scrapy's stop then finds the spider closing and stops the engine while it still closes."""

    async def close_spider(self, spider: Any = None) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        await maybe_deferred_to_future(task.deferLater(reactor, 0.5, lambda: None))  # type: ignore[arg-type]
