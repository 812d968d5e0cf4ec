"""The replica's switches: what the site looks like and how badly it behaves."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

THEMES = ("arbuz", "redesign")
SITEMAPS = ("yoast", "core")
"""Yoast SEO's sitemaps (the outlet's), or WordPress core's (a site without an SEO plugin)."""
FAULT_STATUSES = (404, 429, 500, 502, 503, 504)
"""Statuses a fault may answer with: a lost page, an overloaded or a failing site."""
RETRY_AFTER_STATUSES = frozenset({429, 503})
MAX_SLOW = 60.0
"""Seconds: the longest delay `slow` may add to every response."""
MAX_RETRY_AFTER = 3600


class ConfigError(ValueError):
    """A switch value the replica cannot take; `field` names the switch."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Config:
    rest: bool = True
    theme: str = "arbuz"
    categories: bool = True
    sitemaps: str = "yoast"
    sitemap_lastmod: bool = True
    """Core's posts sitemaps carry `<lastmod>` (some WordPress installs omit it)."""
    validators: bool = True
    """Every page carries ETag and Last-Modified and a conditional request may get 304; off: only
    feeds do, as on a stock WordPress (article pages, REST and sitemaps send none)."""
    fault_rate: float = 0.0
    fault_statuses: tuple[int, ...] = (500, 503)
    retry_after: int = 1
    slow: float = 0.0
    """Seconds every site response is delayed."""
    hang_rate: float = 0.0
    truncate_rate: float = 0.0
    faults_on_robots: bool = False
    failing: tuple[str, ...] = ()
    """Requests whose path and query hold any of these answer 500, every time."""

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ConfigError("theme", f"one of {', '.join(THEMES)}, not {self.theme!r}")
        if self.sitemaps not in SITEMAPS:
            raise ConfigError("sitemaps", f"one of {', '.join(SITEMAPS)}, not {self.sitemaps!r}")
        for name in ("fault_rate", "hang_rate", "truncate_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ConfigError(name, "a rate from 0 to 1")
        if not 0 <= self.slow <= MAX_SLOW:
            raise ConfigError("slow", f"seconds from 0 to {MAX_SLOW:g}")
        if not 0 <= self.retry_after <= MAX_RETRY_AFTER:
            raise ConfigError("retry_after", f"seconds from 0 to {MAX_RETRY_AFTER}")
        statuses = self.fault_statuses
        allowed = ", ".join(map(str, FAULT_STATUSES))
        if not statuses or len(set(statuses)) != len(statuses):
            raise ConfigError("fault_statuses", f"one or more distinct statuses of {allowed}")
        if any(status not in FAULT_STATUSES for status in statuses):
            raise ConfigError("fault_statuses", f"statuses among {allowed}")

    def updated(self, changes: dict[str, Any]) -> Config:
        """A copy with `changes` (JSON values) applied; raises ConfigError on a bad one."""
        unknown = sorted(set(changes) - {field.name for field in fields(self)})
        if unknown:
            raise ConfigError(unknown[0], "no such switch")
        values: dict[str, Any] = {}
        for name in (field.name for field in fields(self) if field.name in changes):
            value, default = changes[name], getattr(self, name)
            kind = type(default).__name__
            if isinstance(default, tuple):
                item = str if name == "failing" else int
                kind = f"list of {'strings' if item is str else 'integers'}"
                ok = isinstance(value, list) and all(type(one) is item for one in value)
            elif isinstance(default, float):
                ok = isinstance(value, int | float) and not isinstance(value, bool)
            else:
                ok = type(value) is type(default)
            if not ok:
                raise ConfigError(name, f"expected a {kind}, not {value!r}"[:200])
            values[name] = type(default)(value)
        return replace(self, **values)
