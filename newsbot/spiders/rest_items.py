"""A REST answer's posts, and the article item of each (one post's failure is its own)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from newsbot import crawlstats
from newsbot.crawl.rest_answers import post_page
from newsbot.items import Article
from newsbot.pages import NotAnArticle, ProtectedPost, RestPost, rest_posts
from newsbot.spiders.context import CrawlContext


def read_posts(crawl: CrawlContext, response: Response) -> list[dict[str, Any]] | None:
    """The posts of a REST answer; None, its request failed, when it holds no list of posts."""
    try:
        return rest_posts(response.body)
    except NotAnArticle as error:
        crawl.request_failed_response(response, str(error))
        return None


def unread(posts: list[dict[str, Any]], read: set[tuple[int, str]]) -> list[dict[str, Any]]:
    """`posts` but those in `read` (by id and `modified`), which then holds them all."""
    fresh = []
    for post in posts:
        post_id, modified = post.get("id"), str(post.get("modified"))
        if not isinstance(post_id, int):  # no id to know it by
            fresh.append(post)
        elif (post_id, modified) not in read:
            read.add((post_id, modified))
            fresh.append(post)
    return fresh


def post_articles(
    crawl: CrawlContext, posts: list[dict[str, Any]], response: Response
) -> Iterator[Article]:
    """The articles of REST `posts`, one item each; a post that is none is recorded alone."""
    for post in posts:
        try:
            article = RestPost(crawl.profile, post).to_article()
        except ProtectedPost as error:
            crawl.skipped(crawlstats.PROTECTED, str(post.get("link")), str(error))
        except NotAnArticle as error:
            url = post_page(post, crawl.profile)
            crawl.failures.not_an_article(url or repr(post.get("id"))[:40], str(error), url)
        else:
            yield crawl.item(article, response, own_page=False)
