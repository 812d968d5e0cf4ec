"""The seed document a perfect crawl stores for a post (DESIGN §1), written by the replica itself.

It is the model's own writer: a test that compares a crawl with it compares the crawler's
renderer with an independent one, byte for byte.
"""

from __future__ import annotations

from typing import Any

from newsbot.replica.articles import categories, paragraphs, post_url, tags
from newsbot.replica.outlet import Outlet, utc_iso
from newsbot.replica.posts import Post

ITEM_INDENT = " " * 8
BLOCK_END = " " * 6


def expected_document(post: Post, outlet: Outlet, with_categories: bool = True) -> str:
    """The seed document of `post`, as served by `outlet` (with its categories, if shown)."""
    lines = [
        "",
        f"# {post.title} | {outlet.name}",
        "",
        f"Published at: **{utc_iso(post.published)}**",
        "",
        f"Author: **{post.byline}**",
        "",
        f"Original: [{outlet.name}]({post_url(post, outlet)})",
        "",
        "",
        *(ITEM_INDENT + term.name for term in categories(post, with_categories)),
        BLOCK_END,
    ]
    if post.media is not None and post.media.caption:
        lines.append(post.media.caption)
    lines += paragraphs(post)
    lines += [outlet.printed_date(post.published), ""]
    lines += [ITEM_INDENT + term.name for term in tags(post)]
    lines.append(BLOCK_END)
    return "".join(line + "\n" for line in lines)


def expected_fields(post: Post, outlet: Outlet, with_categories: bool = True) -> dict[str, Any]:
    """What a crawl of `post` must find besides the document: ids, times and term slugs."""
    return {
        "id": post.id,
        "url": post_url(post, outlet),
        "published_at": utc_iso(post.published),
        "modified_at": utc_iso(post.modified),
        "category_slugs": [term.slug for term in categories(post, with_categories)],
        "tag_slugs": [term.slug for term in tags(post)],
        "document": expected_document(post, outlet, with_categories),
    }
