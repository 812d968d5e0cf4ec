"""Pieces every HTML page of the outlet's theme shares: header, footer, cards, image URLs."""

from __future__ import annotations

from functools import cache
from html import escape

from newsbot.replica.articles import categories, post_url
from newsbot.replica.outlet import Outlet
from newsbot.replica.posts import Post
from newsbot.replica.terms import CATEGORIES

EDITOR_ACCOUNT = (3, "arbuz_editor")
"""The WordPress account every post is published from (never a byline)."""
SEARCH = '<input type="search" name="s" placeholder="Поиск">'


def image_url(post: Post, outlet: Outlet) -> str:
    """The featured image's upload URL (uploads are filed by the local month of the post)."""
    if post.media is None:
        return ""
    local = outlet.local(post.published)
    return outlet.url(f"/wp-content/uploads/{local:%Y/%m}/{post.media.name}.jpg")


@cache
def header(outlet: Outlet) -> str:
    """The site header with the category menu."""
    items = "\n".join(
        '          <li class="menu-item menu-item-type-taxonomy menu-item-object-category">'
        f'<a href="{term.link(outlet)}">{escape(term.name)}</a></li>'
        for term in CATEGORIES.values()
    )
    base = outlet.base_url
    logo = f"{base}/wp-content/themes/arbuz/img/logo.svg"
    return f"""  <header class="header">
    <div class="container">
      <a class="header__logo" href="{base}/"><img src="{logo}" alt="{escape(outlet.name)}"></a>
      <nav class="header__menu">
        <ul id="menu-main" class="menu">
{items}
        </ul>
      </nav>
      <form role="search" method="get" class="search-form" action="{base}/">{SEARCH}</form>
    </div>
  </header>
"""


@cache
def footer(outlet: Outlet) -> str:
    return f"""  <footer class="footer">
    <div class="container">
      <p>&copy; 2016&ndash;2026 {escape(outlet.name)}. Сетевое издание. 18+</p>
      <p>При использовании материалов ссылка на {outlet.host} обязательна.</p>
    </div>
  </footer>
"""


def card(post: Post, outlet: Outlet, compact: bool = False) -> str:
    """One `itemlist itemlist-prev` card; `compact` leaves out its image and categories."""
    url = post_url(post, outlet)
    image = cats = ""
    if not compact:
        if post.media is not None:
            image = (
                f'          <a class="itemlist__img" href="{url}">'
                f'<img src="{image_url(post, outlet)}" class="wp-post-image" alt=""></a>\n'
            )
        links = ", ".join(
            f'<a href="{term.link(outlet)}">{escape(term.name)}</a>' for term in categories(post)
        )
        cats = f'          <div class="itemlist__cats">{links}</div>\n'
    return f"""        <div class="itemlist itemlist-prev">
{image}{cats}          <div class="itemlist__text"><a href="{url}">{escape(post.title)}</a></div>
          <div class="itemlist__date">{outlet.printed_date(post.published)}</div>
        </div>
"""
