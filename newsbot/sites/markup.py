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


def _classes(value: str) -> list[str]:
    """The classes of a class attribute, separated as XPath's normalize-space (which CSS
    selectors compile to) separates them: at spaces, tabs and line ends only. A printable value
    holds no other whitespace, and `split` is quicker than `translate`."""
    return value.split() if value.isprintable() else value.translate(_XPATH_SPACES).split(" ")


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
            tokens = _classes(value)
            if self.classes.isdisjoint(tokens):
                continue
            for tag, classes in self.compounds:
                if (tag is None or tag == node.tag) and classes.issubset(tokens):
                    found.append(node)
                    break
        return found

    def find(self, index: ClassIndex, within: _Element | None = None) -> list[_Element]:
        """What the group matches in the document `index` was read from (in the element
        `within` and its descendants, when given), in document order."""
        found: set[_Element] = set(
            (index.root if within is None else within).iter(*self.tags) if self.tags else ()
        )
        for tag, classes in self.compounds:
            for node in index.by_class.get(next(iter(classes)), ()):
                if tag is not None and node.tag != tag:
                    continue
                if classes.issubset(_classes(str(node.get("class")))):
                    found.add(node)
        order = index.order
        if within is None:
            return sorted(found & order.keys(), key=order.__getitem__)
        first = order[within]
        last = first + sum(1 for _ in within.iter(Element)) - 1
        inside = (node for node in found if first <= order.get(node, -1) <= last)
        return sorted(inside, key=order.__getitem__)


class ClassIndex:
    """Where each class of a document is, and the document order of its elements, read in one
    walk of its tree: a group of tags and classes is then looked up, where each XPath walks the
    tree anew."""

    def __init__(self, root: _Element) -> None:
        self.root = root
        self.order = {node: position for position, node in enumerate(root.iter(Element))}
        self.by_class: dict[str, list[_Element]] = {}
        for node in self.order:
            value = node.get("class")
            if value:
                for token in _classes(value):
                    self.by_class.setdefault(token, []).append(node)

    def forget(self, elements: list[_Element]) -> None:
        """Leave out elements removed from the document, and everything inside them."""
        for element in elements:
            for node in element.iter(Element):
                self.order.pop(node, None)


def css_group(selectors: tuple[str, ...]) -> Matcher:
    """Any of `selectors`: in one pass when each is a tag or classes, else in one expression."""
    group = TagsAndClasses.parse(selectors) if selectors else None
    if group is not None:
        return group
    expression: Matcher = css(", ".join(selectors)) if selectors else NOTHING
    return expression


def selector(text: str) -> Matcher:
    """A theme's selector (or comma-separated group) compiled: a group of tags and classes, else
    its expression; "" matches nothing (a theme printing none)."""
    return css_group(tuple(text.split(",")) if text.strip() else ())


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
