"""One article out of several responses: the pages of a post split with `<!--nextpage-->`, and
what the post's REST route adds to a page that does not print it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsbot.items import Article
from newsbot.normalize import clean_text
from newsbot.pages.errors import NotAnArticle, reads_input
from newsbot.pages.rest_post import RestPost
from newsbot.prepare import optional_line, optional_media, optional_utc
from newsbot.sites import SiteProfile


def joined_pages(first: Article, later: list[Article]) -> Article:
    """The article of page 1 with the bodies of its later pages after its own, in order.

    Every page must be of the same post: a page of another one raises NotAnArticle.
    """
    for number, page in enumerate(later, start=2):
        if None not in (first.post_id, page.post_id) and page.post_id != first.post_id:
            raise NotAnArticle(f"page {number} is post {page.post_id}, not {first.post_id}")
    lines = [line for page in (first, *later) for line in page.paragraphs]
    return replace(first, paragraphs=lines)


@reads_input
def completed(article: Article, post: dict[str, Any], profile: SiteProfile) -> Article:
    """`article` with what its REST post (`_embed`) says and its page did not print: the photo
    credit, the modification time, the excerpt and the featured image. A post of another id
    changes nothing."""
    if article.post_id is not None and post.get("id") != article.post_id:
        return article
    rest = RestPost(profile, post)
    changes: dict[str, Any] = {}
    if not article.photo_credit:
        changes["photo_credit"] = clean_text(rest.photo_credit())
    if article.modified_at is None:
        changes["modified_at"] = optional_utc(rest.modified_at())
    if article.excerpt is None:
        changes["excerpt"] = optional_line(rest.excerpt())
    if article.image_url is None:
        changes["image_url"] = optional_media(rest.image_url(), profile)
    return replace(article, **changes)
