"""A post as the archive must store it (`Article`) and its body as WordPress prints it."""

from __future__ import annotations

from datetime import datetime
from html import escape

from newsbot.items import Article
from newsbot.replica.generator import generated_body
from newsbot.replica.posts import Block, Post
from newsbot.replica.terms import CATEGORIES, TAGS, Term
from newsbot.site import ARBUZ

EXCERPT_LENGTH = 120


def utc_iso(moment: datetime) -> str:
    """`2019-11-07T17:00:22+00:00`: the form of the seed document and of sitemaps."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def post_url(post: Post) -> str:
    return f"{ARBUZ.base_url}/{post.slug}/"


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


def to_article(post: Post, with_categories: bool = True) -> Article:
    """The article a perfect crawl of this post stores."""
    shown = categories(post, with_categories)
    post_tags = tags(post)
    return Article(
        title=post.title,
        site_name=ARBUZ.name,
        published_at=post.published,
        url=post_url(post),
        paragraphs=paragraphs(post),
        author=post.byline,
        categories=[term.name for term in shown],
        photo_credit=post.media.caption if post.media else "",
        tags=[term.name for term in post_tags],
        category_slugs=[term.slug for term in shown],
        tag_slugs=[term.slug for term in post_tags],
        post_id=post.id,
        modified_at=post.modified,
        source="import",
    )
