"""Metadata a WordPress + Yoast page carries: JSON-LD `@graph`, OpenGraph and `article:*` meta."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from lxml.etree import XPath, _Element

_LD_SCRIPTS = XPath('//script[@type="application/ld+json"]/text()', smart_strings=False)
_LINKS = XPath(
    "//link[contains(concat(' ', normalize-space(@rel), ' '), concat(' ', $rel, ' '))"
    " and (not($kind) or normalize-space(@type) = $kind)]/@href",
    smart_strings=False,
)

ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting"})


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _nodes(entry)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph", []))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    return {k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}


class PageMetadata:
    """Read-only view of one page's machine-readable metadata."""

    def __init__(self, root: _Element) -> None:
        self._root = root
        self._ld: list[dict[str, Any]] = []
        for script in _LD_SCRIPTS(root):
            try:
                self._ld.extend(_nodes(json.loads(script)))
            except (ValueError, RecursionError):  # not JSON, or nested past reading
                continue

    @cached_property
    def _meta(self) -> dict[str, list[str]]:
        """Every `<meta>` content by its property and its name, in page order (read in one walk
        of the tree: pages ask for a dozen of them)."""
        found: dict[str, list[str]] = {}
        for element in self._root.iter("meta"):
            content = (element.get("content") or "").strip()
            if not content:
                continue
            for key in {element.get("property"), element.get("name")} - {None}:
                found.setdefault(str(key), []).append(content)
        return found

    def meta(self, name: str) -> str | None:
        """The first `<meta property|name=name>` content."""
        values = self._meta.get(name)
        return values[0] if values else None

    def meta_all(self, name: str) -> list[str]:
        return list(self._meta.get(name, ()))

    def link(self, rel: str, kind: str | None = None) -> str | None:
        """The href of the first `<link rel=rel>` (of `type=kind`, when given)."""
        values = _LINKS(self._root, rel=rel, kind=kind or "")
        value = str(values[0]).strip() if values else ""
        return value or None

    def ld_article(self) -> dict[str, Any]:
        """The JSON-LD Article node, or an empty dict."""
        return next((n for n in self._ld if _types(n) & ARTICLE_TYPES), {})

    def ld_primary_image_caption(self) -> str | None:
        """The caption of the article's lead image as Yoast describes it."""
        image = self.ld_article().get("image")
        image_id = image.get("@id") if isinstance(image, dict) else None
        node = next((n for n in self._ld if image_id and n.get("@id") == image_id), {})
        if not node:
            node = next((n for n in self._ld if "ImageObject" in _types(n)), {})
        caption = node.get("caption")
        return caption if isinstance(caption, str) else None
