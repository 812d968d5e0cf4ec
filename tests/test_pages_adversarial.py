"""Page objects given input of any shape raise NotAnArticle or return an article, nothing else:
one malformed post or page must fail that article alone (DESIGN §3)."""

from __future__ import annotations

import json
import re
from contextlib import suppress
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsbot.items import Article
from newsbot.normalize.article import rejection
from newsbot.pages import (
    ArticlePage,
    FeedPage,
    ListingPage,
    NotAnArticle,
    RestPost,
    SitemapPage,
    rest_posts,
)
from newsbot.sites.arbuz import PROFILE
from tests.sites import article_html, rest_json, sample_posts

POST = sample_posts(1)[0]
VALID_POST = rest_json(POST)
VALID_PAGE = article_html(POST)
URL = f"https://{PROFILE.host}/{POST.slug}/"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["", "2019-11-07T21:00:22", "2998-01-01T00:00:00", "post", "publish"]),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
POST_KEYS = sorted({*VALID_POST, "wp:term", "wp:featuredmedia", "rendered", "@type", "@graph"})


def nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


DEEP_JSON = "[" * 100_000 + "]" * 100_000


def reads(read: Any) -> None:
    """`read()` returns (an article SQLite can hold, a list, a string, None) or raises
    NotAnArticle."""
    with suppress(NotAnArticle):
        found = read()
        if isinstance(found, Article):
            storable(found)


def storable(article: Article) -> None:
    """Every text of the article is UTF-8 (no lone surrogate), every number fits SQLite, or
    validation refuses it."""
    if rejection(article, PROFILE) == "impossible_post_id":
        return
    for name, value in vars(article).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                item.encode("utf-8")
            elif isinstance(item, int):
                assert -(2**63) <= item < 2**63, name


@st.composite
def damaged_posts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid REST post with some of its values, at any depth, replaced by odd ones."""
    post = json.loads(json.dumps(VALID_POST))
    for _ in range(draw(st.integers(1, 4))):
        target = post
        path = draw(st.lists(st.sampled_from(POST_KEYS), min_size=1, max_size=3))
        for key in path[:-1]:
            inner = target.get(key) if isinstance(target, dict) else None
            if not isinstance(inner, dict):
                break
            target = inner
        if isinstance(target, dict):
            target[path[-1]] = draw(json_values)
    return post


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_posts())
@example({**VALID_POST, "_embedded": {**VALID_POST["_embedded"], "wp:term": None}})
@example({**VALID_POST, "id": 2**63 + 5})
@example({**VALID_POST, "id": "48225"})
@example({**VALID_POST, "link": "https://arbuztoday.ru/\ud800/", "title": {"rendered": "\udc00"}})
@example(
    {
        **VALID_POST,
        "_embedded": {
            **VALID_POST["_embedded"],
            "wp:term": [[{"taxonomy": "category", "name": "x\ud800", "slug": "\ud800"}]],
        },
    }
)
@example({**VALID_POST, "content": nested(50)})
def test_a_rest_post_of_any_shape_is_an_article_or_not_an_article(post: dict[str, Any]) -> None:
    reads(lambda: RestPost(PROFILE, post).to_article())


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode())))
@example(DEEP_JSON.encode())
def test_a_rest_answer_of_any_shape_is_posts_or_not_an_article(body: bytes) -> None:
    reads(lambda: rest_posts(body))


def page_with(head: str) -> bytes:
    return VALID_PAGE.replace("</head>", head + "</head>", 1).encode("utf-8")


ld_blocks = json_values.map(
    lambda value: f'<script type="application/ld+json">{escape(json.dumps(value), False)}</script>'
)
meta_tags = st.tuples(
    st.sampled_from(
        [
            "article:published_time",
            "article:modified_time",
            "og:title",
            "og:site_name",
            "og:url",
            "og:image",
            "article:section",
            "article:tag",
        ]
    ),
    st.text(max_size=40),
).map(lambda pair: f'<meta property="{pair[0]}" content="{escape(pair[1])}">')


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(ld_blocks, meta_tags), min_size=1, max_size=4))
@example(['<script type="application/ld+json">{"@type": null}</script>'])
@example(['<script type="application/ld+json">{"@graph": {"@type": 7}}</script>'])
@example([f'<script type="application/ld+json">{DEEP_JSON}</script>'])
def test_an_article_page_with_metadata_of_any_shape_reads_or_refuses(head: list[str]) -> None:
    body = page_with("".join(head))
    try:
        page = ArticlePage(PROFILE, URL, body, "text/html; charset=utf-8")
    except NotAnArticle:
        return
    reads(page.to_article)
    reads(page.page_urls)
    reads(page.missing_from_rest)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ld_blocks, min_size=1, max_size=3))
@example(['<script type="application/ld+json">{"@type": null}</script>'])
@example([f'<script type="application/ld+json">{DEEP_JSON}</script>'])
def test_json_ld_of_any_shape_costs_no_article(head: list[str]) -> None:
    page = ArticlePage(PROFILE, URL, page_with("".join(head)), "text/html; charset=utf-8")
    assert page.to_article().title


def test_the_valid_inputs_are_articles() -> None:
    assert isinstance(RestPost(PROFILE, VALID_POST).to_article(), Article)
    page = ArticlePage(PROFILE, URL, VALID_PAGE.encode(), "text/html; charset=utf-8")
    assert isinstance(page.to_article(), Article)


BROKEN_LINKS = ("http://[x/", "//[::1/p/", "http://arbuztoday.ru:bad/p/", "http://a:99999/")
"""Links that name no URL: a broken IPv6 host, a port that is no number or too large."""


def with_links(text: str, before: str, template: str) -> bytes:
    extra = "".join(template.format(escape(link)) for link in BROKEN_LINKS)
    return text.replace(before, extra + before, 1).encode("utf-8")


def test_a_link_that_is_no_url_costs_no_article(fixtures: Path) -> None:
    text = (fixtures / "arbuz" / "2019" / "article.html").read_text(encoding="utf-8")
    url = "https://arbuztoday.ru/some-post/"
    broken = with_links(text, "</body>", '<a class="post-page-numbers" href="{}">2</a>')
    original = ArticlePage(PROFILE, url, text.encode("utf-8"))
    assert ArticlePage(PROFILE, url, broken).to_article() == original.to_article()
    assert ArticlePage(PROFILE, url, broken).page_urls() == original.page_urls()
    in_body = with_links(text, "</article>", '<a href="{}">a link</a>')
    assert ArticlePage(PROFILE, url, in_body).to_article() == original.to_article()
    image = re.search(r'<meta property="og:image" content="([^"]+)"', text)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text)
    assert image is not None and canonical is not None
    for named, expected in ((image, {"image_url": None}), (canonical, {})):
        changed = text.replace(named[0], named[0].replace(named[1], "http://[x/")).encode()
        article = ArticlePage(PROFILE, url, changed).to_article()
        assert article == replace(original.to_article(), **expected)


def test_a_canonical_link_to_the_home_page_is_passed_over(fixtures: Path) -> None:
    """A misconfigured SEO plugin names the home page: og:url, then the page's URL, name it."""
    text = (fixtures / "arbuz" / "2019" / "article.html").read_text(encoding="utf-8")
    url = "https://arbuztoday.ru/some-post/"
    original = ArticlePage(PROFILE, url, text.encode("utf-8")).to_article()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)" />', text)
    og_url = re.search(r'<meta property="og:url" content="([^"]+)" />', text)
    assert canonical is not None and og_url is not None
    home = '<link rel="canonical" href="https://arbuztoday.ru/" />'
    before = text.replace(canonical[0], home + canonical[0]).encode()
    assert ArticlePage(PROFILE, url, before).to_article() == original
    only_home = text.replace(canonical[0], home)
    assert ArticlePage(PROFILE, url, only_home.encode()).to_article() == original
    no_og_url = only_home.replace(og_url[0], "").encode()
    assert ArticlePage(PROFILE, url, no_og_url).to_article() == replace(original, url=url)


def test_a_link_that_is_no_url_costs_no_listing_link(fixtures: Path) -> None:
    text = (fixtures / "arbuz" / "2019" / "listing.html").read_text(encoding="utf-8")
    url = "https://arbuztoday.ru/category/vlast/page/2/"
    original = ListingPage(PROFILE, url, text.encode("utf-8"))
    broken = ListingPage(PROFILE, url, with_links(text, "</body>", '<a href="{}">x</a>'))
    assert broken.next_page_url() == original.next_page_url() is not None
    assert broken.article_urls() == original.article_urls()


def test_an_entry_that_is_no_url_costs_no_other_entry(fixtures: Path) -> None:
    feed = (fixtures / "arbuz" / "2019" / "feed.xml").read_text(encoding="utf-8")
    entries = FeedPage(PROFILE, feed).entries()
    item = "<item><title>x</title><link>{}</link><guid>{}</guid></item>"
    broken = with_links(feed, "<item>", item.replace("<guid>{}</guid>", ""))
    broken_guids = with_links(feed, "<item>", "<item><link>https://arbuztoday.ru/a/</link>"
                              "<guid>{}</guid></item>")  # fmt: skip
    assert FeedPage(PROFILE, broken).entries() == entries
    assert [e.post_id for e in FeedPage(PROFILE, broken_guids).entries()][: len(BROKEN_LINKS)] == [
        None
    ] * len(BROKEN_LINKS)
    urlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
    good = "<url><loc>https://arbuztoday.ru/a/</loc></url>"
    sitemap = urlset.format(
        good + "".join(f"<url><loc>{escape(u)}</loc></url>" for u in BROKEN_LINKS)
    )
    assert [e.url for e in SitemapPage(PROFILE, sitemap).entries()] == ["https://arbuztoday.ru/a/"]
    index = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>'
    core = "<sitemap><loc>https://arbuztoday.ru/wp-sitemap-posts-post-1.xml</loc></sitemap>"
    listed = index.format(
        core + "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in BROKEN_LINKS)
    )
    page = SitemapPage(PROFILE, listed)
    assert (
        page.post_sitemaps()
        == page.sitemaps()
        == ["https://arbuztoday.ru/wp-sitemap-posts-post-1.xml"]
    )


def test_a_rest_term_without_a_name_is_no_term() -> None:
    terms = [
        {"id": 1, "taxonomy": "category", "name": None, "slug": "none"},
        {"id": 2, "taxonomy": "category", "name": 7, "slug": "seven"},
        {"id": 3, "taxonomy": "category", "name": "Власть", "slug": "vlast"},
    ]
    embedded = {**VALID_POST["_embedded"], "wp:term": [terms]}
    post = {**VALID_POST, "categories": [1, 2, 3], "tags": [], "_embedded": embedded}
    article = RestPost(PROFILE, post).to_article()
    assert (article.categories, article.category_slugs) == (["Власть"], ["vlast"])


def test_a_line_break_parts_the_words_of_a_headline_and_a_byline(fixtures: Path) -> None:
    text = (fixtures / "arbuz" / "2019" / "article.html").read_text(encoding="utf-8")
    headline, tags = '<h1 class="news-single__title">', '<div class="news-single__tags">'
    byline = '<div class="news-single__author">Елена Кузнецова<br>Иван Петров</div>'
    assert headline in text and tags in text
    changed = text.replace(headline, headline + "Срочно<br/>", 1).replace(tags, byline + tags, 1)
    article = ArticlePage(PROFILE, "https://arbuztoday.ru/p/", changed.encode()).to_article()
    assert article.title.startswith("Срочно Астраханский")
    assert article.author == "Елена Кузнецова Иван Петров"


LAST_BLOCKS = (
    '<p class="has-text-align-right">{}</p>',
    "<blockquote><p>{}</p></blockquote>",
    '<blockquote class="wp-block-quote is-layout-flow"><p>{}</p></blockquote>',
    '<h2 class="wp-block-heading">{}</h2>',
    "<h3>{}</h3>",
    '<ul class="wp-block-list"><li>{}</li></ul>',
    "<ol><li>{}</li></ol>",
    '<figure class="wp-block-table"><table><tbody><tr><td>{}</td></tr></tbody></table></figure>',
    '<figure class="wp-block-pullquote"><blockquote><p>{}</p></blockquote></figure>',
    '<pre class="wp-block-preformatted">{}</pre>',
)
"""Blocks of text the editor prints (Gutenberg's or the classic one's), each holding one line."""


@pytest.mark.parametrize(
    "saved",
    [
        "arbuz/2019/article.html",
        "wordpress/twentytwentyone/seed.html",
        "wordpress/twentytwentythree/seed.html",
    ],
)
def test_an_end_tag_closing_the_body_early_costs_no_paragraph_silently(
    fixtures: Path, saved: str
) -> None:
    """Stray `</div>` tags in the text close the body's container and as many of its ancestors
    (as browsers and lxml read them): the text after them, in whatever blocks the editor
    prints, is outside the container, so the page is refused, naming why. Stray end tags of
    elements that are not open cost nothing."""
    text = (fixtures / saved).read_text(encoding="utf-8")
    url = "https://arbuztoday.ru/some-post/"
    original = ArticlePage(PROFILE, url, text.encode("utf-8")).to_article()
    quote = "<p>«Важно"
    assert quote in text
    for stray in ("</span>", "</p>", "</section>", "</article>"):
        harmless = text.replace(quote, stray + quote, 1).encode("utf-8")
        assert ArticlePage(PROFILE, url, harmless).to_article() == original, stray
    for count in (1, 2, 3):
        cut = text.replace(quote, "</div>" * count + quote, 1).encode("utf-8")
        with pytest.raises(NotAnArticle, match="the body ends early"):
            ArticlePage(PROFILE, url, cut).to_article()
    last = re.search("<p>(В Астраханской области в честь.*?)</p>", text)
    assert last is not None
    for block in LAST_BLOCKS:
        kept = text.replace(last[0], block.format(last[1]), 1).encode("utf-8")
        assert ArticlePage(PROFILE, url, kept).to_article().paragraphs[-1] == last[1], block
        cut = text.replace(last[0], "</div>" + block.format(last[1]), 1).encode("utf-8")
        with pytest.raises(NotAnArticle, match="the body ends early"):
            ArticlePage(PROFILE, url, cut).to_article()
