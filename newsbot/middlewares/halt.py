"""Once the archive has failed, no request leaves: the crawl stops at once (DESIGN §5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from pipelines.store.pipeline import archive_has_failed

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler


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
