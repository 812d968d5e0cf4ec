"""What a REST answer says, read the same way by every navigation: a posts list or not, how
many pages to walk, its posts' site-local times, and where a post's page is."""

from __future__ import annotations

import logging
from codecs import BOM_UTF8
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from scrapy.http import Response

from newsbot.crawl.dates import local_naive_time
from newsbot.normalize.urls import MAX_POST_ID
from newsbot.sites import SiteProfile

logger = logging.getLogger(__name__)

PAST_THE_END = 400
"""WordPress's answer to a page past the last (`rest_post_invalid_page_number`)."""
PAGES_AHEAD = 8
"""Pages of a listing asked for before the earlier ones have answered."""


@dataclass(frozen=True)
class Received:
    """What a page of a window held: its first and last post's site-local time and id."""

    first: datetime | None
    last: datetime | None
    first_id: Any = None
    last_id: Any = None


def joined(earlier: Received | None, later: Received | None) -> bool:
    """Whether `later` starts with the post `earlier` ended with: no post moved between them."""
    if earlier is None or later is None:
        return False
    return earlier.last_id is not None and bool(later.first_id == earlier.last_id)


class PageWalk:
    """The pages of a paged REST collection: as many as its first page announces
    (`X-WP-TotalPages`, at most what `X-WP-Total` fills and `most`), asked for a few ahead at a
    time, and ending early at an empty page or WordPress's 400 past the end. With `overlap`,
    each page after the first starts with that many posts of the one before."""

    def __init__(self, first: Response, page_size: int, most: int, overlap: int = 0) -> None:
        pages = header_int(first, b"X-WP-TotalPages") or 1
        total = header_int(first, b"X-WP-Total")
        posts = pages * page_size if total is None else min(total, pages * page_size)
        pages = -(-(posts - overlap) // (page_size - overlap))
        if pages > most:
            logger.warning("The site announces %d pages: reading at most %d", pages, most)
        self.last = max(1, min(pages, most))
        """The last page, as far as the walk knows."""

    def first_pages(self) -> range:
        """The pages to ask for once the first has answered."""
        return range(2, min(self.last, PAGES_AHEAD + 1) + 1)

    def next_page(self, answered: int, empty: bool = False) -> int | None:
        """The page to ask for once page `answered` (not the first) is over, if there is one;
        none after an `empty` page (or the 400 past the end): the walk ends before it."""
        if empty:
            self.last = min(self.last, max(answered - 1, 1))
            return None
        number = answered + PAGES_AHEAD
        return number if 1 + PAGES_AHEAD < number <= self.last else None


def overlapping_page(number: int, page_size: int) -> dict[str, int]:
    """The query of page `number` of a walk whose every page after the first starts with the
    last post of the one before (WordPress's `offset` overrides `page`)."""
    return {"page": 1} if number == 1 else {"offset": (number - 1) * (page_size - 1)}


def is_rest_json(response: Response) -> bool:
    """Whether the response is a REST collection (a JSON list), not an HTML page or an error."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    body = response.body.removeprefix(BOM_UTF8).lstrip()
    return response.status == 200 and "json" in content_type and body[:1] == b"["


def post_time(posts: list[dict[str, Any]], index: int, field: str, zone: tzinfo) -> datetime | None:
    """The site-local naive time `field` of `posts[index]`, None when it cannot be read."""
    if not posts:
        return None
    try:
        moment = datetime.fromisoformat(str(posts[index].get(field, "")))
    except ValueError:
        return None
    return local_naive_time(moment, zone) if moment.tzinfo else moment


def header_int(response: Response, name: bytes) -> int | None:
    """A response header's integer (`X-WP-Total`, `X-WP-TotalPages`), None when absent."""
    value = response.headers.get(name)
    return int(value) if value and value.strip().isdigit() else None


def post_page(post: dict[str, Any], profile: SiteProfile) -> str | None:
    """Where a later run can fetch a post again: its link, else its `?p=ID` shortlink."""
    link, number = post.get("link"), post.get("id")
    if isinstance(link, str) and link.startswith(("http://", "https://")):
        return link[:2000]
    if type(number) is int and 0 < number <= MAX_POST_ID:
        return profile.base_url + profile.paths.shortlink.format(post_id=number)
    return None
