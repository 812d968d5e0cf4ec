"""`Reply`: what the replica answers to one request, before HTTP details (ETag, 304) are added."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from functools import cache, cached_property
from typing import Any

from newsbot.replica.listings import not_found_page
from newsbot.replica.outlet import Outlet

HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str
    last_modified: datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)
    location: str = ""
    """For redirects: the target path on the replica's own host."""

    @cached_property
    def etag(self) -> str:
        """A page's tag is its bytes'; WordPress tags a feed by the site's last change (the md5
        of its `Last-Modified`), so an edit of a post the feed does not show changes it too."""
        basis = self.body
        if self.content_type == RSS and self.last_modified is not None:
            basis = format_datetime(self.last_modified, usegmt=True).encode()
        return '"' + hashlib.md5(basis, usedforsecurity=False).hexdigest() + '"'


def text_reply(text: str, content_type: str = HTML, last_modified: datetime | None = None) -> Reply:
    return Reply(200, text.encode("utf-8"), content_type, last_modified)


def wp_json(data: Any) -> bytes:
    """JSON as WordPress encodes it: compact, `\\uXXXX` escapes and escaped slashes."""
    return json.dumps(data, separators=(",", ":")).replace("/", "\\/").encode("ascii")


def json_reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, wp_json(data), JSON, headers=headers or {})


def rest_error(code: str, message: str, status: int, **extra: Any) -> Reply:
    return json_reply(
        {"code": code, "message": message, "data": {"status": status, **extra}}, status
    )


def redirect(path: str) -> Reply:
    return Reply(301, b"", HTML, location=path)


@cache
def not_found(outlet: Outlet) -> Reply:
    """The theme's 404 page."""
    return Reply(404, not_found_page(outlet).encode("utf-8"), HTML)
