"""Which page a site path names, and that page as a `Reply` (WordPress's URL structure)."""

from __future__ import annotations

import re
from datetime import date, datetime

from newsbot.replica import rest, yoast
from newsbot.replica.config import Config
from newsbot.replica.corpus import Corpus
from newsbot.replica.feeds import (
    SITEMAP_PAGE_SIZE,
    posts_sitemap,
    robots_txt,
    rss,
    sitemap_index,
    terms_sitemap,
)
from newsbot.replica.indexes import SortedPosts
from newsbot.replica.listings import Archive, listing_page
from newsbot.replica.outlet import (
    FEED,
    FEED_SIZE,
    LISTING_PAGE_SIZE,
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    ROBOTS,
    SITEMAP_INDEX,
)
from newsbot.replica.posts import Post
from newsbot.replica.redesign import redesigned_article_page
from newsbot.replica.replies import (
    RSS,
    TEXT,
    XML,
    Reply,
    not_found,
    redirect,
    rest_error,
    text_reply,
)
from newsbot.replica.rest_query import InvalidParam, Query, is_number
from newsbot.replica.terms import CATEGORIES, TAGS, TAXONOMIES, TAXONOMY_BY_SEGMENT, Term
from newsbot.replica.theme import article_page

SIDEBAR_SIZE = 3
_ARCHIVE = re.compile(
    r"^(?P<root>/(?:(?P<base>category|tag)/(?P<slug>[^/]+)/"
    r"|(?P<year>\d{4})/(?:(?P<month>\d{2})/(?:(?P<day>\d{2})/)?)?)?)"
    r"(?:page/(?P<page>\d+)/)?$",
    re.ASCII,
)
_FEED = re.compile(r"^/(?:(?P<base>category|tag)/(?P<slug>[^/]+)/)?feed/$")
_ARTICLE = re.compile(r"^/(?P<slug>[^/]+)/(?P<amp>amp/)?$")
_POSTS_SITEMAP = re.compile(r"^/wp-sitemap-posts-post-(?P<page>\d+)\.xml$", re.ASCII)
_REST = re.compile(
    r"^/wp-json/wp/v2/(?P<route>posts|categories|tags)(?:/(?P<id>\d+))?/?$", re.ASCII
)


def _latest(corpus: Corpus, posts: list[Post]) -> datetime:
    return max((post.modified for post in posts), default=corpus.archive_end)


def _term(match: re.Match[str]) -> Term | None:
    """The category or tag a `/category/<slug>/…` or `/tag/<slug>/…` path names."""
    return TAXONOMY_BY_SEGMENT[match["base"]].by_slug.get(match["slug"])


def _archive(corpus: Corpus, match: re.Match[str]) -> tuple[Archive, SortedPosts] | None:
    """The home, term or date archive a listing path names, with its posts (None: no such)."""
    root = match["root"]
    if match["base"]:
        term, kind = _term(match), match["base"]
        if term is None:
            return None
        classes = f"archive {kind} {kind}-{term.slug} {kind}-{term.id}"
        return Archive(term.name, root, classes, f"{root}feed/"), corpus.indexes.term(term)
    if not match["year"]:
        return Archive(corpus.outlet.name, root, "home blog", FEED), corpus.indexes.by_date
    key = tuple(int(part) for part in (match["year"], match["month"], match["day"]) if part)
    try:  # a month or a year is checked by its first day
        moment = date(*(*key, 1, 1)[:3])
    except ValueError:
        return None
    if len(key) == 3:
        title = f"{moment.day} {MONTHS_GENITIVE[moment.month - 1]} {moment.year}"
    elif len(key) == 2:
        title = f"{MONTHS_NOMINATIVE[moment.month - 1]} {moment.year}"
    else:
        title = str(moment.year)
    return Archive(title, root, "archive date"), corpus.indexes.date(key)


def _listing(corpus: Corpus, match: re.Match[str]) -> Reply:
    found = _archive(corpus, match)
    if found is None:
        return not_found(corpus.outlet)
    archive, posts = found
    number = int(match["page"] or 1)
    if match["page"] and number == 1:
        return redirect(archive.path)
    pages = -(-len(posts) // LISTING_PAGE_SIZE)
    if number < 1 or number > pages:
        return not_found(corpus.outlet)
    shown = posts.newest((number - 1) * LISTING_PAGE_SIZE, LISTING_PAGE_SIZE)
    page = listing_page(corpus.outlet, archive, number, pages, shown)
    return text_reply(page, last_modified=_latest(corpus, shown))


def _feed(corpus: Corpus, config: Config, match: re.Match[str]) -> Reply:
    outlet = corpus.outlet
    posts, title = corpus.indexes.by_date, outlet.name
    if match["base"]:
        term = _term(match)
        if term is None:
            return not_found(outlet)
        posts, title = corpus.indexes.term(term), f"{outlet.name} – {term.name}"
    # As WordPress: the feed is built at its posts' latest modification; its validators
    # follow the site's latest modification or publication, whatever the feed holds.
    shown = posts.newest(0, FEED_SIZE)
    built = max((post.modified for post in shown), default=corpus.archive_end)
    body = rss(outlet, shown, match.group(0), title, built, config.categories)
    return text_reply(body, RSS, corpus.last_changed())


def _article(corpus: Corpus, config: Config, slug: str, amp: bool) -> Reply:
    post = corpus.by_slug.get(slug)
    if post is None:
        old = corpus.by_old_slug.get(slug)
        return redirect(f"/{old.slug}/") if old else not_found(corpus.outlet)
    if config.theme == "redesign":
        page = redesigned_article_page(post, corpus.outlet, config.categories)
    else:
        sidebar = corpus.indexes.by_date.older_than(post, SIDEBAR_SIZE)
        page = article_page(post, corpus.outlet, sidebar, config.categories, amp)
    return text_reply(page, last_modified=post.modified)


def _yoast_sitemap(corpus: Corpus, path: str) -> Reply | None:
    outlet, by_modified = corpus.outlet, corpus.indexes.by_modified.posts
    chunks = [
        by_modified[n : n + yoast.PAGE_SIZE] for n in range(0, len(by_modified), yoast.PAGE_SIZE)
    ]
    if path == SITEMAP_INDEX:
        return redirect(yoast.INDEX)
    if path == yoast.INDEX:
        stamps = [_latest(corpus, chunk) for chunk in chunks]
        body = yoast.index(outlet, stamps, corpus.archive_end)
        return text_reply(body, XML, corpus.last_modified())
    match = yoast.POSTS.match(path)
    if match:
        number = int(match["page"] or 1)
        if number > len(chunks):
            return not_found(outlet)
        home = corpus.last_modified() if number == 1 else None
        body = yoast.posts(outlet, chunks[number - 1], home)
        return text_reply(body, XML, _latest(corpus, chunks[number - 1]))
    taxonomy = yoast.TERMS.get(path)
    if taxonomy is not None:
        listed = sorted(TAXONOMIES[taxonomy].by_id.values(), key=lambda term: term.slug)
        return text_reply(yoast.terms(outlet, listed, corpus.archive_end), XML, corpus.archive_end)
    return None


def _sitemap(corpus: Corpus, config: Config, path: str) -> Reply | None:
    if config.sitemaps == "yoast":
        return _yoast_sitemap(corpus, path)
    outlet, by_id = corpus.outlet, corpus.indexes.by_id.posts
    if path == SITEMAP_INDEX:
        pages = -(-len(by_id) // SITEMAP_PAGE_SIZE)
        return text_reply(sitemap_index(outlet, pages, bool(TAGS)), XML, corpus.last_modified())
    match = _POSTS_SITEMAP.match(path)
    if match:
        number = int(match["page"])
        chunk = by_id[(number - 1) * SITEMAP_PAGE_SIZE : number * SITEMAP_PAGE_SIZE]
        if number < 1 or not chunk:
            return not_found(outlet)
        body = posts_sitemap(outlet, chunk, config.sitemap_lastmod)
        return text_reply(body, XML, _latest(corpus, chunk))
    if path == "/wp-sitemap-taxonomies-category-1.xml":
        terms = sorted(CATEGORIES.values(), key=lambda term: term.slug)
        return text_reply(terms_sitemap(outlet, terms), XML, corpus.archive_end)
    if path == "/wp-sitemap-taxonomies-post_tag-1.xml":
        return text_reply(terms_sitemap(outlet, list(TAGS.values())), XML, corpus.archive_end)
    return None


def rest_reply(corpus: Corpus, config: Config, path: str, query: Query) -> Reply:
    """A `/wp-json/…` request (the REST switch is checked by the caller)."""
    if path in ("/wp-json", "/wp-json/"):
        return rest.api_index(corpus.outlet)
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
        taxonomy = TAXONOMY_BY_SEGMENT[route]
        if item:
            return rest.single_term(corpus, taxonomy, int(item), query)
        return rest.terms_collection(corpus, taxonomy, query)
    except InvalidParam as error:
        message = f"Invalid parameter(s): {error.name}"
        return rest_error("rest_invalid_param", message, 400, params={error.name: error.reason})


def _shortlink(corpus: Corpus, query: Query) -> Reply | None:
    """`/?p=N`: WordPress redirects the shortlink to the post's permalink."""
    values = query.get("p")
    if not values:
        return None
    post = corpus.posts.get(int(values[-1])) if is_number(values[-1]) else None
    return redirect(f"/{post.slug}/") if post else not_found(corpus.outlet)


def site_reply(corpus: Corpus, config: Config, path: str, query: Query) -> Reply:
    """The answer to GET `path` (tracking and other unknown query parameters are ignored)."""
    if path.startswith("/wp-json"):
        return rest_reply(corpus, config, path, query) if config.rest else not_found(corpus.outlet)
    if path == "/":
        shortlink = _shortlink(corpus, query)
        if shortlink is not None:
            return shortlink
    if path == ROBOTS:
        sitemap = yoast.INDEX if config.sitemaps == "yoast" else SITEMAP_INDEX
        return text_reply(robots_txt(corpus.outlet, sitemap), TEXT, corpus.archive_end)
    if path.startswith("/wp-sitemap") or yoast.is_sitemap(path):
        return _sitemap(corpus, config, path) or not_found(corpus.outlet)
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
    return not_found(corpus.outlet)
