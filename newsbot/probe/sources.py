"""What the probe learns of the discovery sources: the REST API, the feed and the sitemaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from newsbot.crawl.dates import local_naive
from newsbot.pages import FeedPage, RestPost, SitemapPage
from newsbot.probe.answers import Answer, Fetched, missed_reason, status_of
from newsbot.sites import SiteProfile

REST_NAMESPACE = "wp/v2"
INDEX_FIELDS = "name,url,home,namespaces"
"""What the probe asks of the REST index (`_fields`): the whole index is some 160 KB."""

Lastmod = Literal["all", "some", "none"]


def rest_index(fetched: Fetched | None) -> dict[str, Any]:
    """The REST index's JSON object, or {} when it answered none."""
    data = fetched.json() if isinstance(fetched, Answer) else None
    return data if isinstance(data, dict) else {}


POST_FIELD_TYPES: dict[str, type] = {
    "id": int,
    "link": str,
    "date": str,
    "date_gmt": str,
    "modified": str,
    "modified_gmt": str,
    "slug": str,
    "status": str,
    "type": str,
    "title": dict,
    "content": dict,
    "excerpt": dict,
    "_embedded": dict,
    "categories": list,
    "tags": list,
}
"""The types WordPress gives the fields of a post that newsbot reads."""


def _is_post(post: object) -> bool:
    """Whether `post` is a JSON object whose known fields have WordPress's types."""
    if not isinstance(post, dict):
        return False
    for name, kind in POST_FIELD_TYPES.items():
        value = post.get(name)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            return False
    return True


def posts_list(fetched: Fetched | None) -> list[dict[str, Any]] | None:
    """The post objects of a REST posts answer, or None when it is not a JSON list of posts
    shaped as WordPress shapes them."""
    data = fetched.json() if isinstance(fetched, Answer) else None
    if not isinstance(data, list) or not all(_is_post(post) for post in data):
        return None
    return data


def newest_modification(posts: list[dict[str, Any]], profile: SiteProfile) -> str | None:
    """The latest modification among `posts`, site-local and naive as `modified_after` takes it:
    a site that honours the filter counts fewer posts modified after it than it holds."""
    times = [m for m in (RestPost(profile, post).modified_at() for post in posts) if m]
    return local_naive(max(times), profile.zone) if times else None


@dataclass(frozen=True)
class RestReport:
    """The WordPress REST API: its index, the posts route and whether `modified_after` works."""

    index_status: int | None
    namespaces: list[str]
    home: str | None
    """The address WordPress believes it has (`home` of the index)."""
    posts_status: int | None
    posts_json: bool
    """The posts route answered a JSON list of posts."""
    total: int | None
    """`X-WP-Total`: the published posts the route lists."""
    total_pages: int | None
    modified_after: bool | None
    """Whether a `modified_after` filter narrowed the count (None: not tried, or no posts
    list came back)."""
    error: str | None
    """Why the posts route gave no answer (robots.txt, the network), when it did not."""

    @property
    def available(self) -> bool:
        """The posts route answers JSON with posts in it."""
        return self.posts_json and bool(self.total)


def rest_report(
    index: Fetched | None, posts: Fetched | None, narrowed: Fetched | None
) -> RestReport:
    data = rest_index(index)
    namespaces = data.get("namespaces")
    home = data.get("home")
    listed = posts_list(posts)
    total = posts.header_int("X-WP-Total") if isinstance(posts, Answer) else None
    if listed is not None and total is None:
        total = len(listed)
    count = narrowed.header_int("X-WP-Total") if isinstance(narrowed, Answer) else None
    accepted: bool | None = None
    if posts_list(narrowed) is not None:  # a failed request tells nothing of the filter
        accepted = count is not None and count < (total or 0)
    return RestReport(
        index_status=status_of(index),
        namespaces=[str(n) for n in namespaces] if isinstance(namespaces, list) else [],
        home=home if isinstance(home, str) else None,
        posts_status=status_of(posts),
        posts_json=listed is not None,
        total=total,
        total_pages=posts.header_int("X-WP-TotalPages") if isinstance(posts, Answer) else None,
        modified_after=accepted,
        error=missed_reason(posts) or missed_reason(index),
    )


@dataclass(frozen=True)
class FeedReport:
    """The RSS feed: its size, validators and whether a repeat with them answers 304."""

    status: int | None
    bytes: int | None
    items: int | None
    validators: list[str]
    repeat_status: int | None
    """The status of the conditional repeat (None: not sent, the feed gave no validators)."""
    error: str | None


def feed_report(feed: Fetched | None, repeat: Fetched | None, profile: SiteProfile) -> FeedReport:
    answered = feed if isinstance(feed, Answer) and feed.status == 200 else None
    return FeedReport(
        status=status_of(feed),
        bytes=len(answered.body) if answered else None,
        items=len(FeedPage(profile, answered.body).entries()) if answered else None,
        validators=answered.validators() if answered else [],
        repeat_status=status_of(repeat),
        error=missed_reason(feed),
    )


@dataclass(frozen=True)
class SitemapReport:
    """The sitemaps (core's, or Yoast SEO's its index redirects to): the index, how many posts
    sitemaps it lists, and one of them."""

    status: int | None
    posts_sitemaps: int
    kind: str | None = None
    """Whose posts sitemaps the index lists: `yoast` (`post-sitemap*.xml`) or `core`."""
    other: list[str] = field(default_factory=list)
    """Paths of the index's other sitemaps (pages, taxonomies, users)."""
    page: str | None = None
    """The posts sitemap read (the newest), as a path."""
    page_status: int | None = None
    entries: int | None = None
    lastmod: Lastmod | None = None
    """How many of its entries carry `<lastmod>`."""
    error: str | None = None


def _index_page(index: Fetched | None, profile: SiteProfile) -> SitemapPage | None:
    """The sitemap index an answer holds, None unless it answered 200."""
    if not isinstance(index, Answer) or index.status != 200:
        return None
    return SitemapPage(profile, index.body)


def post_sitemaps(index: Fetched | None, profile: SiteProfile) -> list[str]:
    """The outlet URLs of the posts sitemaps a sitemap index answer lists."""
    page = _index_page(index, profile)
    return page.post_sitemaps() if page else []


def _kind(listed: list[str], profile: SiteProfile) -> str | None:
    if not listed:
        return None
    core = profile.paths.posts_sitemap.split("{", 1)[0]
    return "core" if urlsplit(listed[0]).path.startswith(core) else "yoast"


def sitemap_report(
    index: Fetched | None, page_url: str | None, page: Fetched | None, profile: SiteProfile
) -> SitemapReport:
    listed = post_sitemaps(index, profile)
    every = read.sitemaps() if (read := _index_page(index, profile)) else []
    other = [urlsplit(url).path for url in every if url not in listed]
    entries = None
    lastmod: Lastmod | None = None
    if isinstance(page, Answer) and page.status == 200:
        found = SitemapPage(profile, page.body).entries()
        entries = len(found)
        dated = sum(1 for entry in found if entry.lastmod is not None)
        lastmod = "none" if not dated else "all" if dated == len(found) else "some"
    return SitemapReport(
        status=status_of(index),
        posts_sitemaps=len(listed),
        kind=_kind(listed, profile),
        other=other,
        page=urlsplit(page_url).path if page_url else None,
        page_status=status_of(page),
        entries=entries,
        lastmod=lastmod,
        error=missed_reason(index) or missed_reason(page),
    )
