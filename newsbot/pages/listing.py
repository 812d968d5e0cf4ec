"""A listing page (home, category, tag, date archive) → its article links and the next page."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml.etree import XPath

from newsbot.normalize import canonical_url
from newsbot.pages.html_page import HtmlPage

_NEXT_PAGE = XPath("//link[@rel='next']/@href")


class ListingPage(HtmlPage):
    """One saved listing page."""

    theme_marker = "listing_card"

    def article_urls(self) -> list[str]:
        """Canonical URLs of the listed articles, in page order, each once."""
        compiled = self.theme.compiled
        found: list[str] = []
        for card in compiled.listing_card(self.root):
            links = compiled.listing_link(card)
            href = links[0].get("href") if links else None
            if href:
                url = canonical_url(urljoin(self.url, href.strip()), self.profile)
                if url not in found:
                    found.append(url)
        return found

    def next_page_url(self) -> str | None:
        """The outlet URL of the next page (`rel=next`), or None on the last page."""
        hrefs = _NEXT_PAGE(self.root)
        href = str(hrefs[0]).strip() if hrefs else ""
        return urljoin(self.url, href) if href else None
