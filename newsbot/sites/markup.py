"""Theme selectors compiled once into lxml XPath expressions (a CSS selector costs a translation
and a compilation each time it is used as text)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.cssselect import CSSSelector
from lxml.etree import XPath

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
