"""The body as lines (DESIGN §1): one per block element and per `<br>`-separated segment.

Blocks Gutenberg wraps in `<figure>` keep their text: a table gives one line per row, its cells
joined by ` | `; a quote or pull quote its paragraphs and its citation on a line of its own;
preformatted and verse blocks one line per line. A `<!--nextpage-->` between pages ends a line.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from itertools import takewhile

from lxml.etree import Comment, HTMLParser, XPath, _Element, fromstring, iterwalk

from newsbot.normalize import clean_text
from newsbot.normalize.text import BLOCK_TAGS

CELL_SEPARATOR = " | "
"""What stands between the cells of a table row on its line."""
PAGE_BREAK = "nextpage"
"""The comment WordPress keeps between the pages of a split post."""

_CELLS = frozenset(["td", "th"])
_FRAGMENT_PARSER = HTMLParser()
"""Parses fragments into plain lxml elements: lxml.html's element classes cost a look-up for
every element the reading touches."""
_TEXT_AND_BREAKS = XPath("descendant::text() | descendant::br")


def text_of(element: _Element) -> str:
    """lxml.html's `text_content` for any element (its text, its descendants' included), with a
    space for each `<br>`: a browser breaks the line there, it does not join the words."""
    return "".join(node if isinstance(node, str) else " " for node in _TEXT_AND_BREAKS(element))


class _Lines:
    """Cuts text pieces into lines with visible text (cleaned later, once, by `prepare_article`)."""

    def __init__(self, noise: Collection[_Element], tables: bool = True) -> None:
        self.noise = noise
        """Elements read as if removed: their text is left out, the text after each is kept."""
        self.tables = tables
        """Whether a table gives a line per row (else it is read as any other block)."""
        self.lines: list[str] = []
        self._pieces: list[str] = []
        self._preformatted = 0
        """How many `<pre>` elements the walk is inside: their newlines end lines."""
        self._quotes = 0
        """How many `<blockquote>` elements the walk is inside: a `<cite>` there is a line."""

    def add(self, text: str | None) -> None:
        if not text:
            return
        if not self._preformatted:
            self._pieces.append(text)
            return
        first, *others = text.split("\n")
        self._pieces.append(first)
        for line in others:
            self.cut()
            self._pieces.append(line)

    def cut(self) -> None:
        line = "".join(self._pieces)
        self._pieces.clear()
        if line and not line.isspace():
            self.lines.append(line)

    def _is_block(self, tag: str) -> bool:
        return tag in BLOCK_TAGS or (tag == "cite" and self._quotes > 0)

    def _count(self, tag: str, step: int) -> None:
        if tag == "pre":
            self._preformatted += step
        elif tag == "blockquote":
            self._quotes += step

    def read(self, root: _Element) -> list[str]:
        """The lines of the text under `root`, cut at blocks and `<br>`.

        Depth-first with a stack of its own: a page nested deeper than Python's recursion limit
        (malformed or hostile markup) is read like any other.
        """
        self.add(root.text)
        stack: list[tuple[_Element, Iterator[_Element]]] = [(root, iter(root))]
        while stack:
            element, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if stack:
                    self._close(element)
                continue
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None or tag == "br" or child in self.noise:
                if tag == "br" or _is_page_break(child):
                    self.cut()
                self.add(child.tail)
                continue
            if tag == "table" and self.tables:
                self.cut()
                self.lines.extend(self._rows(child))
                self.add(child.tail)
                continue
            if self._is_block(tag):
                self.cut()
            self._count(tag, 1)
            self.add(child.text)
            stack.append((child, iter(child)))
        self.cut()
        return self.lines

    def _close(self, element: _Element) -> None:
        """The end of an element below the root: a block ends its line; its tail follows."""
        tag = str(element.tag)
        self._count(tag, -1)
        if self._is_block(tag):
            self.cut()
        self.add(element.tail)

    def _rows(self, table: _Element) -> Iterator[str]:
        """A table's rows in document order, each its cells' text joined by the separator."""
        for row in table.iter("tr"):
            path = [row, *takewhile(lambda node: node is not table, row.iterancestors())]
            if any(node.tag == "table" or node in self.noise for node in path):
                continue  # noise, or a row of a table in a cell (that cell reads it as text)
            cells = [
                clean_text(" ".join(_Lines(self.noise, tables=False).read(cell)))
                for cell in row
                if cell.tag in _CELLS and cell not in self.noise
            ]
            if any(cells):
                yield CELL_SEPARATOR.join(cells)


def _is_page_break(node: _Element) -> bool:
    return node.tag is Comment and (node.text or "").strip() == PAGE_BREAK


def body_lines(container: _Element, noise: Collection[_Element] = ()) -> list[str]:
    """The raw text lines of a body container, read as if `noise` were removed from it."""
    return _Lines(noise).read(container)


def leading_caption(container: _Element, captions: Callable[[_Element], list[_Element]]) -> str:
    """The caption of the image that opens `container` (nothing but markup before it), or "".

    Such an image is the lead photo of a post that has no featured one: a `[caption]` or an
    image block at the top of the content.
    """
    found = captions(container)
    if not found:
        return ""
    first = found[0]
    for event, node in iterwalk(container, events=("start", "end")):
        if node is first:
            return clean_text(text_of(first))
        if isinstance(node.tag, str) and node.tag in ("script", "style"):
            continue
        text = node.text if event == "start" else (node.tail if node is not container else "")
        if event == "start" and node.tag is Comment:
            text = ""
        if text and text.strip():
            return ""
    return ""


def fragment_root(fragment: str) -> _Element:
    """The element holding an HTML fragment such as a REST `content.rendered`: the `<body>` it
    is parsed into, as lxml.html parses fragments."""
    body = fromstring(f"<html><body>{fragment}</body></html>", _FRAGMENT_PARSER).find("body")
    assert body is not None  # the parser always makes the body it was given
    return body


def joined_text(elements: list[_Element]) -> str:
    """The clean text of `elements`, one after another."""
    return clean_text(" ".join(text_of(element) for element in elements))


@dataclass(frozen=True)
class Body:
    """An article page's body lines, the caption of an image opening it, its other pages."""

    lines: list[str]
    leading_caption: str
    page_urls: tuple[str, ...]
    """The post's other pages, as its page links name them."""
    noise: frozenset[_Element]
    """What the theme and the profile print inside the body that is never text."""
    cut_short: bool
    """Whether blocks of the text follow the container or its ancestors (stray end tags)."""
