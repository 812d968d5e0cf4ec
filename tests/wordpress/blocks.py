"""Gutenberg blocks of the test posts: the markup WordPress stores and the document lines it gives.

Each block knows both sides of DESIGN §1: `markup()` is the serialised block saved in
`post_content` (as the block editor of WordPress 6.1 writes it), `lines()` the body lines the seed
document holds for it (none for images, embeds and page breaks).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape


def _text(text: str) -> str:
    return escape(text, quote=False)


def _block(name: str, inner: str, attributes: dict[str, object] | None = None) -> str:
    opening = (
        f"<!-- wp:{name} {json.dumps(attributes)} -->" if attributes else f"<!-- wp:{name} -->"
    )
    return f"{opening}\n{inner}\n<!-- /wp:{name} -->"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; more than one segment are separated by `<br>` and give a line each."""

    segments: tuple[str, ...]

    def markup(self) -> str:
        return _block("paragraph", "<p>" + "<br>".join(map(_text, self.segments)) + "</p>")

    def lines(self) -> list[str]:
        return list(self.segments)


def paragraph(*segments: str) -> Paragraph:
    return Paragraph(segments)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2

    def markup(self) -> str:
        attributes: dict[str, object] | None = {"level": self.level} if self.level != 2 else None
        tag = f"h{self.level}"
        return _block("heading", f"<{tag}>{_text(self.text)}</{tag}>", attributes)

    def lines(self) -> list[str]:
        return [self.text]


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    ordered: bool = False

    def markup(self) -> str:
        tag = "ol" if self.ordered else "ul"
        items = "".join(
            _block("list-item", f"<li>{_text(item)}</li>").replace("\n", "") for item in self.items
        )
        attributes: dict[str, object] | None = {"ordered": True} if self.ordered else None
        return _block("list", f"<{tag}>{items}</{tag}>", attributes)

    def lines(self) -> list[str]:
        return list(self.items)


@dataclass(frozen=True)
class Quote:
    """A quote block: paragraphs and the citation, each a line."""

    paragraphs: tuple[str, ...]
    citation: str

    def markup(self) -> str:
        inner = "\n\n".join(paragraph(text).markup() for text in self.paragraphs)
        return _block(
            "quote",
            f'<blockquote class="wp-block-quote">{inner}<cite>{_text(self.citation)}</cite>'
            "</blockquote>",
        )

    def lines(self) -> list[str]:
        return [*self.paragraphs, self.citation]


@dataclass(frozen=True)
class Pullquote:
    text: str
    citation: str

    def markup(self) -> str:
        return _block(
            "pullquote",
            f'<figure class="wp-block-pullquote"><blockquote><p>{_text(self.text)}</p>'
            f"<cite>{_text(self.citation)}</cite></blockquote></figure>",
        )

    def lines(self) -> list[str]:
        return [self.text, self.citation]


@dataclass(frozen=True)
class Table:
    """A table: the first row is the header when `header` is set; each row gives one line."""

    rows: tuple[tuple[str, ...], ...]
    header: bool = True

    def markup(self) -> str:
        def row(cells: tuple[str, ...], tag: str) -> str:
            return "<tr>" + "".join(f"<{tag}>{_text(cell)}</{tag}>" for cell in cells) + "</tr>"

        head, body = (self.rows[:1], self.rows[1:]) if self.header else ((), self.rows)
        thead = "<thead>" + "".join(row(cells, "th") for cells in head) + "</thead>" if head else ""
        tbody = "<tbody>" + "".join(row(cells, "td") for cells in body) + "</tbody>"
        return _block(
            "table", f'<figure class="wp-block-table"><table>{thead}{tbody}</table></figure>'
        )

    def lines(self) -> list[str]:
        return [" | ".join(cells) for cells in self.rows]


@dataclass(frozen=True)
class Preformatted:
    text_lines: tuple[str, ...]
    verse: bool = False

    def markup(self) -> str:
        name = "verse" if self.verse else "preformatted"
        text = "\n".join(map(_text, self.text_lines))
        return _block(name, f'<pre class="wp-block-{name}">{text}</pre>')

    def lines(self) -> list[str]:
        return list(self.text_lines)


@dataclass(frozen=True)
class Image:
    """An image inside the body, with its caption (not body text)."""

    src: str
    caption: str
    alt: str = ""

    def markup(self) -> str:
        return _block(
            "image",
            f'<figure class="wp-block-image size-large"><img src="{escape(self.src)}" '
            f'alt="{escape(self.alt)}"/><figcaption class="wp-element-caption">'
            f"{_text(self.caption)}</figcaption></figure>",
            {"sizeSlug": "large"},
        )

    def lines(self) -> list[str]:
        return []


@dataclass(frozen=True)
class Embed:
    """An embedded video: the site cannot reach the provider, so WordPress prints the URL."""

    url: str
    provider: str = "youtube"

    def markup(self) -> str:
        classes = (
            f"wp-block-embed is-type-video is-provider-{self.provider} "
            f"wp-block-embed-{self.provider} wp-embed-aspect-16-9 wp-has-aspect-ratio"
        )
        attributes: dict[str, object] = {
            "url": self.url,
            "type": "video",
            "providerNameSlug": self.provider,
            "responsive": True,
            "className": "wp-embed-aspect-16-9 wp-has-aspect-ratio",
        }
        return _block(
            "embed",
            f'<figure class="{classes}"><div class="wp-block-embed__wrapper">\n{self.url}\n'
            "</div></figure>",
            attributes,
        )

    def lines(self) -> list[str]:
        return []


@dataclass(frozen=True)
class PageBreak:
    """`<!--nextpage-->`: the post goes on on its next page (`/<slug>/2/`)."""

    def markup(self) -> str:
        return _block("nextpage", "<!--nextpage-->")

    def lines(self) -> list[str]:
        return []


Block = (
    Paragraph
    | Heading
    | BulletList
    | Quote
    | Pullquote
    | Table
    | Preformatted
    | Image
    | Embed
    | PageBreak
)


def serialise(blocks: tuple[Block, ...]) -> str:
    """`post_content` of a block-editor post."""
    return "\n\n".join(block.markup() for block in blocks)


def classic(blocks: tuple[Block, ...]) -> str:
    """`post_content` of a classic-editor post: paragraphs separated by blank lines (wpautop)."""
    if not all(isinstance(block, Paragraph) and len(block.segments) == 1 for block in blocks):
        raise ValueError("a classic post holds plain paragraphs only")
    return "\n\n".join(line for block in blocks for line in block.lines())


def document_lines(blocks: tuple[Block, ...]) -> list[str]:
    """The seed document's body lines of `blocks`, all pages in order."""
    return [line for block in blocks for line in block.lines()]
