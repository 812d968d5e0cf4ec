"""Hostile and broken pages: wrong charsets, malformed markup, impossible dates, oversized bodies,
redirects off the site, entity attacks in XML, one article under many URLs.

Each test crawls a small site of our own (`tests.sites`) on loopback with `newsbot crawl`.
"""

from __future__ import annotations

import random
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsbot.cli.options import Exit
from newsbot.crawlstats import COVERAGE_PREFIX
from newsbot.pages import ArticlePage
from newsbot.replica import outlet as model
from newsbot.replica.articles import post_url
from newsbot.replica.feeds import posts_sitemap, sitemap_index
from newsbot.replica.listings import Archive as ListingArchive
from newsbot.replica.listings import listing_page
from newsbot.replica.outlet import DEFAULT_OUTLET as OUTLET
from newsbot.replica.outlet import utc_iso
from newsbot.replica.posts import Post
from newsbot.replica.replies import HTML, XML
from newsbot.replica.theme import article_page
from newsbot.sites.arbuz import PROFILE
from tests.crawling import Measured, stored_documents
from tests.sites import (
    Body,
    Page,
    article_html,
    crawl,
    expected_document,
    feed_xml,
    html_page,
    outlet,
    path_of,
    redirect,
    rest_json,
    rest_page,
    sample_posts,
    serving,
    xml_page,
)

pytestmark = pytest.mark.reliability

MiB = 1024 * 1024
MEMORY_BOUND = 200 * MiB
MOJIBAKE = re.compile("\ufffd|[ÐÑ][\u0080-\u00bf]|Ã.|Р[°±²µ¶·ё]|С[Ђ‚ѓ„…†‡€‰Љ‹ЊЌЋЏ]")
"""U+FFFD, or UTF-8 Cyrillic read as Latin-1 (`Ð°`) or as windows-1251 (`Р°`)."""


def stat(result: Measured, name: str) -> int:
    """A counter from the stats the crawl dumped (0 when absent)."""
    found = re.search(rf"'{re.escape(name)}': (\d+)", result.stderr)
    return int(found.group(1)) if found else 0


def assert_finished_cleanly(result: Measured, verdict: str = "ok") -> None:
    """The crawl ran to its end without a crash; pages dropped make its health `degraded`."""
    assert "ended (finished)" in result.stdout, result.stderr[-3000:]
    assert f"Health: {verdict}." in result.stdout, result.stdout
    assert result.returncode == {"ok": Exit.OK, "degraded": Exit.DEGRADED}[verdict]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "Spider error processing" not in result.stderr


def row_count(db: Path, table: str = "articles") -> int:
    with sqlite3.connect(db) as connection:
        count: int = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return count


# Charsets --------------------------------------------------------------------------------------


def cp1251(text: str, meta: str | None) -> bytes:
    """The page in windows-1251, its `<meta charset>` replaced by `meta` (or removed)."""
    declared = f'<meta charset="{meta}">' if meta else ""
    return text.replace('<meta charset="UTF-8">', declared).encode("cp1251", "xmlcharrefreplace")


CHARSETS = {
    "header": ("text/html; charset=windows-1251", None),
    "meta only": ("text/html", "windows-1251"),
    "mislabelled, meta right": ("text/html; charset=UTF-8", "windows-1251"),
    "mislabelled, no meta": ("text/html; charset=utf-8", None),
}


def test_windows_1251_pages_are_read_right_or_dropped_never_garbled(tmp_path: Path) -> None:
    posts = sample_posts(len(CHARSETS))
    pages = {
        path_of(post): Page(cp1251(article_html(post), meta), headers={"Content-Type": header})
        for post, (header, meta) in zip(posts, CHARSETS.values(), strict=True)
    }
    with serving(outlet(posts, pages)) as site:
        result = crawl(site, tmp_path / "a.db")
    stored = stored_documents(tmp_path / "a.db")
    unlabelled = posts[list(CHARSETS).index("mislabelled, no meta")]
    # w3lib 2.6 tells windows-1251 from its bytes; earlier versions cannot, and it is refused.
    refused = post_url(unlabelled, OUTLET) not in stored
    assert_finished_cleanly(result, "degraded" if refused else "ok")
    if refused:
        assert f"{path_of(unlabelled)}: the page is not valid text" in result.stderr
    for post, case in zip(posts, CHARSETS, strict=True):
        if post is not unlabelled or not refused:
            assert stored[post_url(post, OUTLET)] == expected_document(post), case
    for document in stored.values():
        assert re.search("[а-яА-ЯёЁ]", document)
        assert not MOJIBAKE.search(document)


# Malformed markup ------------------------------------------------------------------------------


BODY_START = '<div class="news-single__content entry-content">'


BODY_END = '        </div>\n        <div class="news-single__date">'


def nested(text: str, depth: int) -> str:
    """The page with its body's content inside `depth` levels of elements."""
    pairs = depth // 2
    text = text.replace(BODY_START, BODY_START + "<div><b>" * pairs)
    return text.replace(BODY_END, "</b></div>" * pairs + BODY_END)


MALFORMED: dict[str, Callable[[str, random.Random], bytes]] = {
    "unclosed p and li": lambda text, _: re.sub(r"</(p|li)>", "", text).encode(),
    "nested 1,500 deep": lambda text, _: nested(text, 1_500).encode(),
    "nested 100,000 deep": lambda text, _: nested(text, 100_000).encode(),
    "unclosed div": lambda text, _: re.sub(r"</(div|ul|article|body|html)>", "", text).encode(),
    "cut mid-tag": lambda text, _: text[: text.index(BODY_START) + 40].encode(),
    "nul bytes": lambda text, _: text.replace("</p>", "\x00\x01\x02</p>").encode(),
    "garbage": lambda _, rng: rng.randbytes(30_000),
    "png": lambda _, rng: b"\x89PNG\r\n\x1a\n" + rng.randbytes(5_000),
    "empty": lambda *_: b"",
    "tags only": lambda *_: b"<<<>>><html><<body>></p></div><div <p class=>" * 500,
}
"""Ways an article page arrives broken; the first two still hold the whole article."""


def test_malformed_pages_are_extracted_or_dropped_never_a_crash(tmp_path: Path) -> None:
    rng = random.Random(7)
    posts = sample_posts(len(MALFORMED))
    pages = {
        path_of(post): Page(breaks(article_html(post), rng))
        for post, breaks in zip(posts, MALFORMED.values(), strict=True)
    }
    with serving(outlet(posts, pages)) as site:
        result = crawl(site, tmp_path / "a.db")
    assert_finished_cleanly(result, "degraded")
    assert stat(result, "newsbot/article_pages") == len(posts)
    stored = stored_documents(tmp_path / "a.db")
    dropped = re.findall(r"Not an article: \S+: (\w.*)", result.stderr)
    assert len(stored) + len(dropped) == len(posts), dropped
    for post in posts[:2]:
        assert stored[post_url(post, OUTLET)] == expected_document(post)
    for document in stored.values():
        assert "\ufffd" not in document


def test_a_rest_page_that_is_not_json_fails_its_unit_not_the_crawl(tmp_path: Path) -> None:
    post = sample_posts(1)[0]
    truncated = replace(rest_page([rest_json(post)]), body=b'[{"id": 1, "title": {"rendered"')
    with serving(outlet([post], {model.REST_POSTS: truncated})) as site:
        result = crawl(site, tmp_path / "a.db", source="rest")
    assert "Traceback" not in result.stderr
    assert "Spider error processing" not in result.stderr
    assert re.search(r"Unexpected answer from \S+ \(HTTP 200\): not JSON", result.stderr)
    assert stored_documents(tmp_path / "a.db") == {}
    assert result.returncode == Exit.DEGRADED
    assert "failed requests (after their retries): 1" in result.stderr


def test_a_body_nested_past_the_recursion_limit_is_read() -> None:
    post = sample_posts(1)[0]
    deep = nested(article_html(post), 1_500).encode()
    url = post_url(post, OUTLET)
    article = ArticlePage(PROFILE, url, deep, "text/html; charset=UTF-8").to_article()
    assert article.paragraphs[-1] == expected_document(post).split("\n")[-5]


# Dates -----------------------------------------------------------------------------------------

BAD_DATES = {
    "year 1900": ("1900-05-01T10:00:00+04:00", "impossible_published_at"),
    "year 2999": ("2999-05-01T10:00:00+04:00", "impossible_published_at"),
    "вчера": ("вчера", "no publication time"),
    "missing": ("", "no publication time"),
}


def misdated_html(post: Post, value: str) -> str:
    """The article page with every machine-readable publication time replaced by `value`."""
    text = article_html(post)
    for printed in (OUTLET.local_iso(post.published), utc_iso(post.published)):
        text = text.replace(printed, value)
    return text


def misdated_json(post: Post, value: str) -> dict[str, Any]:
    data = rest_json(post)
    for key in ("date", "date_gmt"):
        if value:
            data[key] = value.removesuffix("+04:00")
        else:
            del data[key]
    return data


@pytest.mark.parametrize("source", ["html", "rest"])
def test_impossible_or_missing_dates_are_dropped_with_a_reason_never_now(
    tmp_path: Path, source: str
) -> None:
    good, *posts = sample_posts(1 + len(BAD_DATES))
    values = [value for value, _ in BAD_DATES.values()]
    pages = {
        path_of(post): html_page(misdated_html(post, value))
        for post, value in zip(posts, values, strict=True)
    }
    rest = [rest_json(good)] + [
        misdated_json(post, value) for post, value in zip(posts, values, strict=True)
    ]
    pages[model.REST_POSTS] = rest_page(rest)
    with serving(outlet([good, *posts], pages)) as site:
        result = crawl(site, tmp_path / "a.db", source=source)
    assert_finished_cleanly(result, "degraded")
    assert stored_documents(tmp_path / "a.db") == {post_url(good, OUTLET): expected_document(good)}
    assert stat(result, "newsbot/dropped/impossible_published_at") == 2
    assert stat(result, "newsbot/not_article") == 2
    # dropped one by one from a REST page's batch as from single pages: counted, and retried later
    assert stat(result, "item_dropped_count") == 2
    assert stat(result, "item_scraped_count") == stat(result, COVERAGE_PREFIX) == 1
    assert stat(result, "newsbot/retries/recorded") == 4
    assert len(re.findall(r"Dropped: impossible_published_at: ", result.stderr)) == 2
    assert len(re.findall(r"Not an article: \S+: no publication time", result.stderr)) == 2


# Oversized bodies ------------------------------------------------------------------------------


def zeros(size: int) -> Iterator[bytes]:
    chunk = b"<p>" + b"0" * (MiB - 3)
    for _ in range(size // MiB):
        yield chunk


def gzip_bomb(inflated: int) -> bytes:
    """A gzip body of a few hundred KiB that inflates to `inflated` bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join(packer.compress(chunk) for chunk in zeros(inflated)) + packer.flush()


def test_huge_pages_and_a_gzip_bomb_stop_at_the_size_limit_in_bounded_memory(
    tmp_path: Path,
) -> None:
    good, announced, unannounced, bomb = sample_posts(4)
    pages = {
        path_of(announced): Page(
            lambda: zeros(64 * MiB), headers={"Content-Type": HTML, "Content-Length": str(64 * MiB)}
        ),
        path_of(unannounced): Page(lambda: zeros(64 * MiB)),
        path_of(bomb): Page(
            gzip_bomb(256 * MiB), headers={"Content-Type": HTML, "Content-Encoding": "gzip"}
        ),
    }
    with serving(outlet([good, announced, unannounced, bomb], pages)) as site:
        result = crawl(site, tmp_path / "a.db")
    assert_finished_cleanly(result, "degraded")  # three pages could not be fetched
    assert "failed requests (after their retries): 3" in result.stderr
    assert stored_documents(tmp_path / "a.db") == {post_url(good, OUTLET): expected_document(good)}
    assert result.peak_rss < MEMORY_BOUND, result.peak_rss
    assert "larger than download max size" in result.stderr
    assert "exceeded DOWNLOAD_MAXSIZE" in result.stderr
    assert stat(result, "newsbot/article_pages") == 1


# Redirects -------------------------------------------------------------------------------------


def test_redirects_off_the_site_are_refused_and_logged(tmp_path: Path) -> None:
    target, *posts = sample_posts(5)
    away, passwd, other_port, moved = (
        replace(post, slug=slug)
        for post, slug in zip(posts, ["away", "passwd", "other-port", "moved"], strict=True)
    )
    with serving({}, host="127.0.0.2") as elsewhere, serving({}) as other:
        pages = {
            path_of(away): redirect(f"{elsewhere.url}/stolen/"),
            path_of(passwd): redirect("file:///etc/passwd"),
            path_of(other_port): redirect(f"{other.url}/stolen/", 301),
            path_of(moved): redirect(post_url(target, OUTLET), 301),
            path_of(target): html_page(article_html(target)),
        }
        with serving(outlet([away, passwd, other_port, moved], pages)) as site:
            result = crawl(site, tmp_path / "a.db")
        assert elsewhere.requests == []
        assert other.requests == []
    assert_finished_cleanly(result, "degraded")  # three articles could not be fetched
    assert "failed requests (after their retries): 3" in result.stderr
    assert stored_documents(tmp_path / "a.db") == {
        post_url(target, OUTLET): expected_document(target)
    }
    assert stat(result, "newsbot/offsite_redirect_refused") == 3
    refused = re.findall(r"Refused a redirect off the site: \S+ → (\S+)", result.stderr)
    assert sorted(refused) == sorted(
        [f"{elsewhere.url}/stolen/", "file:///etc/passwd", f"{other.url}/stolen/"]
    )


# Entity attacks in XML -------------------------------------------------------------------------


def hostile_dtd(external: str) -> str:
    """A document type declaring a local file, a URL on another listener, and a billion laughs."""
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    return (
        f'<!DOCTYPE hostile [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        f'<!ENTITY ext SYSTEM "{external}"><!ENTITY lol0 "lol">{laughs}]>'
    )


def with_dtd(xml: Body, dtd: str, laughs: bool) -> bytes:
    """`xml` with `dtd` after its declaration, and the entities used in its first elements."""
    assert isinstance(xml, bytes)
    head, _, rest = xml.decode("utf-8").partition("?>")
    used = "&xxe;&ext;" + ("&lol9;" if laughs else "")
    rest = re.sub(r"(<title>|<loc>)", rf"\1{used}", rest, count=1)
    rest = re.sub(r"(<link>)", r"\1&xxe;", rest, count=1)
    return f"{head}?>{dtd}{rest}".encode()


HOME = ListingArchive(PROFILE.name, "/", "home blog", model.FEED)


def sitemap_pages(posts: list[Post]) -> dict[str, Page]:
    return {
        model.SITEMAP_INDEX: xml_page(sitemap_index(OUTLET, 1, False), XML),
        "/wp-sitemap-posts-post-1.xml": xml_page(posts_sitemap(OUTLET, posts), XML),
    }


ATTACKED = {
    "feed": (model.FEED, True),
    "sitemap index": (model.SITEMAP_INDEX, True),
    "posts sitemap": ("/wp-sitemap-posts-post-1.xml", False),
}
"""Where the hostile document type goes, and whether a billion laughs comes with it (which makes
the parser give up on that document: the crawl must go on through the other sources)."""


@pytest.mark.parametrize("attacked", ATTACKED)
def test_entity_attacks_in_feeds_and_sitemaps_are_not_expanded(
    tmp_path: Path, attacked: str
) -> None:
    in_feed, elsewhere_listed = sample_posts(2)
    path, laughs = ATTACKED[attacked]
    with serving({}, host="127.0.0.2") as elsewhere:
        pages = outlet([in_feed])
        pages.update(sitemap_pages([in_feed, elsewhere_listed]))
        pages[path_of(elsewhere_listed)] = html_page(article_html(elsewhere_listed))
        pages["/"] = html_page(listing_page(OUTLET, HOME, 1, 1, [elsewhere_listed]))
        hostile = with_dtd(pages[path].body, hostile_dtd(f"{elsewhere.url}/entity"), laughs)
        pages[path] = replace(pages[path], body=hostile)
        with serving(pages) as site:
            result = crawl(site, tmp_path / "a.db")
        assert elsewhere.requests == []
    # a document the parser gave up on lists no article: the run says so (degraded)
    assert_finished_cleanly(result, "degraded" if laughs else "ok")
    assert stored_documents(tmp_path / "a.db") == {
        post_url(post, OUTLET): expected_document(post) for post in (in_feed, elsewhere_listed)
    }
    assert b"root:" not in (tmp_path / "a.db").read_bytes()
    assert not any("root:" in request for request in site.requests)
    assert result.peak_rss < MEMORY_BOUND


# One article, many URLs ------------------------------------------------------------------------


def test_one_article_under_six_urls_is_one_row(tmp_path: Path) -> None:
    post = replace(sample_posts(1)[0], old_slug="staryj-zagolovok")
    url = post_url(post, OUTLET)
    links = [
        f"{url}?utm_source=vk&utm_medium=social",
        f"{url}amp/",
        url.replace("https://", "http://"),
        url.removesuffix("/"),
        f"{PROFILE.base_url}/?p={post.id}",
        f"{PROFILE.base_url}/{post.old_slug}/",
    ]
    text = feed_xml([post])
    item = re.search(r"\t<item>.*?</item>\n", text, re.S)
    assert item is not None
    items = "".join(
        item[0].replace(f"<link>{url}</link>", f"<link>{link}</link>") for link in links
    )
    pages = outlet([post])
    pages.update(
        {
            model.FEED: xml_page(text.replace(item[0], items)),
            f"{path_of(post)}amp/": html_page(article_page(post, OUTLET, [], True, True)),
            f"/?p={post.id}": redirect(url, 301),
            f"/{post.old_slug}/": redirect(url, 301),
            path_of(post).removesuffix("/"): redirect(url, 301),
        }
    )
    with serving(pages) as site:
        result = crawl(site, tmp_path / "a.db")
    assert_finished_cleanly(result)
    assert stored_documents(tmp_path / "a.db") == {url: expected_document(post)}
    assert row_count(tmp_path / "a.db") == 1
    assert row_count(tmp_path / "a.db", "article_versions") == 0
    assert row_count(tmp_path / "a.db", "article_duplicates") == 0
