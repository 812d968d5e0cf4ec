"""Listing pages (home, category, tag and date archives) in the markup of `listing.html`."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from newsbot.replica.outlet import Outlet
from newsbot.replica.page_parts import card, footer, header
from newsbot.replica.posts import Post


@dataclass(frozen=True)
class Archive:
    """What a listing shows: its heading, root path, body classes and feed (if any)."""

    title: str
    path: str
    """The archive's first page, e.g. `/category/vlast/`; `/` for the home page."""
    body_class: str
    feed: str = ""


def page_path(archive: Archive, number: int) -> str:
    return archive.path if number == 1 else f"{archive.path}page/{number}/"


def _pagination(outlet: Outlet, archive: Archive, number: int, pages: int) -> str:
    def link(n: int, text: str, css: str = "page-numbers") -> str:
        return f'<a class="{css}" href="{outlet.url(page_path(archive, n))}">{text}</a>'

    parts = []
    if number > 1:
        parts.append(link(number - 1, "&larr;", "prev page-numbers"))
    shown = sorted({1, number - 1, number, number + 1, pages} & set(range(1, pages + 1)))
    previous = 0
    for n in shown:
        if n - previous > 1:
            parts.append('<span class="page-numbers dots">&hellip;</span>')
        if n == number:
            parts.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        else:
            parts.append(link(n, str(n)))
        previous = n
    if number < pages:
        parts.append(link(number + 1, "&rarr;", "next page-numbers"))
    return "\n".join(parts)


def listing_page(
    outlet: Outlet, archive: Archive, number: int, pages: int, shown: list[Post]
) -> str:
    """Page `number` (from 1) of `pages` of an archive, showing `shown` (newest first)."""
    title = archive.title if number == 1 else f"{archive.title} – Страница {number} из {pages}"
    head = [
        f"<title>{escape(title)}{escape(outlet.title_suffix)}</title>",
        f'<link rel="canonical" href="{outlet.url(page_path(archive, number))}" />',
    ]
    if number > 1:
        head.append(f'<link rel="prev" href="{outlet.url(page_path(archive, number - 1))}" />')
    if number < pages:
        head.append(f'<link rel="next" href="{outlet.url(page_path(archive, number + 1))}" />')
    if archive.feed:
        head.append(
            '<link rel="alternate" type="application/rss+xml" '
            f'title="{escape(outlet.name)} &raquo; Лента" href="{outlet.url(archive.feed)}" />'
        )
    paged = f" paged paged-{number}" if number > 1 else ""
    cards = "".join(card(post, outlet) for post in shown)
    inner = f"""    <div class="itemlist-wrap">
{cards}    </div>
    <nav class="navigation pagination" role="navigation">
      <div class="nav-links">{_pagination(outlet, archive, number, pages)}</div>
    </nav>
"""
    return _document(outlet, "\n".join(head), archive.body_class + paged, archive.title, inner)


def not_found_page(outlet: Outlet) -> str:
    title = "Страница не найдена"
    inner = (
        "    <p>К сожалению, такой страницы нет. Попробуйте начать с "
        f'<a href="{outlet.url("/")}">главной</a>.</p>\n'
    )
    head = f"<title>{title}{escape(outlet.title_suffix)}</title>"
    return _document(outlet, head, "error404", title, inner)


def _document(outlet: Outlet, head: str, body_class: str, title: str, inner: str) -> str:
    """A listing-style page: the theme's header, a heading, `inner` and the footer."""
    return f"""<!DOCTYPE html>
<html lang="ru-RU">
<head>
<meta charset="UTF-8">
{head}
</head>
<body class="{body_class}">
{header(outlet)}<main class="main">
  <div class="container">
    <h1 class="archive__title">{escape(title)}</h1>
{inner}  </div>
</main>
{footer(outlet)}</body>
</html>
"""
