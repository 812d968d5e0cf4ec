"""The outlet the replica plays, and how it prints URLs and dates (the replica's own model).

Nothing here comes from the crawler's site profile: the replica is an independent model of a
WordPress outlet, so a test comparing a crawl with it compares two descriptions of the site.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")
NAME_LIMIT = 100


# The outlet's WordPress URLs: permalinks `/%postname%/`, core sitemaps, the REST API.
FEED = "/feed/"
ROBOTS = "/robots.txt"
SITEMAP_INDEX = "/wp-sitemap.xml"
REST_ROOT = "/wp-json/"
REST_V2 = "/wp-json/wp/v2"
REST_POSTS = f"{REST_V2}/posts"
LISTING_PAGE_SIZE = 20
"""Posts per listing page (home, archives): the outlet's "Blog pages show at most"."""
FEED_SIZE = 10
"""Items per RSS feed: the outlet's "Syndication feeds show the most recent"."""
BYLINE_META_KEY = "byline"
"""The registered post meta the REST API exposes the printed byline under."""


class OutletError(ValueError):
    """An outlet description the replica cannot serve; the message names the field."""


@cache
def data_file(name: str) -> Any:
    """One of the replica's data files (`newsbot/replica/data/NAME`), parsed as JSON."""
    return json.loads((files("newsbot.replica") / "data" / name).read_text(encoding="utf-8"))


MONTHS_GENITIVE: tuple[str, ...] = tuple(data_file("russian.json")["months_genitive"])
MONTHS_NOMINATIVE: tuple[str, ...] = tuple(data_file("russian.json")["months_nominative"])


@dataclass(frozen=True)
class Outlet:
    """Who the replica pretends to be: name, host, time zone and `<title>` separator."""

    name: str = "АРБУЗ"
    host: str = "arbuztoday.ru"
    zone_name: str = "Europe/Astrakhan"
    title_separator: str = " | "
    """What the theme prints between a page's title and the outlet's name in `<title>`."""
    description: str = "Новости Астрахани и Астраханской области"

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > NAME_LIMIT or "\n" in self.name:
            raise OutletError(f"site name: one line of 1 to {NAME_LIMIT} characters")
        if not HOST.match(self.host):
            raise OutletError(f"site host: {self.host!r} is not a lower-case host name")
        try:
            ZoneInfo(self.zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise OutletError(f"site zone: no time zone {self.zone_name!r}") from None
        if not 0 < len(self.title_separator) <= 10 or "\n" in self.title_separator:
            raise OutletError("title separator: 1 to 10 characters on one line")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone_name)

    @property
    def base_url(self) -> str:
        return f"https://{self.host}"

    @property
    def title_suffix(self) -> str:
        """What follows a page's title in `<title>`, e.g. ` | АРБУЗ`."""
        return f"{self.title_separator}{self.name}"

    def url(self, path: str) -> str:
        """The absolute URL of a site path (`/feed/` → `https://host/feed/`)."""
        return self.base_url + path

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def local_iso(self, moment: datetime) -> str:
        """`2019-11-07T21:00:22+04:00`: the site-local form of OpenGraph and `<time>`."""
        return self.local(moment).isoformat()

    def local_naive(self, moment: datetime) -> str:
        """`2019-11-07T21:00:22`: the REST `date` and `modified` fields (site-local)."""
        return self.local(moment).strftime("%Y-%m-%dT%H:%M:%S")

    def printed_date(self, moment: datetime) -> str:
        """The date the theme prints, e.g. `7 ноября 2019, 21:00` (local, genitive month)."""
        local = self.local(moment)
        return f"{local.day} {MONTHS_GENITIVE[local.month - 1]} {local.year}, {local:%H:%M}"


DEFAULT_OUTLET = Outlet()


def utc_iso(moment: datetime) -> str:
    """`2019-11-07T17:00:22+00:00`: the form of the seed document and of sitemaps."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def gmt_naive(moment: datetime) -> str:
    """`2019-11-07T17:00:22`: the REST `date_gmt` and `modified_gmt` fields."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


_REST_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?"
    r"(?:(?P<utc>[Zz])|(?P<sign>[+-])(?P<hours>\d{2})(?::?(?P<minutes>\d{2}))?)?$"
)


def parse_rest_date(text: str, zone: ZoneInfo) -> datetime:
    """A REST date parameter as WordPress reads it (RFC 3339; site-local without an offset).

    Raises ValueError for anything else, a bare date included.
    """
    found = _REST_DATE.match(text.strip())
    if found is None:
        raise ValueError(f"not a date-time: {text!r}")
    year, month, day, hour, minute, second = (int(part) for part in found.groups()[:6])
    moment = datetime(year, month, day, hour, minute, second)
    if found["utc"]:
        return moment.replace(tzinfo=UTC)
    if not found["sign"]:
        return moment.replace(tzinfo=zone)
    offset = timedelta(hours=int(found["hours"]), minutes=int(found["minutes"] or 0))
    return moment.replace(tzinfo=timezone(-offset if found["sign"] == "-" else offset))
