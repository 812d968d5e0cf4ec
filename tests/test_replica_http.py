"""Every route of the replica through real HTTP on 127.0.0.1, checked against its ground truth."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector

from newsbot.pages import ArticlePage, RestPost, rest_posts
from newsbot.replica import outlet as model
from newsbot.replica.articles import post_url
from newsbot.replica.corpus import Corpus
from newsbot.replica.outlet import DEFAULT_OUTLET as OUTLET
from newsbot.replica.outlet import utc_iso
from newsbot.replica.posts import Post
from newsbot.sites.arbuz import PROFILE
from tests.outlet import parse, render
from tests.replica import Fetched, Replica

SEED_SLUG = (
    "astraxanskij-gubernator-prinyal-uchastie-v-zasedanii-xvi-foruma-"
    "mezhregionalnogo-sotrudnichestva-rossii-i-kazaxstana"
)
SITE = PROFILE.base_url + "/"


@pytest.fixture(scope="module")
def truth(replica: Replica) -> list[dict[str, Any]]:
    """What a perfect crawl stores, as the replica says it."""
    return replica.articles()


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """The same corpus the replica serves (same size, same seed)."""
    return Corpus.generate()


def links(page: Fetched) -> list[str]:
    return Selector(text=page.text).css(PROFILE.themes[0].listing_link).xpath("@href").getall()


def walk_listing(replica: Replica, first: str) -> list[str]:
    """The article links of every page of a listing, following `rel=next`."""
    found: list[str] = []
    path: str | None = first
    while path:
        page = replica.get(path)
        assert page.status == 200, path
        cards = links(page)
        assert 0 < len(cards) <= model.LISTING_PAGE_SIZE
        found += cards
        following = Selector(text=page.text).css("link[rel=next]").xpath("@href").get()
        path = following.removeprefix(SITE) if following else None
    return found


def test_health(replica: Replica) -> None:
    assert replica.health() == {"ok": True, "articles": 1000}


def test_ground_truth_is_every_post_in_publication_order(
    truth: list[dict[str, Any]], corpus: Corpus
) -> None:
    assert [entry["id"] for entry in truth] == [p.id for p in corpus.in_publication_order()]
    assert all(parse(entry["document"]).url == entry["url"] for entry in truth)


def test_newsbot_parse_of_the_served_seed_gives_the_seed(
    replica: Replica, tmp_path: Path, fixtures: Path
) -> None:
    seed = (fixtures / "seed.txt").read_bytes()
    saved = {
        "seed.html": replica.get(f"/{SEED_SLUG}/"),
        "seed.json": replica.get("/wp-json/wp/v2/posts/48213?_embed=1"),
    }
    for name, fetched in saved.items():
        assert fetched.status == 200
        (tmp_path / name).write_bytes(fetched.body)
        result = subprocess.run(
            [sys.executable, "-m", "newsbot", "parse", str(tmp_path / name)],
            capture_output=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == seed, name


def test_article_pages_give_their_documents(replica: Replica, truth: list[dict[str, Any]]) -> None:
    for entry in truth[::50]:
        page = replica.get(entry["url"].removeprefix(SITE))
        assert page.status == 200
        assert page.headers["Content-Type"] == "text/html; charset=UTF-8"
        assert page.headers["ETag"]
        modified = parsedate_to_datetime(page.headers["Last-Modified"])
        assert modified.isoformat() == entry["modified_at"]
        assert (
            render(ArticlePage(PROFILE, entry["url"], page.body).to_article()) == entry["document"]
        )
        assert f"<link rel='shortlink' href='{SITE}?p={entry['id']}' />" in page.text
        rest_route = f"{SITE}wp-json/wp/v2/posts/{entry['id']}"
        assert f'<link rel="alternate" type="application/json" href="{rest_route}" />' in page.text
        assert f"postid-{entry['id']}" in page.text


def test_bylines_are_printed_and_in_rest_meta(replica: Replica, corpus: Corpus) -> None:
    with_byline = next(p for p in corpus.newest_first() if p.byline)
    without = next(p for p in corpus.newest_first() if not p.byline)
    page = Selector(text=replica.get(f"/{with_byline.slug}/").text)
    assert page.css(PROFILE.themes[0].byline).xpath("string()").get() == with_byline.byline
    post = replica.get(f"/wp-json/wp/v2/posts/{with_byline.id}").json()
    assert post["meta"] == {PROFILE.rest_byline_meta_key: with_byline.byline}
    assert not Selector(text=replica.get(f"/{without.slug}/").text).css(PROFILE.themes[0].byline)
    assert replica.get(f"/wp-json/wp/v2/posts/{without.id}").json()["meta"] == []


@pytest.mark.parametrize("path", [f"/{SEED_SLUG}/", "/feed/", "/", "/sitemap_index.xml"])
def test_conditional_get(replica: Replica, path: str) -> None:
    first = replica.get(path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    assert replica.get(path, {"If-None-Match": etag}).status == 304
    assert replica.get(path, {"If-Modified-Since": modified}).status == 304
    earlier = format_datetime(parsedate_to_datetime(modified).replace(year=2001), usegmt=True)
    assert replica.get(path, {"If-Modified-Since": earlier}).status == 200
    assert replica.get(path, {"If-None-Match": '"other"'}).status == 200


def test_redirects(replica: Replica, corpus: Corpus) -> None:
    renamed = next(post for post in corpus.newest_first() if post.old_slug)
    cases = {
        "/?p=48213": f"/{SEED_SLUG}/",
        f"/?p={renamed.id}&utm_source=vk": f"/{renamed.slug}/",
        f"/{SEED_SLUG}": f"/{SEED_SLUG}/",
        f"/{renamed.old_slug}/": f"/{renamed.slug}/",
        "/page/1/": "/",
        "/category/vlast/page/1/": "/category/vlast/",
        "/category/vlast": "/category/vlast/",
    }
    for path, target in cases.items():
        answer = replica.get(path)
        assert answer.status == 301, path
        assert answer.headers["Location"] == replica.url.rstrip("/") + target


def test_digits_are_ascii_and_the_last_p_decides(replica: Replica) -> None:
    """WordPress reads ids and dates as ASCII digits, and the last of repeated parameters."""
    for path, status in (
        ("/?p=%C2%B2", 404),
        ("/wp-json/wp/v2/posts?include=%C2%B2", 400),
        ("/wp-json/wp/v2/posts/%D9%A4%D9%A8%D9%A2%D9%A1%D9%A3", 404),
        ("/%D9%A2%D9%A0%D9%A2%D9%A6/", 404),
        ("/wp-json/wp/v2/categories?include=%C2%B2", 200),
    ):
        assert replica.get(path).status == status, path
    home = replica.get("/").body
    for _ in range(2):  # either order, the same answers
        assert replica.get("/?p=48213&p=").body == home
        assert replica.get("/?p=48213").status == 301


def test_amp_and_tracking_parameters(replica: Replica) -> None:
    plain = replica.get(f"/{SEED_SLUG}/")
    assert replica.get(f"/{SEED_SLUG}/?utm_source=vk&utm_medium=social").body == plain.body
    amp = replica.get(f"/{SEED_SLUG}/amp/")
    assert amp.status == 200 and amp.body != plain.body
    canonical = Selector(text=amp.text).css("link[rel=canonical]::attr(href)").get()
    assert canonical == f"{SITE}{SEED_SLUG}/"


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-article/",
        "/?p=1",
        "/page/999/",
        "/page/0/",
        "/category/no-such/",
        "/tag/no-such/",
        "/2026/13/",
        "/2018/01/01/",
        "/2026/11/21/",
        "/post-sitemap9.xml",
        "/post-sitemap1.xml",
        "/a/b/c/d/",
        "/favicon.ico",
    ],
)
def test_unknown_paths_are_html_404(replica: Replica, path: str) -> None:
    answer = replica.get(path)
    assert answer.status == 404
    assert answer.headers["Content-Type"].startswith("text/html")


def test_home_listing_holds_every_post_once_newest_first(replica: Replica, corpus: Corpus) -> None:
    found = walk_listing(replica, "/")
    assert found == [post_url(post, OUTLET) for post in corpus.newest_first()]


def test_day_archives_hold_every_post_once(replica: Replica, corpus: Corpus) -> None:
    days = corpus.indexes.days()
    found = Counter(
        link for y, m, d in days for link in walk_listing(replica, f"/{y:04d}/{m:02d}/{d:02d}/")
    )
    assert found == Counter(post_url(post, OUTLET) for post in corpus.posts.values())


def test_month_year_category_and_tag_archives(replica: Replica, corpus: Corpus) -> None:
    newest: Post = corpus.newest_first()[0]
    local = newest.published.astimezone(PROFILE.zone)
    indexes = corpus.indexes
    expected = {
        f"/{local.year}/{local.month:02d}/": indexes.date((local.year, local.month)),
        f"/{local.year}/": indexes.date((local.year,)),
        "/category/vlast/": indexes.category(3),
        "/tag/igor-babushkin/": indexes.tag(210),
    }
    for path, posts in expected.items():
        newest_first = [post_url(post, OUTLET) for post in posts.iter_newest()]
        assert walk_listing(replica, path) == newest_first, path


def test_feeds(replica: Replica, corpus: Corpus) -> None:
    feed = replica.get("/feed/")
    assert feed.headers["Content-Type"].startswith("application/rss+xml")
    items = Selector(text=feed.text, type="xml").xpath("//item")
    assert [item.xpath("link/text()").get() for item in items] == [
        post_url(post, OUTLET) for post in corpus.newest_first()[: model.FEED_SIZE]
    ]
    latest = max(post.modified for post in corpus.posts.values())
    assert parsedate_to_datetime(feed.headers["Last-Modified"]) == latest
    assert items[0].xpath("*[local-name()='encoded']/text()").get().startswith("<p>")
    category = Selector(text=replica.get("/category/sport/feed/").text, type="xml")
    assert category.xpath("//item/link/text()").getall() == [
        post_url(post, OUTLET) for post in corpus.indexes.category(8).newest(0, model.FEED_SIZE)
    ]


def test_sitemaps_list_every_post_once_by_modification(replica: Replica, corpus: Corpus) -> None:
    """Yoast SEO's, as the outlet serves them: core's index redirects to Yoast's, whose posts
    sitemap opens with the home page, then lists posts by modification, oldest first."""
    moved = replica.get("/wp-sitemap.xml")
    assert moved.status == 301 and moved.headers["Location"].endswith("/sitemap_index.xml")
    index = Selector(text=replica.get("/sitemap_index.xml").text, type="xml")
    index.remove_namespaces()
    pages = [loc for loc in index.xpath("//loc/text()").getall() if "post-sitemap" in loc]
    assert pages == [f"{SITE}post-sitemap.xml"]
    found: list[tuple[str, str]] = []
    for page in pages:
        urlset = Selector(text=replica.get(page.removeprefix(SITE)).text, type="xml")
        urlset.remove_namespaces()
        found += zip(
            urlset.xpath("//url/loc/text()").getall(),
            urlset.xpath("//url/lastmod/text()").getall(),
            strict=True,
        )
    by_modified = sorted(corpus.posts.values(), key=lambda post: (post.modified, post.id))
    expected = [(post_url(p, OUTLET), utc_iso(p.modified)) for p in by_modified]
    assert found[0][0] == SITE
    assert found[1:] == expected


def test_robots_txt_is_the_site_models(replica: Replica, fixtures: Path) -> None:
    """The site model's, naming Yoast's sitemap index."""
    robots = replica.get("/robots.txt")
    model = (fixtures / "arbuz" / "2019" / "robots.txt").read_text(encoding="utf-8")
    assert robots.text == model.replace("wp-sitemap.xml", "sitemap_index.xml")


def rest(replica: Replica, query: str) -> Fetched:
    return replica.get(f"/wp-json/wp/v2/posts?{query}")


def test_rest_pages_hold_every_post_once_newest_first(replica: Replica, corpus: Corpus) -> None:
    first = rest(replica, "per_page=100")
    assert first.headers["X-WP-Total"] == "1000" and first.headers["X-WP-TotalPages"] == "10"
    assert 'rel="next"' in first.headers["Link"]
    ids = []
    for page in range(1, 11):
        ids += [post["id"] for post in rest(replica, f"per_page=100&page={page}").json()]
    assert ids == [post.id for post in corpus.newest_first()]
    past = rest(replica, "per_page=100&page=11")
    assert past.status == 400 and past.json()["code"] == "rest_post_invalid_page_number"


def test_rest_offset_overrides_the_page_as_wordpress_reads_it(
    replica: Replica, corpus: Corpus
) -> None:
    newest = [post.id for post in corpus.newest_first()]
    shifted = rest(replica, "per_page=100&offset=99&page=3")
    assert [post["id"] for post in shifted.json()] == newest[99:199]
    assert shifted.headers["X-WP-Total"] == "1000" and shifted.headers["X-WP-TotalPages"] == "10"
    past = rest(replica, "per_page=100&offset=1000")  # WP_Query counts no rows for no posts
    assert past.status == 200 and past.json() == []
    assert (past.headers["X-WP-Total"], past.headers["X-WP-TotalPages"]) == ("0", "0")
    assert rest(replica, "offset=x").json()["code"] == "rest_invalid_param"


def test_rest_defaults_and_parameter_errors(replica: Replica) -> None:
    default = rest(replica, "")
    assert len(default.json()) == 10 and "_embedded" not in default.json()[0]
    assert default.headers["X-WP-TotalPages"] == "100"
    for query in ("per_page=101", "per_page=0", "page=x", "orderby=nope", "after=yesterday"):
        answer = rest(replica, query)
        assert answer.status == 400, query
        assert answer.json()["code"] == "rest_invalid_param"


def test_rest_date_windows(replica: Replica, corpus: Corpus) -> None:
    def expected(low: str, high: str, field: str = "published") -> set[int]:
        return {
            p.id
            for p in corpus.posts.values()
            if low < getattr(p, field).isoformat() < high  # all instants are UTC here
        }

    local = rest(replica, "after=2026-11-10T00:00:00&before=2026-11-12T00:00:00&per_page=100")
    utc = rest(
        replica, "after=2026-11-09T20:00:00Z&before=2026-11-11T20:00:00%2B00:00&per_page=100"
    )
    window = expected("2026-11-09T20:00:00+00:00", "2026-11-11T20:00:00+00:00")
    assert {post["id"] for post in local.json()} == window
    assert local.body == utc.body
    assert local.headers["X-WP-Total"] == str(len(window))
    changed = rest(replica, "modified_after=2026-11-15T12:00:00&orderby=modified&order=asc")
    assert int(changed.headers["X-WP-Total"]) == len(
        expected("2026-11-15T08:00:00+00:00", "9999", "modified")
    )
    moments = [post["modified_gmt"] for post in changed.json()]
    assert moments == sorted(moments)


def test_rest_include_slug_order_and_embed(replica: Replica) -> None:
    both = rest(replica, "include=48213,48207&orderby=id&order=asc&_embed=1").json()
    assert [post["id"] for post in both] == [48207, 48213]
    assert set(both[1]["_embedded"]) == {"author", "wp:term", "wp:featuredmedia"}
    assert "wp:featuredmedia" not in both[0]["_embedded"]
    assert RestPost(PROFILE, both[0]).to_article().title.startswith("Астраханцы")
    by_slug = rest(replica, f"slug={SEED_SLUG}").json()
    assert [post["id"] for post in by_slug] == [48213]
    only_terms = rest(replica, "include=48213&_embed=wp:term").json()[0]
    assert set(only_terms["_embedded"]) == {"wp:term"}


def test_rest_single_posts_terms_and_errors(replica: Replica) -> None:
    seed = replica.get("/wp-json/wp/v2/posts/48213?_embed")
    assert rest_posts(seed.body)[0]["slug"] == SEED_SLUG
    missing = replica.get("/wp-json/wp/v2/posts/1")
    assert missing.status == 404 and missing.json()["code"] == "rest_post_invalid_id"
    categories = replica.get("/wp-json/wp/v2/categories?per_page=100")
    assert categories.headers["X-WP-Total"] == "12"
    assert {term["slug"] for term in categories.json()} >= {"vlast", "osnovnoe", "kultura"}
    tags = replica.get("/wp-json/wp/v2/tags?per_page=100&page=2")
    assert tags.status == 200 and len(tags.json()) == 100
    past = replica.get("/wp-json/wp/v2/tags?per_page=100&page=99")
    assert past.status == 400 and past.json()["code"] == "rest_term_invalid_page_number"
    nowhere = replica.get("/wp-json/wp/v2/nowhere")
    assert nowhere.status == 404 and nowhere.json()["code"] == "rest_no_route"
    assert replica.get("/wp-json/").json()["namespaces"] == ["oembed/1.0", "wp/v2"]


def test_request_log(replica: Replica) -> None:
    replica.clear_requests()
    replica.get("/feed/?x=1")
    replica.get("/no-such-article/")
    replica.health()
    log = replica.requests()
    assert [(e["method"], e["path"], e["status"]) for e in log] == [
        ("GET", "/feed/?x=1", 200),
        ("GET", "/no-such-article/", 404),
    ]
    assert "Python-urllib" in log[0]["headers"]["User-Agent"]
    assert log[0]["at"] <= log[1]["at"]
