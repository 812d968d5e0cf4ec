"""Where each discovery source of the site is fetched from, given the base URL of this crawl."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from newsbot.normalize import fetch_url, outlet_url
from newsbot.pages.feeds import robots_sitemaps
from newsbot.sites import SiteProfile, profile_for

REST_ERROR_STATUSES = (400, 401, 403, 404, 410)
"""REST answers read as they are, not retried: the route has no such post, or not for visitors
(the REST API off, a trashed or deleted post, a page past the end)."""


class SiteUrls:
    """URLs on the base (the live site, a mirror or the replica) for the outlet's paths."""

    def __init__(self, profile: SiteProfile, base_url: str) -> None:
        self.base = base_url.rstrip("/")
        self.profile = profile.served_from(urlsplit(self.base).netloc)
        """The outlet as served from the base: a copy whose `home` is the base URL itself links
        to the base, and those links are the outlet's."""
        self.paths = profile.paths

    @classmethod
    def from_settings(cls, settings: Any) -> SiteUrls:
        """The URLs of a crawl: its outlet (`NEWSBOT_SITE`) fetched from `NEWSBOT_BASE_URL`
        (empty: the outlet's own site)."""
        profile = profile_for(settings)
        return cls(profile, settings.get("NEWSBOT_BASE_URL") or profile.base_url)

    def at(self, path: str) -> str:
        return self.base + path

    def fetch(self, url: str) -> str:
        """Where to fetch an outlet link from."""
        return fetch_url(url, self.base, self.profile)

    def outlet(self, fetched: str) -> str:
        """The outlet's own URL of a fetched one."""
        return outlet_url(fetched, self.base, self.profile)

    def feed(self) -> str:
        return self.at(self.paths.feed)

    def sitemap_index(self, robots: str | None = None) -> str:
        """The sitemap index: the first one robots.txt (its text, when given) names on the site,
        else the profile's (core's `/wp-sitemap.xml`, which Yoast SEO redirects to its own)."""
        for named in robots_sitemaps(robots or ""):
            url = self.fetch(named)
            if urlsplit(url).netloc == urlsplit(self.base).netloc:
                return url
        return self.at(self.paths.sitemap_index)

    def home(self, page: int = 1) -> str:
        return self.at("/" if page == 1 else self.paths.home_page.format(n=page))

    def year(self, year: int) -> str:
        return self.at(self.paths.year_archive.format(year=year))

    def month(self, year: int, month: int) -> str:
        return self.at(self.paths.month_archive.format(year=year, month=month))

    def day(self, day: date) -> str:
        return self.at(self.paths.day_archive.format(year=day.year, month=day.month, day=day.day))

    def rest_posts(self, **params: str | int) -> str:
        query = urlencode({"_embed": 1, "per_page": self.profile.rest_page_size, **params})
        return f"{self.at(self.paths.rest_posts)}?{query}"

    def rest_post(self, post_id: int) -> str:
        """The REST route of one post, with what an article needs embedded."""
        return f"{self.at(self.paths.rest_posts)}/{post_id}?_embed=1"

    def rest_ids(self, page: int) -> str:
        """A page of every published post's id and modification, in id order (a sweep)."""
        size = self.profile.rest_page_size
        query = {"_fields": "id,modified", "per_page": size, "orderby": "id", "order": "asc"}
        return f"{self.at(self.paths.rest_posts)}?{urlencode({**query, 'page': page})}"
