"""Site profiles (DESIGN §2): every fact about an outlet that may change lives in its profile."""

from newsbot.sites.profile import Language, Paths, SiteProfile, ThemeMarkup
from newsbot.sites.registry import (
    DEFAULT_SITE,
    SITE_SETTING,
    UnknownSite,
    load_profile,
    profile_for,
)
from newsbot.sites.wordpress import WORDPRESS_THEME

__all__ = [
    "DEFAULT_SITE",
    "SITE_SETTING",
    "WORDPRESS_THEME",
    "Language",
    "Paths",
    "SiteProfile",
    "ThemeMarkup",
    "UnknownSite",
    "load_profile",
    "profile_for",
]
