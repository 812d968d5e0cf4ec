"""Which outlet a crawl is for: `NEWSBOT_SITE` names a profile module, `profile_for` loads it."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import import_module
from typing import Any

from newsbot.sites.profile import SiteProfile

DEFAULT_SITE = "arbuz"
SITE_SETTING = "NEWSBOT_SITE"
_PACKAGE = "newsbot.sites"


class UnknownSite(ValueError):
    """`NEWSBOT_SITE` names no profile; the message says what was looked for."""


_LOADED: dict[str, SiteProfile] = {}
"""Profiles loaded here, by key: one loaded from a module path is then also found by its key."""


@cache
def load_profile(name: str) -> SiteProfile:
    """The profile `name` names: a module of this package (`arbuz`) or any importable module
    (`mypackage.outlet`) that defines `PROFILE`."""
    if name in _LOADED:
        return _LOADED[name]
    if not all(part.isidentifier() for part in name.split(".")):
        raise UnknownSite(f"no site profile {name!r}: give a profile name or a dotted module path")
    module_name = name if "." in name else f"{_PACKAGE}.{name}"
    try:
        module = import_module(module_name)
    except ImportError:
        raise UnknownSite(f"no site profile {name!r} (no module {module_name})") from None
    except Exception as error:  # the module itself fails as it is imported
        raise UnknownSite(
            f"the site profile module {module_name} cannot be loaded: {error}"
        ) from None
    profile = getattr(module, "PROFILE", None)
    if not isinstance(profile, SiteProfile):
        raise UnknownSite(f"the module {module_name} defines no SiteProfile named PROFILE")
    _LOADED[profile.key] = profile
    return profile


def profile_for(settings: Mapping[str, Any] | Any) -> SiteProfile:
    """The profile of a crawl's settings (`Settings` or a mapping): `NEWSBOT_SITE`, else `arbuz`."""
    name = settings.get(SITE_SETTING) or DEFAULT_SITE
    return load_profile(str(name).strip())
