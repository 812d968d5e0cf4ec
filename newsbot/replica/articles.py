"""What every page says of a post: its URL, terms, excerpt and body as WordPress prints it."""

from __future__ import annotations

from html import escape

from newsbot.replica.generator import generated_body
from newsbot.replica.outlet import Outlet
from newsbot.replica.posts import Block, Post
from newsbot.replica.terms import CATEGORIES, TAGS, Term

EXCERPT_LENGTH = 120


def post_url(post: Post, outlet: Outlet) -> str:
    """The permalink (`/%postname%/`)."""
    return outlet.url(f"/{post.slug}/")


def shortlink(post: Post, outlet: Outlet) -> str:
    """The `/?p=N` link: the page's shortlink, the feed's and the REST API's guid."""
    return outlet.url(f"/?p={post.id}")


def blocks(post: Post) -> tuple[Block, ...]:
    return post.body if post.body is not None else generated_body(post.body_seed, post.title)


def paragraphs(post: Post) -> list[str]:
    """The body as the seed document's lines: one per block, one per list item."""
    lines: list[str] = []
    for _, content in blocks(post):
        if isinstance(content, str):
            lines.append(content)
        else:
            lines.extend(content)
    return lines


def categories(post: Post, shown: bool = True) -> list[Term]:
    """The post's categories, or none while the replica drops them."""
    return [CATEGORIES[term_id] for term_id in post.categories] if shown else []


def tags(post: Post) -> list[Term]:
    return [TAGS[term_id] for term_id in post.tags]


def content_html(post: Post) -> str:
    """The body markup (`content.rendered`, the entry content, the feed's `content:encoded`)."""
    parts: list[str] = []
    for kind, content in blocks(post):
        if isinstance(content, str):
            inner = escape(content, quote=False)
            parts.append(
                f"<blockquote><p>{inner}</p></blockquote>\n"
                if kind == "blockquote"
                else f"<{kind}>{inner}</{kind}>\n"
            )
        else:
            items = "".join(f"<li>{escape(item, quote=False)}</li>\n" for item in content)
            parts.append(f"<ul>\n{items}</ul>\n")
    return "".join(parts)


def excerpt(post: Post) -> str:
    """The start of the lead as a plain-text summary (WordPress cuts it and adds an ellipsis)."""
    lead = paragraphs(post)[0]
    return lead if len(lead) <= EXCERPT_LENGTH else lead[:EXCERPT_LENGTH].rstrip()
