"""The outlet's own theme ("arbuz"): article pages as `site-model/article.html` prints them."""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from typing import Any

from newsbot.normalize import display_date
from newsbot.replica.articles import (
    categories,
    content_html,
    excerpt,
    post_url,
    tags,
    utc_iso,
)
from newsbot.replica.posts import Post
from newsbot.replica.terms import CATEGORIES
from newsbot.site import ARBUZ, GENITIVE_MONTHS

BASE = ARBUZ.base_url
YOAST_HEADLINE_LENGTH = 110
EDITOR_ACCOUNT = (3, "arbuz_editor")
"""The WordPress account every post is published from (never a byline)."""


def attr(text: str) -> str:
    return escape(text, quote=True)


def local_iso(moment: datetime) -> str:
    """`2019-11-07T21:00:22+04:00`: the site-local form of OpenGraph and `<time>`."""
    return moment.astimezone(ARBUZ.zone).isoformat()


def printed_date(moment: datetime) -> str:
    return display_date(moment, ARBUZ.zone, GENITIVE_MONTHS)


def image_url(post: Post) -> str:
    if post.media is None:
        return ""
    local = post.published.astimezone(ARBUZ.zone)
    return f"{BASE}/wp-content/uploads/{local:%Y/%m}/{post.media.name}.jpg"


LOGO = f"{BASE}/wp-content/themes/arbuz/img/logo.svg"
SEARCH = '<input type="search" name="s" placeholder="Поиск">'
YOAST_START = (
    "<!-- This site is optimized with the Yoast SEO plugin v12.4"
    " - https://yoast.com/wordpress/plugins/seo/ -->"
)
ROBOTS_META = (
    '<meta name="robots" content="max-snippet:-1, max-image-preview:large, max-video-preview:-1"/>'
)
STYLESHEET = (
    f"<link rel='stylesheet' id='arbuz-style-css'  href='{BASE}/wp-content/themes/arbuz/style.css"
    "?ver=1.4.2' type='text/css' media='all' />"
)
FEED_LINK = (
    f'<link rel="alternate" type="application/rss+xml" title="{ARBUZ.name} &raquo; Лента"'
    f' href="{BASE}/feed/" />'
)


def _header() -> str:
    items = "\n".join(
        '          <li class="menu-item menu-item-type-taxonomy menu-item-object-category">'
        f'<a href="{term.link}">{escape(term.name)}</a></li>'
        for term in CATEGORIES.values()
    )
    return f"""  <header class="header">
    <div class="container">
      <a class="header__logo" href="{BASE}/"><img src="{LOGO}" alt="{ARBUZ.name}"></a>
      <nav class="header__menu">
        <ul id="menu-main" class="menu">
{items}
        </ul>
      </nav>
      <form role="search" method="get" class="search-form" action="{BASE}/">{SEARCH}</form>
    </div>
  </header>
"""


HEADER = _header()
"""The site header with the category menu (shared by every HTML page)."""
FOOTER = f"""  <footer class="footer">
    <div class="container">
      <p>&copy; 2016&ndash;2026 {ARBUZ.name}. Сетевое издание. 18+</p>
      <p>При использовании материалов ссылка на arbuztoday.ru обязательна.</p>
    </div>
  </footer>
"""


def card(post: Post, with_image: bool = True, with_categories: bool = True) -> str:
    """One `itemlist itemlist-prev` card: a link to the post with its local date."""
    url = post_url(post)
    image = ""
    if with_image and post.media is not None:
        image = (
            f'          <a class="itemlist__img" href="{url}"><img src="{image_url(post)}"'
            ' class="wp-post-image" alt=""></a>\n'
        )
    cats = ""
    if with_categories:
        links = ", ".join(
            f'<a href="{term.link}">{escape(term.name)}</a>' for term in categories(post)
        )
        cats = f'          <div class="itemlist__cats">{links}</div>\n'
    return f"""        <div class="itemlist itemlist-prev">
{image}{cats}          <div class="itemlist__text"><a href="{url}">{escape(post.title)}</a></div>
          <div class="itemlist__date">{printed_date(post.published)}</div>
        </div>
"""


def _schema(post: Post, with_categories: bool) -> str:
    url = post_url(post)
    title = f"{post.title}{ARBUZ.title_suffix}"
    published, modified = utc_iso(post.published), utc_iso(post.modified)
    article: dict[str, Any] = {
        "@type": "Article",
        "@id": f"{url}#article",
        "isPartOf": {"@id": f"{url}#webpage"},
        "author": {"@id": f"{BASE}/#/schema/person/{EDITOR_ACCOUNT[0]}"},
        "headline": post.title[:YOAST_HEADLINE_LENGTH],
        "datePublished": published,
        "dateModified": modified,
        "commentCount": 0,
        "mainEntityOfPage": {"@id": f"{url}#webpage"},
        "publisher": {"@id": f"{BASE}/#organization"},
    }
    webpage: dict[str, Any] = {
        "@type": "WebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "name": title,
        "isPartOf": {"@id": f"{BASE}/#website"},
    }
    graph: list[dict[str, Any]] = [
        {
            "@type": "Organization",
            "@id": f"{BASE}/#organization",
            "name": ARBUZ.name,
            "url": f"{BASE}/",
        },
        {
            "@type": "WebSite",
            "@id": f"{BASE}/#website",
            "url": f"{BASE}/",
            "name": ARBUZ.name,
            "inLanguage": "ru-RU",
        },
    ]
    if post.media is not None:
        image: dict[str, Any] = {
            "@type": "ImageObject",
            "@id": f"{url}#primaryimage",
            "url": image_url(post),
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
        "@id": f"{BASE}/#/schema/person/{EDITOR_ACCOUNT[0]}",
        "name": EDITOR_ACCOUNT[1],
    }
    graph.extend((webpage, article, person))
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return text.replace("</", "<\\/")


def _head(post: Post, with_categories: bool) -> str:
    url = post_url(post)
    title = attr(f"{post.title}{ARBUZ.title_suffix}")
    summary = attr(excerpt(post)) + "&hellip;"
    lines = [
        f"<title>{escape(post.title, quote=False)}{ARBUZ.title_suffix}</title>",
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
        f'<meta property="og:site_name" content="{ARBUZ.name}" />',
        *(f'<meta property="article:tag" content="{attr(term.name)}" />' for term in tags(post)),
    ]
    shown = categories(post, with_categories)
    if shown:
        lines.append(f'<meta property="article:section" content="{attr(shown[0].name)}" />')
    lines += [
        f'<meta property="article:published_time" content="{local_iso(post.published)}" />',
        f'<meta property="article:modified_time" content="{local_iso(post.modified)}" />',
        f'<meta property="og:updated_time" content="{local_iso(post.modified)}" />',
    ]
    if post.media is not None:
        lines += [
            f'<meta property="og:image" content="{image_url(post)}" />',
            f'<meta property="og:image:width" content="{post.media.width}" />',
            f'<meta property="og:image:height" content="{post.media.height}" />',
        ]
    lines += [
        '<meta name="twitter:card" content="summary_large_image" />',
        f'<meta name="twitter:title" content="{title}" />',
        "<script type='application/ld+json' class='yoast-schema-graph yoast-schema-graph--main'>"
        f"{_schema(post, with_categories)}</script>",
        "<!-- / Yoast SEO plugin. -->",
        FEED_LINK,
        STYLESHEET,
        f"<link rel='https://api.w.org/' href='{BASE}/wp-json/' />",
        '<meta name="generator" content="WordPress 5.2.4" />',
        f"<link rel='shortlink' href='{BASE}/?p={post.id}' />",
        f'<link rel="amphtml" href="{url}amp/" />',
    ]
    return "\n".join(lines)


def _lead_photo(post: Post) -> str:
    if post.media is None:
        return ""
    caption = ""
    if post.media.caption:
        caption = (
            f'\n          <div class="news-single-prev__caption">{escape(post.media.caption)}</div>'
        )
    size = f'width="{post.media.width}" height="{post.media.height}"'
    image = f'<img {size} src="{image_url(post)}" class="attachment-full size-full wp-post-image"'
    return f"""        <div class="news-single-prev">
          {image} alt="" />{caption}
        </div>
"""


def _time(post: Post) -> str:
    return f'<time datetime="{local_iso(post.published)}">{printed_date(post.published)}</time>'


def _term_links(terms: list[Any], rel: str) -> str:
    return "".join(
        f'\n        <a href="{term.link}" rel="{rel}">{escape(term.name)}</a>' for term in terms
    )


def _share(url: str) -> str:
    return (
        '        <div class="news-single__share">Поделиться: '
        f'<a href="https://vk.com/share.php?url={url}">ВКонтакте</a> '
        f'<a href="https://connect.ok.ru/offer?url={url}">Одноклассники</a> '
        f'<a href="https://t.me/share/url?url={url}">Telegram</a></div>\n'
    )


def article_page(post: Post, sidebar: list[Post], with_categories: bool, amp: bool) -> str:
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
        links = _term_links(shown, "category tag")
        cats = f'        <div class="news-single__cats">{links}\n      </div>\n'
    byline = ""
    if post.byline:
        byline = f'        <div class="news-single__author">{escape(post.byline)}</div>\n'
    aside = ""
    if sidebar and not amp:
        cards = "".join(card(other, with_image=False, with_categories=False) for other in sidebar)
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
{_head(post, with_categories)}
</head>
<body class="post-template-default single single-post postid-{post.id} single-format-standard">
<div class="wrapper">
{HEADER}  <main class="main">
    <div class="container">
      <article id="post-{post.id}" class="{classes}">
        <h1 class="news-single__title">{escape(post.title, quote=False)}</h1>
{cats}{_lead_photo(post)}        <div class="news-single__content entry-content">
{content_html(post)}        </div>
        <div class="news-single__date">{_time(post)}</div>
{byline}        <div class="news-single__tags">{_term_links(post_tags, "tag")}
      </div>
{_share(post_url(post))}      </article>
{aside}    </div>
  </main>
{FOOTER}</div>
</body>
</html>
"""
