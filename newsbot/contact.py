"""Who runs the crawl: the operator's contact in the User-Agent (DESIGN §4).

The User-Agent is `newsbot/<version> (+<contact>)`, the contact (`NEWSBOT_CONTACT`, `--contact`)
being an http(s) URL or an e-mail address of whoever runs the crawl. A crawl of the outlet's own
host needs one: its operators must be able to reach us. A copy on loopback (the replica, a local
mirror) needs none and is told so (`+local`); the project never names a contact of its own.
`ContactUserAgent`, a Scrapy add-on, sets it for every crawl.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.exceptions import CloseSpider

from newsbot import __version__, crawlstats
from newsbot.hosts import is_loopback_host
from newsbot.sites import SiteProfile, profile_for

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

logger = logging.getLogger(__name__)


CONTACT_SETTING = "NEWSBOT_CONTACT"
"""The setting (and environment variable) naming the operator's contact."""
PRODUCT = f"newsbot/{__version__}"
MISSING_CONTACT = (
    "set your contact for the User-Agent: --contact URL-or-email or NEWSBOT_CONTACT=… "
    "(the site's operators need to reach whoever crawls them)"
)

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")
"""Printable ASCII without spaces: what a User-Agent comment can carry as it is."""


class BadContact(ValueError):
    """A contact that is neither an http(s) URL nor an e-mail address."""


def checked_contact(value: str) -> str:
    """`value` stripped when it is an http(s) URL with a host or `something@something`, "" when
    empty; raises BadContact otherwise."""
    contact = value.strip()
    if not contact:
        return ""
    if not _HEADER_SAFE.fullmatch(contact) or "(" in contact or ")" in contact:
        raise BadContact(
            f"the contact {contact!r} must be printable ASCII without spaces or parentheses "
            "(write an international domain in its xn-- form)"
        )
    parts = urlsplit(contact)
    if parts.scheme.lower() in ("http", "https"):
        if parts.hostname:
            return contact
    elif _EMAIL.fullmatch(contact.removeprefix("mailto:")):
        return contact
    raise BadContact(f"the contact {contact!r} is neither an http(s) URL nor an e-mail address")


def crawl_contact(settings: Mapping[str, Any] | Any) -> tuple[str, str | None]:
    """The contact of a crawl's settings (`NEWSBOT_CONTACT`, else the environment's), and why the
    crawl must not start (a contact that is none, or none for the outlet's own host), or None."""
    profile = profile_for(settings)
    base_url = settings.get("NEWSBOT_BASE_URL") or profile.base_url
    named = settings.get(CONTACT_SETTING) or os.environ.get(CONTACT_SETTING) or ""
    try:
        contact = checked_contact(str(named))
    except BadContact as error:
        return "", str(error)
    if not contact and needs_contact(base_url, profile):
        return "", MISSING_CONTACT
    return contact, None


def is_loopback(base_url: str) -> bool:
    """Whether `base_url` names this machine (127.0.0.0/8, ::1, localhost)."""
    return is_loopback_host(urlsplit(base_url).hostname or "")


def needs_contact(base_url: str, profile: SiteProfile) -> bool:
    """Whether a crawl from `base_url` reaches the outlet itself (its host or `www.` of it)."""
    host = (urlsplit(base_url).hostname or "").rstrip(".").lower()
    return host in (profile.host, f"www.{profile.host}")


def user_agent(contact: str, base_url: str) -> str:
    """The User-Agent of a crawl from `base_url`: the product and whom to reach."""
    if contact:
        return f"{PRODUCT} (+{contact})"
    if is_loopback(base_url):
        return f"{PRODUCT} (+local)"
    return PRODUCT


class ContactUserAgent:
    """`USER_AGENT` = `newsbot/<version> (+NEWSBOT_CONTACT)` (a `-s USER_AGENT=…` still wins).

    A crawl of the outlet's own host without a valid contact is closed as it opens, with finish
    reason `no_contact` and one error line saying how to set it: it sends no request. The
    `newsbot` commands refuse such a crawl before Scrapy starts (exit 2).
    """

    def __init__(self) -> None:
        self.refusal: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        addon = cls()
        crawler.signals.connect(addon.spider_opened, signal=signals.spider_opened)
        return addon

    def update_settings(self, settings: Settings) -> None:
        contact, self.refusal = crawl_contact(settings)
        base_url = settings.get("NEWSBOT_BASE_URL") or profile_for(settings).base_url
        settings.set("USER_AGENT", user_agent(contact, base_url), priority="addon")

    def spider_opened(self, spider: Spider) -> None:
        if self.refusal is not None:
            logger.error("Not crawling: %s", self.refusal)
            raise CloseSpider(crawlstats.NO_CONTACT_REASON)
