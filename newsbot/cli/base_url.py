"""The base URL pages are fetched from: checked and written one way before a crawl starts."""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import quote, urlsplit

import click

_HOST_LABEL = re.compile(r"\A(?!-)[a-z0-9_-]{1,63}(?<!-)\Z")
"""One label of an ASCII host name (after IDNA encoding)."""


def _host(hostname: str, text: str) -> str:
    """The host as it goes into a URL: an IPv6 literal in brackets, a name in IDNA form."""
    if ":" in hostname:
        try:
            return f"[{ipaddress.IPv6Address(hostname).compressed}]"
        except ValueError:
            raise ValueError(f"{text!r} names no valid IPv6 address") from None
    try:
        ascii_host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError(f"{text!r} names no valid host") from None
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or not all(_HOST_LABEL.match(label) for label in labels):
        raise ValueError(f"{text!r} names no valid host")
    return ascii_host.rstrip(".")


def checked_base_url(value: str) -> str:
    """`scheme://host[:port][/path]` without a trailing slash; raises ValueError saying what
    is wrong with `value` and what to give instead.

    A path is kept: a mirror under `http://host/subdir/` serves the outlet's paths below it.
    """
    text = value.strip()
    try:
        parts = urlsplit(text)
        hostname = parts.hostname
    except ValueError as error:
        raise ValueError(f"{value!r} is not a valid URL ({error})") from None
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an http(s) URL (e.g. http://127.0.0.1:8000/)")
    if "@" in parts.netloc:
        raise ValueError(
            f"{value!r} holds a user name or password, which newsbot does not send: "
            "give the address alone"
        )
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ValueError(f"{value!r} has a query or fragment: give the address alone")
    if port is not None and not 1 <= port <= 65535:
        raise ValueError(f"the port of {value!r} is not a number from 1 to 65535")
    host = _host(hostname or "", value)
    netloc = host if port is None else f"{host}:{port}"
    path = quote(parts.path.rstrip("/"), safe="/%:@!$&'()*+,;=-._~")
    return f"{parts.scheme.lower()}://{netloc}{path}"


class BaseUrl(click.ParamType[str]):
    """An `http(s)://host[:port][/path]` URL pages are fetched from."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return checked_base_url(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)
