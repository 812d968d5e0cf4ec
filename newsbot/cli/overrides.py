"""`-s NAME=VALUE` pairs: parsed, and typed like the setting they change before any crawl starts.

newsbot's own settings and the Scrapy settings a crawl leans on are annotated with what they take
in `newsbot.settings`; a value that is not of it is a usage error naming the setting and the kind.
Any other setting goes to Scrapy as given.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import get_type_hints
from urllib.parse import urlparse

from scrapy.settings import default_settings
from w3lib.url import file_uri_to_path

from newsbot import settings as project_settings
from newsbot.settings import Kind


class BadSetting(ValueError):
    """A `-s` pair that cannot be used; the message names it and says what it takes."""


def _kinds() -> dict[str, Kind]:
    hints = get_type_hints(project_settings, include_extras=True)
    return {
        name: kind
        for name, hint in hints.items()
        for kind in getattr(hint, "__metadata__", ())
        if isinstance(kind, Kind)
    }


EXPECTED: dict[str, Kind] = _kinds()
"""What each setting annotated in `newsbot.settings` takes: every number newsbot reads, and the
Scrapy settings of politeness, retries, limits and logging."""


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
    known = {name for name in dir(default_settings) if name.isupper()} | set(EXPECTED)
    known |= {name for name in dir(project_settings) if name.isupper()}
    lines = []
    for name in pairs:
        if name in known or name.startswith("SPIDERMON_"):
            continue
        close = difflib.get_close_matches(name.upper(), known, n=1, cutoff=0.8)
        if close:
            lines.append(f"-s {name} is not a setting newsbot or Scrapy knows: {close[0]}?")
    return lines


def unwritable_feed(uri: str) -> str | None:
    """Why Scrapy could not write the feed `uri` on this machine, or None (also for a feed that
    goes elsewhere): the file, or the nearest folder it would be made in, refuses writes."""
    if urlparse(uri).scheme not in ("", "file"):
        return None
    path = Path(file_uri_to_path(uri) if uri.startswith("file:") else uri).absolute()
    place = next(place for place in (path, *path.parents) if os.path.exists(place))
    if place == path:
        writable = not path.is_dir() and os.access(path, os.W_OK)
    else:
        writable = place.is_dir() and os.access(place, os.W_OK | os.X_OK)
    kind = "file" if place == path else "directory"
    return None if writable else f"cannot write the feed {path}: {place} is not a writable {kind}"
