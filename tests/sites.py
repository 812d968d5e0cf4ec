"""Small sites of our own on loopback, for the faults the replica has no switch for.

A `Site` serves fixed pages from a thread of this process (standard library only) and logs every
request it gets. Its pages are the replica's own markup (theme, feed, REST JSON) for posts of a
generated corpus, altered by each test: re-encoded, broken, misdated, redirected, hostile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsbot.replica import outlet as model
from newsbot.replica.corpus import Corpus
from newsbot.replica.expected import expected_document as replica_document
from newsbot.replica.feeds import robots_txt, rss
from newsbot.replica.listings import Archive, listing_page, page_path
from newsbot.replica.outlet import DEFAULT_OUTLET as OUTLET
from newsbot.replica.outlet import LISTING_PAGE_SIZE
from newsbot.replica.posts import Post
from newsbot.replica.replies import HTML, JSON, RSS, TEXT, wp_json
from newsbot.replica.rest import EMBEDDABLE, post_json
from newsbot.replica.theme import article_page
from newsbot.sites.arbuz import PROFILE
from tests.crawling import FULL_SPEED, Measured, newsbot_measured

Body = bytes | Callable[[], Iterable[bytes]]
"""A body sent at once, or one streamed in the chunks a function yields."""


@dataclass(frozen=True)
class Page:
    body: Body = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": HTML})


def html_page(text: str) -> Page:
    return Page(text.encode("utf-8"))


def redirect(location: str, status: int = 302) -> Page:
    return Page(status=status, headers={"Location": location, "Content-Type": HTML})


class Site:
    """Pages `route` answers for a path (with its query), else by path (with its query, else
    without it), else `fallback`; every request path, in arrival order."""

    def __init__(
        self,
        pages: dict[str, Page],
        fallback: Page | None = None,
        route: Callable[[str], Page | None] | None = None,
    ) -> None:
        self.pages = pages
        self.fallback = fallback
        self.route = route
        self.requests: list[str] = []
        self.url = ""

    def page(self, path: str) -> Page | None:
        routed = self.route(path) if self.route else None
        return (
            routed or self.pages.get(path) or self.pages.get(urlsplit(path).path) or self.fallback
        )


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        self.site.requests.append(self.path)
        page = self.site.page(self.path) or Page(b"<html><body>Not found</body></html>", 404)
        try:
            self.send_response(page.status)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if isinstance(page.body, bytes):
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)
            else:  # HTTP/1.0 without a length: the body ends when the connection closes
                self.end_headers()
                for chunk in page.body():
                    self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on the body: that is what some tests want

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(
    pages: dict[str, Page],
    host: str = "127.0.0.1",
    fallback: Page | None = None,
    route: Callable[[str], Page | None] | None = None,
) -> Iterator[Site]:
    """`pages` (and `fallback` for any other path; `route` before both) served on a free port
    of `host` (a loopback address) for the block."""
    site = Site(pages, fallback, route)
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    with running(server) as site.url:
        yield site


@contextmanager
def running(server: ThreadingHTTPServer) -> Iterator[str]:
    """`server` serving in a thread of the test's process for the block; its URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{server.server_address[0]!s}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Pages of the outlet, in the replica's markup ----------------------------------------------------


def sample_posts(count: int) -> list[Post]:
    """`count` distinct generated posts (the fixed seed posts left out), oldest first."""
    corpus = Corpus.generate(count + 2)
    return [post for post in corpus.in_publication_order() if not post.fixed][:count]


def path_of(post: Post) -> str:
    return f"/{post.slug}/"


def article_html(post: Post) -> str:
    return article_page(post, OUTLET, [], True, False)


def expected_document(post: Post) -> str:
    """The document a crawl of `post` stores, as the replica writes it."""
    return replica_document(post, OUTLET)


def feed_xml(posts: list[Post]) -> str:
    """The RSS feed of `posts`, newest first."""
    newest = sorted(posts, key=lambda post: post.published, reverse=True)
    modified = max(post.modified for post in posts)
    return rss(OUTLET, newest, model.FEED, PROFILE.name, modified, True)


def xml_page(text: str, content_type: str = RSS) -> Page:
    return Page(text.encode("utf-8"), headers={"Content-Type": content_type})


def home_page(posts: list[Post]) -> Page:
    """The home page listing the newest of `posts` (one page, no next one)."""
    newest = sorted(posts, key=lambda post: post.published, reverse=True)
    home = Archive(OUTLET.name, "/", "home blog", model.FEED)
    return html_page(listing_page(OUTLET, home, 1, 1, newest[:LISTING_PAGE_SIZE]))


def home_pages(posts: list[Post], size: int) -> dict[str, Page]:
    """The home page and its next pages listing `posts` newest first, `size` a page."""
    newest = sorted(posts, key=lambda post: post.published, reverse=True)
    home = Archive(OUTLET.name, "/", "home blog", model.FEED)
    count = -(-len(newest) // size)
    return {
        page_path(home, number): html_page(
            listing_page(OUTLET, home, number, count, newest[(number - 1) * size : number * size])
        )
        for number in range(1, count + 1)
    }


def outlet(posts: list[Post], articles: dict[str, Page] | None = None) -> dict[str, Page]:
    """A site whose feed and home page list `posts`, served as `articles` by path (else as the
    theme prints them), with no sitemaps: an incremental HTML crawl reads exactly them."""
    pages = {
        model.ROBOTS: Page(robots_txt(OUTLET).encode("utf-8"), headers={"Content-Type": TEXT}),
        model.FEED: xml_page(feed_xml(posts)),
        "/": home_page(posts),
    }
    pages.update({path_of(post): html_page(article_html(post)) for post in posts})
    pages.update(articles or {})
    return pages


def crawl(site: Site, db: Path, *extra: str, source: str = "html") -> Measured:
    """`newsbot crawl` of `site` at full speed with DEBUG logs and the stats dumped."""
    return newsbot_measured(
        "crawl", "--source", source, "--db", str(db), "--base-url", site.url, *FULL_SPEED,
        "-s", "LOG_LEVEL=DEBUG", "-s", "STATS_DUMP=True", "-s", "RETRY_TIMES=1", *extra,
    )  # fmt: skip


def rest_json(post: Post) -> dict[str, Any]:
    """The post as `/wp-json/wp/v2/posts?_embed=1` lists it."""
    return post_json(post, OUTLET, EMBEDDABLE, True)


def rest_page(posts: list[dict[str, Any]]) -> Page:
    """One page of posts holding the whole collection, with WordPress's headers."""
    headers = {"Content-Type": JSON, "X-WP-Total": str(len(posts)), "X-WP-TotalPages": "1"}
    return Page(wp_json(posts), headers=headers)
