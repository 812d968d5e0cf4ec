"""A listing page (home, category, tag, date archive) → its article links and the next page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.etree import XPath

from newsbot.normalize import absolute_url, linked_url, url_path
from newsbot.pages.html_page import HtmlPage

_NEXT_PAGE = XPath("//link[@rel='next']/@href")
_LINKS = XPath("//a/@href", smart_strings=False)


class ListingPage(HtmlPage):
    """One saved listing page."""

    theme_marker = "listing_card"

    def article_urls(self) -> list[str]:
        """Canonical URLs of the listed articles, in page order, each once."""
        compiled = self.theme.compiled
        cards = self.select(compiled.listing_card)
        hrefs = [link.get("href") for card in cards for link in compiled.listing_link(card)[:1]]
        urls = (linked_url(href, self.url, self.profile) for href in hrefs if href)
        return [url for url in dict.fromkeys(urls) if url]

    def following_path(self) -> str:
        """The path WordPress gives this listing's next page: `…/page/N+1/`."""
        paged = self.profile.paths.home_page.lstrip("/")
        number = re.escape(paged).replace(r"\{n\}", r"(?P<n>\d+)")
        path = urlsplit(self.url).path or "/"
        path += "" if path.endswith("/") else "/"
        match = re.search(f"(?:^|/)({number})$", path)
        if match is None:
            return path + paged.format(n=2)
        return path[: match.start(1)] + paged.format(n=int(match["n"]) + 1)

    def next_page_url(self) -> str | None:
        """The URL of the next page (`<link rel=next>`, the theme's pagination link, else any link
        to `…/page/N+1/`, however the theme marks it up), or None on the last page. Core prints
        no `rel=next`; article pages' `a[rel=next]` names the next post, so links are never
        taken by their `rel`."""
        hrefs = [str(href) for href in _NEXT_PAGE(self.root)]
        hrefs += [link.get("href") or "" for link in self.select(self.theme.compiled.listing_next)]
        following = self.following_path()
        hrefs += [str(href) for href in _LINKS(self.root) if self._path(str(href)) == following]
        href = next((href.strip() for href in hrefs if self._path(href)), "")
        return absolute_url(href, self.url) if href else None

    def _path(self, href: str) -> str | None:
        """The path a link names; None when it is blank or names no URL (`http://[x/`)."""
        url = absolute_url(href, self.url) if href.strip() else None
        return url_path(url) if url else None
