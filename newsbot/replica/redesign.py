"""A second theme ("redesign"): other markup, and none of the metadata our page object reads.

No JSON-LD, OpenGraph or `article:*` meta, no `postid-` class or shortlink, no `rel` term links,
no `<time datetime>`: a crawl must notice that it can no longer extract articles.
"""

from __future__ import annotations

from html import escape

from newsbot.replica.articles import categories, content_html, post_url, tags
from newsbot.replica.outlet import Outlet
from newsbot.replica.page_parts import image_url
from newsbot.replica.posts import Post
from newsbot.replica.terms import Term


def _labels(terms: list[Term], css: str, outlet: Outlet) -> str:
    return "".join(
        f'<a class="{css}" href="{term.link(outlet)}">{escape(term.name)}</a>' for term in terms
    )


def redesigned_article_page(post: Post, outlet: Outlet, with_categories: bool) -> str:
    figure = ""
    if post.media is not None:
        credit = escape(post.media.caption)
        figure = (
            f'<figure class="story__media"><img src="{image_url(post, outlet)}" loading="lazy">'
            f'<figcaption class="story__credit">{credit}</figcaption></figure>\n'
        )
    byline = f'<p class="story__by">{escape(post.byline)}</p>\n' if post.byline else ""
    rubrics = _labels(categories(post, with_categories), "rubric", outlet)
    return f"""<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>{escape(post.title, quote=False)} — {escape(outlet.name)}</title>
<link rel="canonical" href="{post_url(post, outlet)}">
<link rel="stylesheet" href="{outlet.url("/assets/v2/app.css")}">
</head>
<body class="page-story">
<div class="layout">
<main class="story" data-story="{post.id}">
<header class="story__head">
<nav class="story__rubrics">{rubrics}</nav>
<h1 class="story__headline">{escape(post.title, quote=False)}</h1>
<span class="story__when">{outlet.printed_date(post.published)}</span>
</header>
{figure}<section class="story__text">
{content_html(post)}</section>
{byline}<footer class="story__labels">{_labels(tags(post), "label", outlet)}</footer>
</main>
</div>
</body>
</html>
"""
