"""The outlet's own theme ("arbuz"): article pages as `site-model/article.html` prints them."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from newsbot.replica.articles import categories, content_html, excerpt, post_url, shortlink, tags
from newsbot.replica.outlet import FEED, REST_POSTS, REST_ROOT, Outlet, utc_iso
from newsbot.replica.page_parts import EDITOR_ACCOUNT, card, footer, header, image_url
from newsbot.replica.posts import Post

YOAST_HEADLINE_LENGTH = 110
YOAST_START = (
    "<!-- This site is optimized with the Yoast SEO plugin v12.4"
    " - https://yoast.com/wordpress/plugins/seo/ -->"
)
ROBOTS_META = (
    '<meta name="robots" content="max-snippet:-1, max-image-preview:large, max-video-preview:-1"/>'
)


def _schema(post: Post, outlet: Outlet, with_categories: bool) -> str:
    url = post_url(post, outlet)
    base = outlet.base_url
    title = f"{post.title}{outlet.title_suffix}"
    published, modified = utc_iso(post.published), utc_iso(post.modified)
    article: dict[str, Any] = {
        "@type": "Article",
        "@id": f"{url}#article",
        "isPartOf": {"@id": f"{url}#webpage"},
        "author": {"@id": f"{base}/#/schema/person/{EDITOR_ACCOUNT[0]}"},
        "headline": post.title[:YOAST_HEADLINE_LENGTH],
        "datePublished": published,
        "dateModified": modified,
        "commentCount": 0,
        "mainEntityOfPage": {"@id": f"{url}#webpage"},
        "publisher": {"@id": f"{base}/#organization"},
    }
    webpage: dict[str, Any] = {
        "@type": "WebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "name": title,
        "isPartOf": {"@id": f"{base}/#website"},
    }
    graph: list[dict[str, Any]] = [
        {
            "@type": "Organization",
            "@id": f"{base}/#organization",
            "name": outlet.name,
            "url": f"{base}/",
        },
        {
            "@type": "WebSite",
            "@id": f"{base}/#website",
            "url": f"{base}/",
            "name": outlet.name,
            "inLanguage": "ru-RU",
        },
    ]
    if post.media is not None:
        image: dict[str, Any] = {
            "@type": "ImageObject",
            "@id": f"{url}#primaryimage",
            "url": image_url(post, outlet),
            "width": post.media.width,
            "height": post.media.height,
        }
        if post.media.caption:
            image["caption"] = post.media.caption
        graph.append(image)
        webpage["primaryImageOfPage"] = {"@id": f"{url}#primaryimage"}
        article["image"] = {"@id": f"{url}#primaryimage"}
    webpage.update(datePublished=published, dateModified=modified, inLanguage="ru-RU")
    if post.tags:
        article["keywords"] = ",".join(term.name for term in tags(post))
    if with_categories:
        article["articleSection"] = ",".join(term.name for term in categories(post))
    article["inLanguage"] = "ru-RU"
    person = {
        "@type": ["Person"],
        "@id": f"{base}/#/schema/person/{EDITOR_ACCOUNT[0]}",
        "name": EDITOR_ACCOUNT[1],
    }
    graph.extend((webpage, article, person))
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return text.replace("</", "<\\/")


def _head(post: Post, outlet: Outlet, with_categories: bool) -> str:
    url = post_url(post, outlet)
    title = escape(f"{post.title}{outlet.title_suffix}")
    summary = escape(excerpt(post)) + "&hellip;"
    lines = [
        f"<title>{escape(post.title, quote=False)}{escape(outlet.title_suffix)}</title>",
        "",
        YOAST_START,
        f'<meta name="description" content="{summary}"/>',
        ROBOTS_META,
        f'<link rel="canonical" href="{url}" />',
        '<meta property="og:locale" content="ru_RU" />',
        '<meta property="og:type" content="article" />',
        f'<meta property="og:title" content="{title}" />',
        f'<meta property="og:description" content="{summary}" />',
        f'<meta property="og:url" content="{url}" />',
        f'<meta property="og:site_name" content="{escape(outlet.name)}" />',
        *(f'<meta property="article:tag" content="{escape(term.name)}" />' for term in tags(post)),
    ]
    shown = categories(post, with_categories)
    if shown:
        lines.append(f'<meta property="article:section" content="{escape(shown[0].name)}" />')
    lines += [
        f'<meta property="article:published_time" content="{outlet.local_iso(post.published)}" />',
        f'<meta property="article:modified_time" content="{outlet.local_iso(post.modified)}" />',
        f'<meta property="og:updated_time" content="{outlet.local_iso(post.modified)}" />',
    ]
    if post.media is not None:
        lines += [
            f'<meta property="og:image" content="{image_url(post, outlet)}" />',
            f'<meta property="og:image:width" content="{post.media.width}" />',
            f'<meta property="og:image:height" content="{post.media.height}" />',
        ]
    lines += [
        '<meta name="twitter:card" content="summary_large_image" />',
        f'<meta name="twitter:title" content="{title}" />',
        "<script type='application/ld+json' class='yoast-schema-graph yoast-schema-graph--main'>"
        f"{_schema(post, outlet, with_categories)}</script>",
        "<!-- / Yoast SEO plugin. -->",
        f'<link rel="alternate" type="application/rss+xml" title="{escape(outlet.name)} &raquo;'
        f' Лента" href="{outlet.url(FEED)}" />',
        f"<link rel='stylesheet' id='arbuz-style-css'  href='{outlet.base_url}/wp-content/themes"
        "/arbuz/style.css?ver=1.4.2' type='text/css' media='all' />",
        f"<link rel='https://api.w.org/' href='{outlet.url(REST_ROOT)}' />",
        '<link rel="alternate" type="application/json"'
        f' href="{outlet.url(REST_POSTS)}/{post.id}" />',
        '<meta name="generator" content="WordPress 5.2.4" />',
        f"<link rel='shortlink' href='{shortlink(post, outlet)}' />",
        f'<link rel="amphtml" href="{url}amp/" />',
    ]
    return "\n".join(lines)


def _lead_photo(post: Post, outlet: Outlet) -> str:
    if post.media is None:
        return ""
    caption = ""
    if post.media.caption:
        caption = (
            f'\n          <div class="news-single-prev__caption">{escape(post.media.caption)}</div>'
        )
    size = f'width="{post.media.width}" height="{post.media.height}"'
    image = (
        f'<img {size} src="{image_url(post, outlet)}"'
        ' class="attachment-full size-full wp-post-image"'
    )
    return f"""        <div class="news-single-prev">
          {image} alt="" />{caption}
        </div>
"""


def _term_links(terms: list[Any], rel: str, outlet: Outlet) -> str:
    return "".join(
        f'\n        <a href="{term.link(outlet)}" rel="{rel}">{escape(term.name)}</a>'
        for term in terms
    )


def _share(url: str) -> str:
    return (
        '        <div class="news-single__share">Поделиться: '
        f'<a href="https://vk.com/share.php?url={url}">ВКонтакте</a> '
        f'<a href="https://connect.ok.ru/offer?url={url}">Одноклассники</a> '
        f'<a href="https://t.me/share/url?url={url}">Telegram</a></div>\n'
    )


def article_page(
    post: Post, outlet: Outlet, sidebar: list[Post], with_categories: bool, amp: bool
) -> str:
    """The article page; `amp` gives the lighter `/amp/` variant (same canonical URL)."""
    shown = categories(post, with_categories)
    post_tags = tags(post)
    classes = " ".join(
        [
            f"news-single post-{post.id} post type-post status-publish format-standard",
            *(["has-post-thumbnail"] if post.media else []),
            "hentry",
            *(f"category-{term.slug}" for term in shown),
            *(f"tag-{term.slug}" for term in post_tags),
        ]
    )
    cats = ""
    if shown:
        links = _term_links(shown, "category tag", outlet)
        cats = f'        <div class="news-single__cats">{links}\n      </div>\n'
    byline = ""
    if post.byline:
        byline = f'        <div class="news-single__author">{escape(post.byline)}</div>\n'
    local, printed = outlet.local_iso(post.published), outlet.printed_date(post.published)
    aside = ""
    if sidebar and not amp:
        cards = "".join(card(other, outlet, compact=True) for other in sidebar)
        aside = (
            '      <aside class="sidebar">\n'
            '        <div class="sidebar__title">Последние новости</div>\n'
            f"{cards}      </aside>\n"
        )
    return f"""<!DOCTYPE html>
<html {"amp " if amp else ""}lang="ru-RU">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{_head(post, outlet, with_categories)}
</head>
<body class="post-template-default single single-post postid-{post.id} single-format-standard">
<div class="wrapper">
{header(outlet)}  <main class="main">
    <div class="container">
      <article id="post-{post.id}" class="{classes}">
        <h1 class="news-single__title">{escape(post.title, quote=False)}</h1>
{cats}{_lead_photo(post, outlet)}        <div class="news-single__content entry-content">
{content_html(post)}        </div>
        <div class="news-single__date"><time datetime="{local}">{printed}</time></div>
{byline}        <div class="news-single__tags">{_term_links(post_tags, "tag", outlet)}
      </div>
{_share(post_url(post, outlet))}      </article>
{aside}    </div>
  </main>
{footer(outlet)}</div>
</body>
</html>
"""
