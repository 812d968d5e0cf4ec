"""What one probe request got: an HTTP answer, or why there was none (no Scrapy here)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Answer:
    """One HTTP answer as the probe read it (redirects followed)."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    """Header names in lower case."""
    body: bytes = b""

    def header(self, name: str) -> str | None:
        value = self.headers.get(name.lower(), "").strip()
        return value or None

    def header_int(self, name: str) -> int | None:
        value = self.header(name)
        return int(value) if value and value.isdigit() else None

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")

    def json(self) -> Any:
        """The body as JSON when the answer is a 200 declared as JSON, else None."""
        if self.status != 200 or "json" not in (self.content_type or "").lower():
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def validators(self) -> list[str]:
        """The validators a conditional request could send back: `etag`, `last_modified`."""
        present = (("etag", "ETag"), ("last_modified", "Last-Modified"))
        return [name for name, header in present if self.header(header)]

    def conditional_headers(self) -> dict[str, str]:
        """`If-None-Match` / `If-Modified-Since` from this answer's validators."""
        asked = (("If-None-Match", "ETag"), ("If-Modified-Since", "Last-Modified"))
        return {name: value for name, header in asked if (value := self.header(header))}


@dataclass(frozen=True)
class Miss:
    """A request that got no answer: robots.txt forbids it, or the site did not answer."""

    url: str
    reason: str


Fetched = Answer | Miss
"""What a probe request came to."""


def status_of(fetched: Fetched | None) -> int | None:
    """The HTTP status, or None when there was no answer (or no request)."""
    return fetched.status if isinstance(fetched, Answer) else None


def missed_reason(fetched: Fetched | None) -> str | None:
    """Why there is no answer: `forbidden by robots.txt`, the network error, or None."""
    return fetched.reason if isinstance(fetched, Miss) else None
