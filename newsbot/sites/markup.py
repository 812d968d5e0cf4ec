"""Theme selectors compiled once into lxml XPath expressions (cssselect's translation)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml.cssselect import CSSSelector
from lxml.etree import XPath, _Element

NOTHING = XPath("self::node()[false()]")
"""Matches no element: the group of no selectors."""

Matcher = Callable[[_Element], list[_Element]]
"""Finds what a selector group matches in an element and its descendants, in document order."""


def selector(*texts: str) -> Matcher:
    """Any of the CSS selectors (or comma-separated groups) `texts`, compiled for HTML documents
    as one expression; blank ones match nothing (a theme printing none)."""
    group = ", ".join(text for text in texts if text.strip())
    matcher: Matcher = CSSSelector(group, translator="html") if group else NOTHING
    return matcher


@dataclass(frozen=True)
class CompiledTheme:
    """The selectors of one theme version, ready to call on an lxml element."""

    marker: Matcher
    article: Matcher
    title: Matcher
    body: tuple[Matcher, ...]
    lead_caption: Matcher
    byline: Matcher
    date: Matcher
    listing_card: Matcher
    listing_link: Matcher
    body_noise: Matcher
    """Every noise selector in one group: one pass over the body finds them all."""
    listing_next: Matcher
    page_links: Matcher
    protected: Matcher
    modified: Matcher
    uncaptioned_lead: Matcher
