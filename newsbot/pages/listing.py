"""A listing page (home, category, tag, date archive) → its article links and the next page."""

from __future__ import annotations

from urllib.parse import urljoin

from newsbot.normalize import canonical_url
from newsbot.pages.html_page import HtmlPage


class ListingPage(HtmlPage):
    """One saved listing page."""

    def article_urls(self) -> list[str]:
        """Canonical URLs of the listed articles, in page order, each once."""
        selectors = self.profile.selectors
        found: list[str] = []
        for card in self.page.css(selectors.listing_card):
            href = card.css(selectors.listing_link).xpath("@href").get()
            if href:
                url = canonical_url(urljoin(self.url, href.strip()), self.profile)
                if url not in found:
                    found.append(url)
        return found

    def next_page_url(self) -> str | None:
        """The outlet URL of the next page (`rel=next`), or None on the last page."""
        href = self.page.css(self.profile.selectors.next_page).xpath("@href").get()
        return urljoin(self.url, href.strip()) if href and href.strip() else None
