"""The replica's switches: what the site looks like and how badly it behaves."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

THEMES = ("arbuz", "redesign")
FAULT_STATUSES = (500, 503, 429)
RETRY_AFTER_STATUSES = frozenset({429, 503})


class ConfigError(ValueError):
    """A switch value the replica cannot take; the message names the switch."""


@dataclass(frozen=True)
class Config:
    rest: bool = True
    theme: str = "arbuz"
    categories: bool = True
    sitemap_lastmod: bool = True
    """Posts sitemaps carry `<lastmod>` (some WordPress installs omit it)."""
    fault_rate: float = 0.0
    fault_statuses: tuple[int, ...] = (500, 503)
    retry_after: int = 1
    slow: float = 0.0
    """Seconds every site response is delayed."""
    hang_rate: float = 0.0
    truncate_rate: float = 0.0
    faults_on_robots: bool = False

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ConfigError(f"theme must be one of {', '.join(THEMES)}, not {self.theme!r}")
        for name in ("fault_rate", "hang_rate", "truncate_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ConfigError(f"{name} must be between 0 and 1")
        if self.slow < 0 or self.retry_after < 0:
            raise ConfigError("slow and retry_after cannot be negative")
        if not self.fault_statuses or any(s not in FAULT_STATUSES for s in self.fault_statuses):
            raise ConfigError(f"fault_statuses must be some of {list(FAULT_STATUSES)}")

    def updated(self, changes: dict[str, Any]) -> Config:
        """A copy with `changes` (JSON values) applied; raises ConfigError on a bad one."""
        values: dict[str, Any] = {}
        for field in fields(self):
            if field.name not in changes:
                continue
            value = changes[field.name]
            default = getattr(self, field.name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, tuple):
                ok = isinstance(value, list) and all(type(item) is int for item in value)
                value = tuple(value) if ok else value
            elif isinstance(default, float):
                ok = isinstance(value, int | float) and not isinstance(value, bool)
                value = float(value) if ok else value
            elif isinstance(default, int):
                ok = type(value) is int
            else:
                ok = isinstance(value, str)
            if not ok:
                raise ConfigError(f"{field.name}: {value!r} is not a {type(default).__name__}")
            values[field.name] = value
        unknown = set(changes) - {field.name for field in fields(self)}
        if unknown:
            raise ConfigError(f"unknown switch(es): {', '.join(sorted(unknown))}")
        return replace(self, **values)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["fault_statuses"] = list(self.fault_statuses)
        return data
