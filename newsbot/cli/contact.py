"""`--contact`: the operator's contact for the User-Agent, and the check that a crawl or probe of
the outlet's own host names one before anything starts; the replica is what to try offline."""

from __future__ import annotations

from typing import Any

import click
from scrapy.settings import Settings

from newsbot.cli.options import Exit, F, fail
from newsbot.contact import (
    CONTACT_SETTING,
    MISSING_CONTACT,
    BadContact,
    checked_contact,
    crawl_contact,
    needs_contact,
)
from newsbot.sites import SiteProfile

OFFLINE_HINT = (
    "offline? crawl the replica instead: `newsbot replica --port 8000` in another terminal, "
    "then add `--base-url http://127.0.0.1:8000`; or just `newsbot demo`"
)


def offline_hint(base_url: str, profile: SiteProfile) -> str:
    """` (offline? …)` when `base_url` is the live outlet, else ""."""
    return f" ({OFFLINE_HINT})" if needs_contact(base_url, profile) else ""


class Contact(click.ParamType[str]):
    """An http(s) URL or an e-mail address."""

    name = "URL-or-email"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return checked_contact(str(value))
        except BadContact as error:
            self.fail(str(error), param, ctx)


def contact_option(function: F) -> F:
    """`--contact`: passed on as `contact` ("" when not given)."""
    return click.option(
        "--contact",
        type=Contact(),
        default="",
        envvar=CONTACT_SETTING,
        show_envvar=True,
        show_default=False,
        help="How the site's operators reach you (an http(s) URL or an e-mail address), sent "
        "in the User-Agent; required for the outlet's own host.",
    )(function)


def with_contact(settings: Settings, contact: str) -> Settings:
    """`settings` with `--contact` (unless `-s NEWSBOT_CONTACT=…` names one); exits 2 with one
    line when they name no usable contact for the host they crawl, before the run lock, the
    archive or any request."""
    if contact and not settings.get(CONTACT_SETTING):
        settings.set(CONTACT_SETTING, contact, priority="cmdline")
    _, refusal = crawl_contact(settings)
    if refusal:
        fail(Exit.USAGE, f"{refusal}; {OFFLINE_HINT}" if refusal == MISSING_CONTACT else refusal)
    return settings
