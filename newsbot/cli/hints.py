"""What to try next when the live site is out of reach: the offline replica."""

from __future__ import annotations

from newsbot.contact import needs_contact
from newsbot.sites import SiteProfile

OFFLINE_HINT = (
    "offline? crawl the replica instead: `newsbot replica --port 8000` in another terminal, "
    "then add `--base-url http://127.0.0.1:8000`; or just `newsbot demo`"
)


def offline_hint(base_url: str, profile: SiteProfile) -> str:
    """` (offline? …)` when `base_url` is the live outlet, else ""."""
    return f" ({OFFLINE_HINT})" if needs_contact(base_url, profile) else ""
