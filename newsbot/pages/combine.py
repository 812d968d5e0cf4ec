"""One article out of several responses: the pages of a post split with `<!--nextpage-->`, and
what the post's REST route adds to a page that does not print it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from typing import Any

from newsbot.items import Article
from newsbot.normalize import clean_text
from newsbot.normalize.article import optional_line, optional_media, optional_utc
from newsbot.pages.errors import Incomplete, NotAnArticle, reads_input
from newsbot.pages.rest_post import RestPost
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


def stand_in(day: date | None, profile: SiteProfile) -> datetime:
    """A publication instant for a page that prints none (its day's start, when it prints the
    day): the REST route's replaces it, or the page is refused."""
    return datetime.combine(day or date(1970, 1, 1), time(), profile.zone)


def missing_fields(article: Article | None, timed: bool, day: date | None) -> list[str]:
    """What an article page lacks of the fields every WordPress post has, each as a reason
    (its time alone before the article is read)."""
    missing: list[str] = []
    if not timed:
        shown = f"prints the day {day} but no time" if day else "prints none"
        missing.append(f"no publication time (metadata, <time datetime>): the page {shown}")
    if article is not None and not article.categories:
        missing.append('no category (rel="category tag" links, term classes, metadata)')
    return missing


def refuse_incomplete(
    article: Article, timed: bool, day: date | None, route: str | None, profile: SiteProfile
) -> None:
    """Refuse a page lacking a field every post has (`Incomplete` when it names its REST route);
    `day` is the one it prints when it prints no time (`timed`)."""
    missing = missing_fields(article, timed, day)
    if not missing:
        return
    reason = "; ".join(missing)
    if route is None:
        raise NotAnArticle(reason)

    def complete(post: dict[str, Any]) -> Article:
        """The article with the REST post's time (on the day the page prints) and categories."""
        rest = RestPost(profile, post).to_article()
        if article.post_id not in (None, rest.post_id):
            raise NotAnArticle(f"the REST post is post {rest.post_id}, not {article.post_id}")
        published = article.published_at if timed else rest.published_at
        if day is not None and published.astimezone(profile.zone).date() != day:
            raise NotAnArticle(f"the page prints the day {day}; REST's time is {published}")
        changes: dict[str, Any] = {"published_at": published}
        if not article.categories:
            changes |= {"categories": rest.categories, "category_slugs": rest.category_slugs}
        return completed(replace(article, **changes), post, profile)

    raise Incomplete(f"{reason} (the post's REST route has it)", route, article, complete)
