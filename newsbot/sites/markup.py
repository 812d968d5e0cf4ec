"""Theme selectors compiled once into lxml XPath expressions (a CSS selector costs a translation
and a compilation each time it is used as text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml.cssselect import CSSSelector
from lxml.etree import XPath

if TYPE_CHECKING:
    from newsbot.sites.profile import ThemeMarkup


NOTHING = XPath("self::node()[false()]")
"""Matches no element: the group of no selectors."""


def css(selector: str) -> CSSSelector:
    """One CSS selector (or a comma-separated group) compiled for HTML documents."""
    return CSSSelector(selector, translator="html")


def css_group(selectors: tuple[str, ...]) -> XPath:
    """Any of `selectors`, in one expression."""
    return css(", ".join(selectors)) if selectors else NOTHING


def optional_css(selector: str) -> XPath:
    """`selector` compiled, or the expression matching nothing for "" (a theme printing none)."""
    return css(selector) if selector.strip() else NOTHING


@dataclass(frozen=True)
class CompiledTheme:
    """The selectors of one theme version, ready to call on an lxml element."""

    marker: CSSSelector
    article: CSSSelector
    title: CSSSelector
    body: tuple[CSSSelector, ...]
    lead_caption: XPath
    byline: XPath
    date: CSSSelector
    listing_card: CSSSelector
    listing_link: CSSSelector
    body_noise: XPath
    """Every noise selector in one group: one pass over the body finds them all."""
    listing_next: XPath
    page_links: XPath
    protected: XPath
    modified: XPath
    uncaptioned_lead: XPath

    @classmethod
    def of(cls, theme: ThemeMarkup) -> CompiledTheme:
        return cls(
            marker=css(theme.marker),
            article=css(theme.article),
            title=css(theme.title),
            body=tuple(css(selector) for selector in theme.body),
            lead_caption=optional_css(theme.lead_caption),
            byline=optional_css(theme.byline),
            date=css(theme.date),
            listing_card=css(theme.listing_card),
            listing_link=css(theme.listing_link),
            body_noise=css_group(theme.body_noise),
            listing_next=optional_css(theme.listing_next),
            page_links=optional_css(theme.page_links),
            protected=optional_css(theme.protected),
            modified=optional_css(theme.modified),
            uncaptioned_lead=optional_css(theme.uncaptioned_lead),
        )
