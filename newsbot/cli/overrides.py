"""`-s NAME=VALUE` pairs: parsed, and typed like the setting they change before any crawl starts.

newsbot's own settings and the Scrapy settings a crawl leans on have an expected type; a value
that is not of it is a usage error naming the setting and the type. Any other setting goes to
Scrapy as given.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrapy.settings import default_settings

from newsbot import settings as project_settings
from newsbot.contact import checked_contact


class BadSetting(ValueError):
    """A `-s` pair that cannot be used; the message names it and says what it takes."""


@dataclass(frozen=True)
class Expected:
    """What a setting takes: in words, and the conversion of a command-line string to it."""

    words: str
    convert: Callable[[str], object]


def _spelled(number: float) -> str:
    """`number` as a user types it: whole numbers in full, others in the shortest form."""
    return str(int(number)) if number == int(number) else f"{number:g}"


def _number(minimum: float, maximum: float, *, integer: bool = False) -> Expected:
    def convert(text: str) -> object:
        value: float = int(text) if integer else float(text)
        if not (math.isfinite(value) and minimum <= value <= maximum):
            raise ValueError(text)
        return value

    kind = "a whole number" if integer else "a number"
    bounds = f"from {minimum:g} to {_spelled(maximum)}"
    return Expected(f"{kind} {bounds}", convert)


def _boolean(text: str) -> bool:
    spelled = {"1": True, "true": True, "0": False, "false": False}
    if text.strip().lower() not in spelled:
        raise ValueError(text)
    return spelled[text.strip().lower()]


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _statuses(text: str) -> list[int]:
    codes = [int(code) for code in _names(text)]
    if not all(100 <= code <= 599 for code in codes):
        raise ValueError(text)
    return codes


def _json_object(text: str) -> dict[str, Any]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError(text)
    return value


def _log_level(text: str) -> str:
    if text.strip().upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError(text)
    return text.strip().upper()


LARGEST_COUNT = 2**63 - 1
"""The largest whole number SQLite stores."""
LONGEST_TIMER = 2_000_000.0
"""Seconds: the longest wait a timer of the event loop and SQLite's busy timeout can take."""
TEN_YEARS = 3653 * 86400.0
"""Seconds: the longest span a run looks back or ahead over."""

SECONDS = _number(0, LONGEST_TIMER)
SPAN = _number(0, TEN_YEARS)
COUNT = _number(0, LARGEST_COUNT, integer=True)
AT_LEAST_ONE = _number(1, LARGEST_COUNT, integer=True)
SHARE = _number(0, 1)
BOOLEAN = Expected("true or false (1 or 0)", _boolean)
NAMES = Expected("names separated by commas", _names)
STATUSES = Expected("HTTP status codes separated by commas", _statuses)
JSON_OBJECT = Expected('a JSON object, e.g. {"categories": 0.95}', _json_object)
LOG_LEVEL = Expected("one of DEBUG, INFO, WARNING, ERROR, CRITICAL", _log_level)

EXPECTED: dict[str, Expected] = {
    "NEWSBOT_DB_BATCH_SIZE": AT_LEAST_ONE,
    "NEWSBOT_DB_FLUSH_SECONDS": SECONDS,
    "NEWSBOT_DB_BUSY_TIMEOUT": SECONDS,
    "NEWSBOT_WATERMARK_OVERLAP": SPAN,
    "NEWSBOT_INCREMENTAL_SITEMAPS": COUNT,
    "NEWSBOT_MAX_PAGES": AT_LEAST_ONE,
    "NEWSBOT_REVISIT_DAYS": _number(0, TEN_YEARS / 86400),
    "NEWSBOT_RETRY_AFTER_STATUSES": STATUSES,
    "NEWSBOT_RETRY_AFTER_MAX": SECONDS,
    "NEWSBOT_UNREACHABLE_AFTER": AT_LEAST_ONE,
    "NEWSBOT_FIRST_ANSWER_TIMEOUT": _number(0.001, LONGEST_TIMER),
    "NEWSBOT_SILENCE_LIMIT": SECONDS,
    "NEWSBOT_ARTICLE_RETRY_MINUTES": _number(0, TEN_YEARS / 60),
    "NEWSBOT_ARTICLE_RETRY_ATTEMPTS": AT_LEAST_ONE,
    "NEWSBOT_SWEEP_EVERY_HOURS": _number(0, TEN_YEARS / 3600),
    "NEWSBOT_SWEEP_MAX_MISSING_SHARE": SHARE,
    "NEWSBOT_SWEEP_MIN_MISSING": COUNT,
    "NEWSBOT_PROGRESS": BOOLEAN,
    "NEWSBOT_PROGRESS_INTERVAL": _number(0.01, LONGEST_TIMER),
    "NEWSBOT_HEALTH_MIN_ERRORS": _number(0, LARGEST_COUNT),
    "NEWSBOT_HEALTH_MAX_ERROR_RATE": SHARE,
    "NEWSBOT_HEALTH_MAX_REJECTED_RATE": SHARE,
    "NEWSBOT_HEALTH_SAME_PAGE_URLS": AT_LEAST_ONE,
    "NEWSBOT_HEALTH_MAX_EMPTY_LISTING_RATE": SHARE,
    "NEWSBOT_HEALTH_MIN_ITEMS": _number(0, LARGEST_COUNT),
    "NEWSBOT_HEALTH_MIN_HISTORY": _number(0, LARGEST_COUNT),
    "NEWSBOT_HEALTH_COVERAGE_DROP": SHARE,
    "NEWSBOT_HEALTH_COVERAGE_SIGNIFICANCE": SHARE,
    "NEWSBOT_HEALTH_EXPECTED_COVERAGE": JSON_OBJECT,
    "NEWSBOT_ALERT_ACTIONS": NAMES,
    "NEWSBOT_ROBOTSTXT_MAXSIZE": _number(500 * 1024, 2**31, integer=True),
    "NEWSBOT_SITEMAP_MAXSIZE": _number(1024, 2**31, integer=True),
    "NEWSBOT_CONTACT": Expected("an http(s) URL or an e-mail address", checked_contact),
    "DOWNLOAD_DELAY": SECONDS,
    "RANDOMIZE_DOWNLOAD_DELAY": BOOLEAN,
    "CONCURRENT_REQUESTS": AT_LEAST_ONE,
    "CONCURRENT_REQUESTS_PER_DOMAIN": AT_LEAST_ONE,
    "CONCURRENT_ITEMS": AT_LEAST_ONE,
    "AUTOTHROTTLE_ENABLED": BOOLEAN,
    "AUTOTHROTTLE_DEBUG": BOOLEAN,
    "AUTOTHROTTLE_START_DELAY": SECONDS,
    "AUTOTHROTTLE_MAX_DELAY": SECONDS,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": _number(0.01, LARGEST_COUNT),
    "RETRY_ENABLED": BOOLEAN,
    "RETRY_TIMES": COUNT,
    "RETRY_HTTP_CODES": STATUSES,
    "DOWNLOAD_TIMEOUT": _number(0.001, LONGEST_TIMER),
    "DOWNLOAD_MAXSIZE": COUNT,
    "DOWNLOAD_WARNSIZE": COUNT,
    "DOWNLOAD_FAIL_ON_DATALOSS": BOOLEAN,
    "DNS_TIMEOUT": _number(0.001, LONGEST_TIMER),
    "ROBOTSTXT_OBEY": BOOLEAN,
    "COOKIES_ENABLED": BOOLEAN,
    "REDIRECT_ENABLED": BOOLEAN,
    "REDIRECT_MAX_TIMES": COUNT,
    "HTTPCACHE_ENABLED": BOOLEAN,
    "CLOSESPIDER_PAGECOUNT": COUNT,
    "CLOSESPIDER_ITEMCOUNT": COUNT,
    "CLOSESPIDER_ERRORCOUNT": COUNT,
    "CLOSESPIDER_TIMEOUT": SECONDS,
    "DEPTH_LIMIT": COUNT,
    "MEMUSAGE_LIMIT_MB": COUNT,
    "LOG_LEVEL": LOG_LEVEL,
    "LOG_ENABLED": BOOLEAN,
    "SPIDERMON_ENABLED": BOOLEAN,
    "SPIDERMON_EXPECTED_FINISH_REASONS": NAMES,
}
"""The types checked before a crawl: every number newsbot reads (settings.py), and the Scrapy
settings of politeness, retries, limits and logging."""


def _known_names() -> set[str]:
    names = {name for name in dir(default_settings) if name.isupper()}
    return names | {name for name in dir(project_settings) if name.isupper()} | set(EXPECTED)


def parse_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    """`-s NAME=VALUE` pairs as a dict; a malformed one is a BadSetting."""
    parsed: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise BadSetting(f"-s takes NAME=VALUE, not {pair!r}")
        parsed[name.strip()] = value
    return parsed


def typed_settings(pairs: dict[str, str]) -> dict[str, object]:
    """Each value converted to its setting's type (strings where the type is not checked).

    Raises BadSetting naming the setting and the type it takes.
    """
    typed: dict[str, object] = {}
    for name, value in pairs.items():
        expected = EXPECTED.get(name)
        if expected is None:
            typed[name] = value
            continue
        try:
            typed[name] = expected.convert(value)
        except (ValueError, OverflowError):
            raise BadSetting(f"-s {name}={value!r}: {name} takes {expected.words}") from None
    return typed


def unknown_names(pairs: dict[str, str]) -> list[str]:
    """A line for each name that is no setting of Scrapy or newsbot but is close to one."""
    known = _known_names()
    lines = []
    for name in pairs:
        if name in known or name.startswith("SPIDERMON_"):
            continue
        close = difflib.get_close_matches(name.upper(), known, n=1, cutoff=0.8)
        if close:
            lines.append(f"-s {name} is not a setting newsbot or Scrapy knows: {close[0]}?")
    return lines
