"""Which page a site path names, and that page as a `Reply` (WordPress's URL structure)."""

from __future__ import annotations

import re
from datetime import date, datetime

from newsbot.replica import rest
from newsbot.replica.config import Config
from newsbot.replica.corpus import ARCHIVE_END, Corpus
from newsbot.replica.feeds import (
    ROBOTS_TXT,
    SITEMAP_PAGE_SIZE,
    posts_sitemap,
    rss,
    sitemap_index,
    terms_sitemap,
)
from newsbot.replica.listings import MONTHS_NOMINATIVE, Archive, listing_page, page_count
from newsbot.replica.posts import Post
from newsbot.replica.redesign import redesigned_article_page
from newsbot.replica.replies import (
    NOT_FOUND,
    RSS,
    TEXT,
    XML,
    Reply,
    redirect,
    rest_error,
    text_reply,
)
from newsbot.replica.terms import CATEGORY_BY_SLUG, TAG_BY_SLUG, TAGS, Term
from newsbot.replica.theme import article_page
from newsbot.site import ARBUZ, GENITIVE_MONTHS

Query = rest.Query
SIDEBAR_SIZE = 3
_ARCHIVE = re.compile(
    r"^(?P<root>/(?:category/(?P<category>[^/]+)/|tag/(?P<tag>[^/]+)/"
    r"|(?P<year>\d{4})/(?:(?P<month>\d{2})/(?:(?P<day>\d{2})/)?)?)?)"
    r"(?:page/(?P<page>\d+)/)?$"
)
_FEED = re.compile(r"^/(?:(?P<taxonomy>category|tag)/(?P<slug>[^/]+)/)?feed/$")
_ARTICLE = re.compile(r"^/(?P<slug>[^/]+)/(?P<amp>amp/)?$")
_POSTS_SITEMAP = re.compile(r"^/wp-sitemap-posts-post-(?P<page>\d+)\.xml$")
_REST = re.compile(r"^/wp-json/wp/v2/(?P<route>posts|categories|tags)(?:/(?P<id>\d+))?/?$")


def _latest(posts: list[Post]) -> datetime:
    return max((post.modified for post in posts), default=ARCHIVE_END)


def _term_archive(term: Term) -> Archive:
    kind = "category" if term.taxonomy == "category" else "tag"
    return Archive(
        term.name,
        term.link.removeprefix(ARBUZ.base_url),
        f"archive {kind} {kind}-{term.slug} {kind}-{term.id}",
        f"/{kind}/{term.slug}/feed/",
    )


def _date_archive(
    corpus: Corpus, year: str, month: str | None, day: str | None
) -> tuple[Archive, list[Post]] | None:
    key = tuple(int(part) for part in (year, month, day) if part)
    try:
        moment = date(key[0], key[1] if len(key) > 1 else 1, key[2] if len(key) > 2 else 1)
    except ValueError:
        return None
    if len(key) == 3:
        title = f"{moment.day} {GENITIVE_MONTHS[moment.month - 1]} {moment.year}"
    elif len(key) == 2:
        title = f"{MONTHS_NOMINATIVE[moment.month - 1]} {moment.year}"
    else:
        title = str(moment.year)
    path = "/" + "/".join(part for part in (year, month, day) if part) + "/"
    return Archive(title, path, "archive date"), corpus.indexes.by_date.get(key, [])


def _archive(corpus: Corpus, match: re.Match[str]) -> tuple[Archive, list[Post]] | None:
    if match["category"]:
        term = CATEGORY_BY_SLUG.get(match["category"])
        return (_term_archive(term), corpus.indexes.by_category.get(term.id, [])) if term else None
    if match["tag"]:
        term = TAG_BY_SLUG.get(match["tag"])
        return (_term_archive(term), corpus.indexes.by_tag.get(term.id, [])) if term else None
    if match["year"]:
        return _date_archive(corpus, match["year"], match["month"], match["day"])
    return Archive(ARBUZ.name, "/", "home blog", ARBUZ.paths.feed), corpus.newest_first()


def _listing(corpus: Corpus, match: re.Match[str]) -> Reply:
    found = _archive(corpus, match)
    if found is None:
        return NOT_FOUND
    archive, posts = found
    number = int(match["page"] or 1)
    if match["page"] and number == 1:
        return redirect(archive.path)
    if number < 1 or number > page_count(len(posts)):
        return NOT_FOUND
    size = ARBUZ.listing_page_size
    shown = posts[(number - 1) * size : number * size]
    return text_reply(listing_page(archive, number, posts), last_modified=_latest(shown))


def _feed(corpus: Corpus, config: Config, match: re.Match[str]) -> Reply:
    posts, title = corpus.newest_first(), ARBUZ.name
    if match["taxonomy"]:
        index = CATEGORY_BY_SLUG if match["taxonomy"] == "category" else TAG_BY_SLUG
        term = index.get(match["slug"])
        if term is None:
            return NOT_FOUND
        by_term = (
            corpus.indexes.by_category if term.taxonomy == "category" else corpus.indexes.by_tag
        )
        posts, title = by_term.get(term.id, []), f"{ARBUZ.name} – {term.name}"
    # WordPress dates every feed by the site's latest modification, whatever the feed holds.
    modified = corpus.last_modified()
    path = match.group(0)
    body = rss(posts[: ARBUZ.feed_size], path, title, modified, config.categories)
    return text_reply(body, RSS, modified)


def _article(corpus: Corpus, config: Config, slug: str, amp: bool) -> Reply:
    post = corpus.by_slug.get(slug)
    if post is None:
        old = corpus.by_old_slug.get(slug)
        return redirect(f"/{old.slug}/") if old else NOT_FOUND
    if config.theme == "redesign":
        return text_reply(
            redesigned_article_page(post, config.categories), last_modified=post.modified
        )
    newest = corpus.newest_first()
    start = corpus.indexes.position[post.id] + 1
    sidebar = newest[start : start + SIDEBAR_SIZE]
    page = article_page(post, sidebar, config.categories, amp)
    return text_reply(page, last_modified=post.modified)


def _sitemap(corpus: Corpus, config: Config, path: str) -> Reply | None:
    by_id = sorted(corpus.posts.values(), key=lambda post: post.id)
    if path == ARBUZ.paths.sitemap_index:
        pages = -(-len(by_id) // SITEMAP_PAGE_SIZE)
        return text_reply(sitemap_index(pages, bool(TAGS)), XML, corpus.last_modified())
    match = _POSTS_SITEMAP.match(path)
    if match:
        number = int(match["page"])
        chunk = by_id[(number - 1) * SITEMAP_PAGE_SIZE : number * SITEMAP_PAGE_SIZE]
        if number < 1 or not chunk:
            return NOT_FOUND
        return text_reply(posts_sitemap(chunk, config.sitemap_lastmod), XML, _latest(chunk))
    if path == "/wp-sitemap-taxonomies-category-1.xml":
        terms = [CATEGORY_BY_SLUG[slug] for slug in sorted(CATEGORY_BY_SLUG)]
        return text_reply(terms_sitemap(terms), XML, ARCHIVE_END)
    if path == "/wp-sitemap-taxonomies-post_tag-1.xml":
        return text_reply(terms_sitemap(list(TAGS.values())), XML, ARCHIVE_END)
    return None


def rest_reply(corpus: Corpus, config: Config, path: str, query: Query) -> Reply:
    """A `/wp-json/…` request (the REST switch is checked by the caller)."""
    if path in ("/wp-json", "/wp-json/"):
        return rest.api_index()
    match = _REST.match(path)
    if match is None:
        return rest_error(
            "rest_no_route", "No route was found matching the URL and request method", 404
        )
    route, item = match["route"], match["id"]
    try:
        if route == "posts":
            if item:
                return rest.single_post(corpus, int(item), query, config.categories)
            return rest.posts_collection(corpus, query, config.categories)
        if item:
            return rest.single_term(corpus, route, int(item))
        return rest.terms_collection(corpus, route, query)
    except rest.InvalidParam as error:
        return rest.invalid_param(error)


def _shortlink(corpus: Corpus, query: Query) -> Reply | None:
    """`/?p=N`: WordPress redirects the shortlink to the post's permalink."""
    values = query.get("p")
    if not values:
        return None
    post = corpus.posts.get(int(values[-1])) if values[-1].isdigit() else None
    return redirect(f"/{post.slug}/") if post else NOT_FOUND


def site_reply(corpus: Corpus, config: Config, path: str, query: Query) -> Reply:
    """The answer to GET `path` (tracking and other unknown query parameters are ignored)."""
    if path.startswith("/wp-json"):
        return rest_reply(corpus, config, path, query) if config.rest else NOT_FOUND
    if path == "/":
        shortlink = _shortlink(corpus, query)
        if shortlink is not None:
            return shortlink
    if path == ARBUZ.paths.robots:
        return text_reply(ROBOTS_TXT, TEXT, ARCHIVE_END)
    if path.startswith("/wp-sitemap"):
        return _sitemap(corpus, config, path) or NOT_FOUND
    feed = _FEED.match(path)
    if feed:
        return _feed(corpus, config, feed)
    archive = _ARCHIVE.match(path)
    if archive:
        return _listing(corpus, archive)
    article = _ARTICLE.match(path)
    if article:
        return _article(corpus, config, article["slug"], bool(article["amp"]))
    looks_like_page = not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]
    if looks_like_page and site_reply(corpus, config, path + "/", {}).status != 404:
        return redirect(path + "/")
    return NOT_FOUND
