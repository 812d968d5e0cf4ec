"""Every post of the default corpus, served as HTML and as REST, reads back as its own document."""

from __future__ import annotations

import re

import pytest

from newsbot.pages import ArticlePage, Incomplete, NotAnArticle, RestPost, SitemapPage, rest_posts
from newsbot.replica.articles import post_url
from newsbot.replica.config import Config
from newsbot.replica.corpus import Corpus
from newsbot.replica.expected import expected_document, expected_fields
from newsbot.replica.outlet import DEFAULT_OUTLET as OUTLET
from newsbot.replica.routes import site_reply
from newsbot.sites.arbuz import PROFILE
from tests.outlet import render

ARBUZ_THEME = Config()
NO_CATEGORIES = Config(categories=False)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.generate()


def html_document(corpus: Corpus, slug: str, config: Config = ARBUZ_THEME) -> str:
    reply = site_reply(corpus, config, f"/{slug}/", {})
    assert reply.status == 200
    return render(
        ArticlePage(PROFILE, post_url(corpus.by_slug[slug], OUTLET), reply.body).to_article()
    )


def rest_document(corpus: Corpus, post_id: int, config: Config = ARBUZ_THEME) -> str:
    reply = site_reply(corpus, config, f"/wp-json/wp/v2/posts/{post_id}", {"_embed": ["1"]})
    assert reply.status == 200
    (post,) = rest_posts(reply.body)
    return render(RestPost(PROFILE, post).to_article())


@pytest.mark.parametrize("path", ["html", "rest"])
def test_every_post_gives_its_document(corpus: Corpus, path: str) -> None:
    mismatched = [
        post.id
        for post in corpus.posts.values()
        if expected_document(post, OUTLET)
        != (html_document(corpus, post.slug) if path == "html" else rest_document(corpus, post.id))
    ]
    assert mismatched == []


def test_the_page_object_reads_every_field_the_post_has(corpus: Corpus) -> None:
    for post in list(corpus.posts.values())[:200]:
        reply = site_reply(corpus, ARBUZ_THEME, f"/{post.slug}/", {})
        article = ArticlePage(PROFILE, post_url(post, OUTLET), reply.body).to_article()
        expected = expected_fields(post, OUTLET)
        assert article.post_id == post.id
        assert article.modified_at == post.modified
        assert article.category_slugs == expected["category_slugs"]
        assert article.tag_slugs == expected["tag_slugs"]


def test_the_amp_variant_gives_the_same_document(corpus: Corpus) -> None:
    for post in list(corpus.posts.values())[:50]:
        reply = site_reply(corpus, ARBUZ_THEME, f"/{post.slug}/amp/", {})
        article = ArticlePage(PROFILE, post_url(post, OUTLET) + "amp/", reply.body).to_article()
        assert render(article) == expected_document(post, OUTLET)


def test_a_page_without_categories_is_incomplete_and_rest_says_what_it_has(
    corpus: Corpus,
) -> None:
    """WordPress gives every post a category: a page printing none was not read; its REST
    route completes it (here, a REST answer with none as well)."""
    for post in list(corpus.posts.values())[:100]:
        expected = expected_document(post, OUTLET, with_categories=False)
        assert rest_document(corpus, post.id, NO_CATEGORIES) == expected
        reply = site_reply(corpus, NO_CATEGORIES, f"/{post.slug}/", {})
        with pytest.raises(Incomplete, match="no category") as refused:
            ArticlePage(PROFILE, post_url(post, OUTLET), reply.body).to_article()
        answer = site_reply(
            corpus, NO_CATEGORIES, f"/wp-json/wp/v2/posts/{post.id}", {"_embed": ["1"]}
        )
        (rest,) = rest_posts(answer.body)
        assert render(refused.value.complete(rest)) == expected


def test_the_redesign_defeats_the_page_object(corpus: Corpus) -> None:
    for post in list(corpus.posts.values())[:50]:
        reply = site_reply(corpus, Config(theme="redesign"), f"/{post.slug}/", {})
        assert reply.status == 200
        text = reply.body.decode("utf-8")
        for marker in ("ld+json", "og:", "article:", "postid-", "shortlink", "news-single"):
            assert marker not in text
        with pytest.raises(NotAnArticle):
            ArticlePage(PROFILE, post_url(post, OUTLET), reply.body).to_article()


def test_core_posts_sitemaps_hold_2000_urls_a_page_by_id() -> None:
    big = Corpus.generate(4500)
    core = Config(sitemaps="core")
    index = site_reply(big, core, "/wp-sitemap.xml", {}).body.decode()
    pages = re.findall(r"wp-sitemap-posts-post-(\d+)\.xml", index)
    assert pages == ["1", "2", "3"]
    found: list[str] = []
    for number in pages:
        page = site_reply(big, core, f"/wp-sitemap-posts-post-{number}.xml", {})
        found += re.findall(r"<loc>([^<]+)</loc>", page.body.decode())
    assert found == [post_url(p, OUTLET) for p in sorted(big.posts.values(), key=lambda p: p.id)]
    assert site_reply(big, core, "/wp-sitemap-posts-post-4.xml", {}).status == 404


def test_yoast_posts_sitemaps_hold_1000_urls_a_page_by_modification() -> None:
    big = Corpus.generate(2500)
    index = SitemapPage(PROFILE, site_reply(big, ARBUZ_THEME, "/sitemap_index.xml", {}).body)
    pages = index.post_sitemaps()
    assert pages == [f"https://arbuztoday.ru/post-sitemap{n}.xml" for n in ("", "2", "3")]
    found = [
        entry
        for page in pages
        for entry in SitemapPage(
            PROFILE,
            site_reply(big, ARBUZ_THEME, page.removeprefix("https://arbuztoday.ru"), {}).body,
        ).entries()
    ]
    by_modified = sorted(big.posts.values(), key=lambda p: (p.modified, p.id))
    assert [(e.url, e.lastmod) for e in found] == [
        (post_url(p, OUTLET), p.modified) for p in by_modified
    ]
    assert site_reply(big, ARBUZ_THEME, "/post-sitemap4.xml", {}).status == 404
