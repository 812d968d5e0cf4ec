"""Canonical article URLs (DESIGN §5), their stable keys, and the fetch ↔ outlet URL mapping."""

from __future__ import annotations

import hashlib
import re
from functools import cache, lru_cache
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from newsbot.sites import SiteProfile

MAX_POST_ID = 2**63 - 1
"""SQLite's integers are 64-bit: no post id it can hold is larger."""

_AMP_SUFFIX = re.compile(r"(?<=.)/amp/?\Z", re.DOTALL)
"""The `/amp/` variant's ending, after the article's path (never all of it)."""


def _is_outlet(parts: SplitResult, profile: SiteProfile) -> bool:
    """Whether a URL names the outlet: its host (any port, `www.` or not), or an address the
    profile knows serves it under its own name."""
    host = (parts.hostname or "").lower()
    return host in (profile.host, f"www.{profile.host}") or parts.netloc.lower() in profile.aliases


def canonical_url(url: str, profile: SiteProfile) -> str:
    """The one URL an article is stored under.

    w3lib canonicalisation, `https`, the outlet's bare host, tracking parameters dropped,
    the `/amp/` variant folded into the article, and the trailing slash WordPress prints.
    A URL of the shape WordPress prints for its posts is that already, and is returned as it is
    (stages asking again for an article's URL cost a match); others are worked out once each.
    """
    if _plain_shape(profile).fullmatch(url):
        return url
    return _canonicalised(url, profile)


@cache
def _plain_shape(profile: SiteProfile) -> re.Pattern[str]:
    """`https://{host}/a-slug/…/`: unreserved characters in slash-ended segments, no query, no
    fragment, not an `/amp/` variant. w3lib and the rules below leave such a URL unchanged."""
    return re.compile(rf"https://{re.escape(profile.host)}(?:/[A-Za-z0-9_~-]+)*/(?<!/amp/)")


@lru_cache(maxsize=1 << 13)
def _canonicalised(url: str, profile: SiteProfile) -> str:
    """The canonical form of any other URL (cached: a listed link is asked for again later)."""
    absolute = urljoin(f"{profile.base_url}/", url.strip())
    parts = urlsplit(canonicalize_url(absolute, keep_fragments=False))
    netloc = profile.host if _is_outlet(parts, profile) else parts.netloc.lower()
    path = _AMP_SUFFIX.sub("/", parts.path or "/")
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k not in profile.tracking_params and not k.startswith(profile.tracking_prefixes)
        ]
    )
    return urlunsplit(("https", netloc, path, query, ""))


def absolute_url(href: str, base: str) -> str | None:
    """`href` made absolute against `base`; None when it names no URL (`http://[x/`: a broken
    IPv6 host)."""
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return None


def url_path(url: str) -> str:
    """The path of `url`; "" when it is no URL (`http://[x/`)."""
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def linked_url(href: str, base: str, profile: SiteProfile) -> str | None:
    """The canonical URL a link on the page at `base` names; None when it names none (a broken
    host or port: `http://[x/`, `http://a:b/`)."""
    try:
        return canonical_url(urljoin(base, href.strip()), profile)
    except ValueError:
        return None


def media_url(url: str, profile: SiteProfile) -> str:
    """An image's URL as stored: absolute, and on the outlet's own host over `https` when the
    outlet serves it (a copy's address included); other hosts (a CDN) as printed."""
    parts = urlsplit(urljoin(f"{profile.base_url}/", url.strip()))
    if not _is_outlet(parts, profile):
        return urlunsplit(parts._replace(fragment=""))
    return urlunsplit(("https", profile.host, parts.path or "/", parts.query, ""))


def url_key(url: str) -> str:
    """The first 16 hex digits of the SHA-256 of a canonical URL: stable across runs."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def fetch_url(url: str, base_url: str, profile: SiteProfile) -> str:
    """Where to fetch an outlet link (absolute `http(s)` or relative) when serving from `base_url`.

    A base URL with a path (a mirror under `http://host/subdir`) serves the outlet's paths below
    it. Links to any other host are returned unchanged (the offsite guard refuses them).
    """
    absolute = urljoin(f"{profile.base_url}/", url.strip())
    parts = urlsplit(absolute)
    if not _is_outlet(parts, profile):
        return absolute
    target = urlsplit(base_url.rstrip("/"))
    path = parts.path or "/"
    on_base = parts.netloc.lower() == target.netloc.lower()
    if not (on_base and (path == target.path or path.startswith(f"{target.path}/"))):
        path = target.path + path
    return urlunsplit((target.scheme, target.netloc, path, parts.query, ""))


def outlet_url(url: str, base_url: str, profile: SiteProfile) -> str:
    """The outlet's own URL of a page fetched from `base_url` (the inverse of `fetch_url`), over
    either scheme; below the base URL's path, when it has one."""
    base = urlsplit(base_url.rstrip("/"))
    parts = urlsplit(url)
    path = parts.path or "/"
    same_address = parts.netloc.lower() == base.netloc.lower()
    if parts.scheme in ("http", "https") and same_address and path.startswith(f"{base.path}/"):
        return urlunsplit(("https", profile.host, path[len(base.path) :], parts.query, ""))
    return url


def shortlink_post_id(url: str, profile: SiteProfile) -> int | None:
    """The post id an outlet `?p=N` shortlink names (in any variant form), else None."""
    parts = urlsplit(canonical_url(url, profile))
    if parts.hostname != profile.host or parts.path != "/":
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    if len(query) != 1 or query[0][0] != "p" or not query[0][1].isdigit():
        return None
    number = int(query[0][1])
    return number if 0 < number <= MAX_POST_ID else None
