"""Theme selectors compiled once into lxml XPath expressions (a CSS selector costs a translation
and a compilation each time it is used as text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from lxml.cssselect import CSSSelector
from lxml.etree import Element, XPath, _Element

NOTHING = XPath("self::node()[false()]")
"""Matches no element: the group of no selectors."""


def css(selector: str) -> CSSSelector:
    """One CSS selector (or a comma-separated group) compiled for HTML documents."""
    return CSSSelector(selector, translator="html")


Matcher = Callable[[_Element], list[_Element]]
"""Finds the elements a selector group matches in an element and its descendants, in document
order."""

_COMPOUND = re.compile(r"(?P<tag>[a-z][a-z0-9-]*)?(?P<classes>(?:\.-?[_a-zA-Z][_a-zA-Z0-9-]*)*)")


_XPATH_SPACES = str.maketrans("\t\n\r", "   ")
"""What separates classes as XPath's normalize-space (which CSS selectors compile to) sees it."""


@dataclass(frozen=True)
class TagsAndClasses:
    """A group of selectors that are each a tag, classes, or both (`script`, `.gallery`,
    `a.next.page-numbers`), matched in one pass over the tree: an XPath group walks it once
    for every selector."""

    tags: frozenset[str]
    """The selectors that are a tag alone."""
    compounds: tuple[tuple[str | None, frozenset[str]], ...]
    """The others: a tag (None: any) and the classes an element must all have."""

    @cached_property
    def classes(self) -> frozenset[str]:
        """Every class a compound names: an element with none of them is no match."""
        return frozenset().union(*(classes for _, classes in self.compounds))

    @classmethod
    def parse(cls, selectors: tuple[str, ...]) -> TagsAndClasses | None:
        """The group, or None when a selector is anything else (a combinator, an attribute)."""
        tags: set[str] = set()
        compounds: list[tuple[str | None, frozenset[str]]] = []
        for selector in selectors:
            found = _COMPOUND.fullmatch(selector.strip())
            if found is None or not selector.strip():
                return None
            classes = frozenset(found["classes"].split(".")) - {""}
            if classes:
                compounds.append((found["tag"], classes))
            else:
                tags.add(found["tag"])
        return cls(frozenset(tags), tuple(compounds))

    def __call__(self, element: _Element) -> list[_Element]:
        found: list[_Element] = []
        for node in element.iter(Element):
            if node.tag in self.tags:
                found.append(node)
                continue
            value = node.get("class")
            if not value:
                continue
            tokens = value.translate(_XPATH_SPACES).split(" ")
            if self.classes.isdisjoint(tokens):
                continue
            for tag, classes in self.compounds:
                if (tag is None or tag == node.tag) and classes.issubset(tokens):
                    found.append(node)
                    break
        return found


def css_group(selectors: tuple[str, ...]) -> Matcher:
    """Any of `selectors`: in one pass when each is a tag or classes, else in one expression."""
    group = TagsAndClasses.parse(selectors) if selectors else None
    if group is not None:
        return group
    expression: Matcher = css(", ".join(selectors)) if selectors else NOTHING
    return expression


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
    body_noise: Matcher
    """Every noise selector in one group: one pass over the body finds them all."""
    listing_next: XPath
    page_links: XPath
    protected: XPath
    modified: XPath
    uncaptioned_lead: XPath
