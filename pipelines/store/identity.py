"""Which article a save is about: its URLs (canonical forms, `?p=N` shortlinks) and post id,
looked up through the archive's indexes (DESIGN §5)."""

from __future__ import annotations

from sqlite_utils import Database

from newsbot.items import Article
from newsbot.normalize import canonical_url, shortlink_post_id
from newsbot.sites import SiteProfile
from pipelines.store import queries
from pipelines.store.rows import Row


def seen_urls(article: Article, profile: SiteProfile) -> list[str]:
    """Canonical forms of the URLs an article arrived with: its own, then where it was fetched."""
    urls = [canonical_url(article.url, profile)]
    if article.fetched_url:
        fetched = canonical_url(article.fetched_url, profile)
        if fetched not in urls:
            urls.append(fetched)
    return urls


def post_id_of(article: Article, urls: list[str], profile: SiteProfile) -> int | None:
    """The article's WordPress post id: its own, else the one a shortlink it arrived under names."""
    if article.post_id is not None:
        return article.post_id
    for url in urls:
        post_id = shortlink_post_id(url, profile)
        if post_id is not None:
            return post_id
    return None


def locate(db: Database, site: str, post_id: int | None, urls: list[str]) -> Row | None:
    """The article with this post id, else the one holding any of these URLs.

    An article found by URL is the same one only if neither post id contradicts the other.
    """
    if post_id is not None:
        found = queries.article_by_post_id(db, site, post_id)
        if found is not None:
            return found
    for url in urls:
        found = queries.article_by_url(db, site, url)
        if found is not None and (post_id is None or found["post_id"] in (None, post_id)):
            return found
    return None
