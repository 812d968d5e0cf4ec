"""The body as lines: one per block element and per `<br>`-separated segment."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import html as lxml_html
from lxml.etree import _Element

_BLOCK_TAGS = frozenset(
    [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "div",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "pre",
        "figcaption",
        "address",
    ]
)


def drop_elements(elements: Iterable[_Element]) -> None:
    """Remove elements from their tree, keeping the text that follows each."""
    for element in list(elements):
        parent = element.getparent()
        if parent is None:
            continue
        tail = element.tail or ""
        previous = element.getprevious()
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(element)


class _Lines:
    """Collects text pieces and cuts them into lines with visible text (cleaned later, once, by
    `prepare_article`)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._pieces: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self._pieces.append(text)

    def cut(self) -> None:
        line = "".join(self._pieces)
        self._pieces.clear()
        if line and not line.isspace():
            self.lines.append(line)

    def walk(self, root: _Element) -> None:
        """Collect the text under `root`, cutting lines at blocks and `<br>`.

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
            if tag is None or tag == "br":
                if tag == "br":
                    self.cut()
                self.add(child.tail)
                continue
            if tag in _BLOCK_TAGS:
                self.cut()
            self.add(child.text)
            stack.append((child, iter(child)))

    def _close(self, element: _Element) -> None:
        """The end of an element below the root: a block ends its line; its tail follows."""
        if element.tag in _BLOCK_TAGS:
            self.cut()
        self.add(element.tail)


def body_lines(container: _Element) -> list[str]:
    """The raw text lines of an already de-noised body container."""
    collector = _Lines()
    collector.walk(container)
    collector.cut()
    return collector.lines


def fragment_root(fragment: str) -> _Element:
    """An element wrapping an HTML fragment such as a REST `content.rendered`."""
    root: _Element = lxml_html.fragment_fromstring(fragment or "", create_parent="div")
    return root
