"""Once the archive has failed, no request leaves: the crawl stops at once (DESIGN §5), also
when the spider's own reads of the archive (its state, as the crawl starts) fail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from newsbot.normalize import StoredValueError
from pipelines.store import ArchiveError
from pipelines.store.errors import unreadable_value
from pipelines.store.pipeline import archive_failed, archive_has_failed

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from typing import Any, Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class HaltOnArchiveError:
    """Refuses every request after a write of the archive failed (its errback stays quiet)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if archive_has_failed(self.crawler):
            raise IgnoreRequest("the archive failed: the crawl is stopping")


class StopOnArchiveError:
    """A spider middleware: an `ArchiveError` the spider raises (reading its state as it starts,
    or in a callback), or a stored value it cannot read, stops the crawl as a failed write does,
    with the error's one line."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db = Path(crawler.settings.get("NEWSBOT_DB") or "")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _failed(self, error: Exception) -> bool:
        """Stop the crawl when `error` is the archive's; say whether it was."""
        if isinstance(error, StoredValueError):
            error = unreadable_value(self.db, error)
        if not isinstance(error, ArchiveError):
            return False
        archive_failed(self.crawler, error)
        return True

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        try:
            async for item_or_request in start:
                yield item_or_request
        except (ArchiveError, StoredValueError) as error:
            self._failed(error)

    def process_spider_exception(
        self, response: Response, exception: Exception
    ) -> list[Any] | None:
        return [] if self._failed(exception) else None
