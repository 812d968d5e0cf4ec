"""RSS feeds and XML sitemaps → the article URLs they name (entities are never expanded)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from parsel import Selector
from protego import Protego

from newsbot.normalize import linked_url, shortlink_post_id, to_utc, url_path
from newsbot.sites import SiteProfile

_SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class _XmlPage:
    """An XML document parsed without entity expansion, network access or huge-tree mode."""

    def __init__(self, profile: SiteProfile, body: bytes | str) -> None:
        self.profile = profile
        self.base = f"{profile.base_url}/"
        if isinstance(body, str) or not body:  # parsel refuses an empty body, not an empty text
            self.doc = Selector(text=body or "", type="xml", huge_tree=False)
        else:
            self.doc = Selector(body=body, type="xml", huge_tree=False)

    def _linked(self, text: str | None) -> str | None:
        """The canonical URL a link names; None when blank or when it names no URL."""
        return linked_url(text, self.base, self.profile) if text and text.strip() else None


def _instant(value: str | None, zone: tzinfo) -> datetime | None:
    """A feed or sitemap time (RFC 822 or W3C datetime; naive ones in the site's zone)."""
    try:
        return to_utc(value or "", zone)
    except ValueError:
        return None


@dataclass(frozen=True)
class FeedEntry:
    """One `<item>` of an RSS feed."""

    url: str
    post_id: int | None
    published_at: datetime | None


@dataclass(frozen=True)
class SitemapEntry:
    """One `<url>` of a sitemap; `lastmod` is None where the site omits it."""

    url: str
    lastmod: datetime | None


class FeedPage(_XmlPage):
    """An RSS 2.0 feed such as `/feed/`."""

    def entries(self) -> list[FeedEntry]:
        entries: list[FeedEntry] = []
        for item in self.doc.xpath("//channel/item"):
            url = self._linked(item.xpath("link/text()").get())
            if url is None:
                continue
            guid = self._linked(item.xpath("guid/text()").get())
            entries.append(
                FeedEntry(
                    url=url,
                    post_id=shortlink_post_id(guid, self.profile) if guid else None,
                    published_at=_instant(item.xpath("pubDate/text()").get(), self.profile.zone),
                )
            )
        return entries


class SitemapPage(_XmlPage):
    """A sitemap index or a `urlset` sitemap page."""

    def sitemaps(self) -> list[str]:
        """The URLs of every sitemap an index lists (posts, pages, taxonomies, users…)."""
        locs = self.doc.xpath("//sm:sitemapindex/sm:sitemap/sm:loc/text()", namespaces=_SITEMAP_NS)
        return [loc.strip() for loc in locs.getall() if self._linked(loc)]

    def post_sitemaps(self) -> list[str]:
        """The outlet URLs of the posts sitemaps an index lists (core's `wp-sitemap-posts-post-N`,
        Yoast's `post-sitemap`, `post-sitemap2`, …), in index order."""
        paths = self.profile.paths
        core = re.escape(paths.posts_sitemap).replace(r"\{n\}", r"\d+")
        seo = re.escape(paths.seo_posts_sitemap).replace(r"\{n\}", r"(?:[2-9]|[1-9]\d+)?")
        wanted = re.compile(f"(?:{core}|{seo})$")
        return [loc for loc in self.sitemaps() if wanted.search(url_path(loc))]

    def entries(self) -> list[SitemapEntry]:
        """The listed URLs but the home page (Yoast's posts sitemap lists it first)."""
        entries: list[SitemapEntry] = []
        for node in self.doc.xpath("//sm:urlset/sm:url", namespaces=_SITEMAP_NS):
            loc = (node.xpath("sm:loc/text()", namespaces=_SITEMAP_NS).get() or "").strip()
            url = self._linked(loc)
            if url and url_path(loc) not in ("", "/"):
                lastmod = node.xpath("sm:lastmod/text()", namespaces=_SITEMAP_NS).get()
                entries.append(SitemapEntry(url, _instant(lastmod, self.profile.zone)))
        return entries


def robots_sitemaps(text: str) -> list[str]:
    """The URLs robots.txt names in its `Sitemap:` lines, in order (comments left out)."""
    return list(Protego.parse(text).sitemaps)
