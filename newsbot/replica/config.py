"""The replica's switches: what the site looks like and how badly it behaves."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

THEMES = ("arbuz", "redesign")
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
    sitemap_lastmod: bool = True
    """Posts sitemaps carry `<lastmod>` (some WordPress installs omit it)."""
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
        for field in fields(self):
            if field.name not in changes:
                continue
            value = changes[field.name]
            default = getattr(self, field.name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, tuple):
                item_type = str if field.name == "failing" else int
                ok = isinstance(value, list) and all(type(item) is item_type for item in value)
                value = tuple(value) if ok else value
            elif isinstance(default, float):
                ok = isinstance(value, int | float) and not isinstance(value, bool)
                value = float(value) if ok else value
            elif isinstance(default, int):
                ok = type(value) is int
            else:
                ok = isinstance(value, str)
            if not ok:
                kind = (
                    f"list of {'strings' if field.name == 'failing' else 'integers'}"
                    if isinstance(default, tuple)
                    else type(default).__name__
                )
                raise ConfigError(field.name, f"expected a {kind}, not {value!r}"[:200])
            values[field.name] = value
        return replace(self, **values)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["fault_statuses"] = list(self.fault_statuses)
        data["failing"] = list(self.failing)
        return data
