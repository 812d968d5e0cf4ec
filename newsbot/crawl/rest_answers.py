"""What a REST answer says, read the same way by every navigation: a posts list or not, its
totals, its posts' site-local times, and where a post's page is."""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from typing import Any

from scrapy.http import Response

from newsbot.crawl.dates import local_naive_time
from newsbot.prepare import MAX_POST_ID
from newsbot.sites import SiteProfile

logger = logging.getLogger(__name__)

PAST_THE_END = 400
"""WordPress's answer to a page past the last (`rest_post_invalid_page_number`)."""
PAGES_AHEAD = 8
"""Pages of a listing asked for before the earlier ones have answered."""


def pages_announced(response: Response, page_size: int, most: int) -> int:
    """The pages a REST collection's first page announces: `X-WP-TotalPages`, at most what
    `X-WP-Total` fills and `most`."""
    pages = header_int(response, b"X-WP-TotalPages") or 1
    total = header_int(response, b"X-WP-Total")
    if total is not None:
        pages = min(pages, -(-total // page_size))
    if pages > most:
        logger.warning("The site announces %d pages: reading at most %d", pages, most)
    return max(1, min(pages, most))


def is_rest_json(response: Response) -> bool:
    """Whether the response is a REST collection (a JSON list), not an HTML page or an error."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return response.status == 200 and "json" in content_type and response.body.lstrip()[:1] == b"["


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
