"""Machine-readable discovery sources: the RSS feeds, core sitemaps and robots.txt."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from html import escape

from newsbot.replica.articles import categories, content_html, excerpt, post_url, shortlink, tags
from newsbot.replica.outlet import SITEMAP_INDEX, Outlet, utc_iso
from newsbot.replica.page_parts import EDITOR_ACCOUNT
from newsbot.replica.posts import Post
from newsbot.replica.terms import Term

SITEMAP_PAGE_SIZE = 2000
"""URLs per core sitemap page (`wp_sitemaps_get_max_urls`)."""


def robots_txt(outlet: Outlet, sitemap: str = SITEMAP_INDEX) -> str:
    return f"""User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /?s=
Disallow: /search/

User-agent: Yandex
Disallow: /wp-admin/
Clean-param: utm_source&utm_medium&utm_campaign&utm_content&utm_term

Sitemap: {outlet.url(sitemap)}
"""


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _item(post: Post, outlet: Outlet, with_categories: bool) -> str:
    terms = [*categories(post, with_categories), *tags(post)]
    cats = "".join(f"\t\t<category>{_cdata(term.name)}</category>\n" for term in terms)
    return f"""	<item>
		<title>{escape(post.title, quote=False)}</title>
		<link>{post_url(post, outlet)}</link>
		<pubDate>{format_datetime(post.published)}</pubDate>
		<dc:creator>{_cdata(EDITOR_ACCOUNT[1])}</dc:creator>
{cats}		<guid isPermaLink="false">{shortlink(post, outlet)}</guid>
		<description>{_cdata(escape(excerpt(post), quote=False) + " [&#8230;]")}</description>
		<content:encoded>{_cdata(content_html(post))}</content:encoded>
	</item>
"""


def rss(
    outlet: Outlet,
    posts: list[Post],
    self_path: str,
    title: str,
    last_modified: datetime,
    with_categories: bool,
) -> str:
    """An RSS 2.0 feed of `posts` (already the newest ones, newest first)."""
    items = "".join(_item(post, outlet, with_categories) for post in posts)
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>{escape(title, quote=False)}</title>
	<atom:link href="{outlet.url(self_path)}" rel="self" type="application/rss+xml" />
	<link>{outlet.base_url}</link>
	<description>{escape(outlet.description, quote=False)}</description>
	<lastBuildDate>{format_datetime(last_modified)}</lastBuildDate>
	<language>ru-RU</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=5.2.4</generator>
{items}	</channel>
</rss>
"""


def sitemap_index(outlet: Outlet, post_pages: int, has_tags: bool) -> str:
    names = [f"posts-post-{n}" for n in range(1, post_pages + 1)]
    names.append("taxonomies-category-1")
    if has_tags:
        names.append("taxonomies-post_tag-1")
    entries = "".join(
        f"<sitemap><loc>{outlet.url(f'/wp-sitemap-{name}.xml')}</loc></sitemap>" for name in names
    )
    return _sitemap(outlet, "sitemapindex", "/wp-sitemap-index.xsl", entries)


def _sitemap(outlet: Outlet, root: str, style: str, entries: str) -> str:
    """A core sitemap: the XML declaration, its stylesheet and the `root` element."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{outlet.url(style)}" ?>\n'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</{root}>\n'
    )


def posts_sitemap(outlet: Outlet, posts: list[Post], lastmod: bool = True) -> str:
    """One page of the posts sitemap: `posts` in id order, with their last modification (UTC)."""

    def entry(post: Post) -> str:
        stamp = f"<lastmod>{utc_iso(post.modified)}</lastmod>" if lastmod else ""
        return f"<url><loc>{post_url(post, outlet)}</loc>{stamp}</url>"

    return _sitemap(outlet, "urlset", "/wp-sitemap.xsl", "".join(entry(post) for post in posts))


def terms_sitemap(outlet: Outlet, terms: list[Term]) -> str:
    entries = "".join(f"<url><loc>{term.link(outlet)}</loc></url>" for term in terms)
    return _sitemap(outlet, "urlset", "/wp-sitemap.xsl", entries)
