"""Which parts of an article page are the post's own: not another post's `<article>` (a sidebar's,
a "read also" box's), nor a block theme's query loop of latest or related posts."""

from __future__ import annotations

from lxml.etree import XPath, _Element

ARTICLES = XPath("//article")
_NEAREST_ARTICLE = XPath("ancestor-or-self::article[1]")
IN_QUERY_LOOP = (
    "ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' wp-block-post-template ')]"
)
"""An XPath condition: inside a block theme's query loop, whose dates and terms are other posts'."""
_IN_QUERY_LOOP = XPath(f"boolean({IN_QUERY_LOOP})")


def own_article(root: _Element, post_id: int | None) -> _Element | None:
    """The `<article>` whose classes name the post (`post-N`), when the page prints one."""
    wanted = f"post-{post_id}"
    articles = ARTICLES(root) if post_id else []
    return next((a for a in articles if wanted in (a.get("class") or "").split()), None)


def of_other_post(element: _Element, own: _Element | None) -> bool:
    """Whether `element` is in a query loop, or in an `<article>` other than the post's `own`."""
    if _IN_QUERY_LOOP(element):
        return True
    nearest = _NEAREST_ARTICLE(element) if own is not None else []
    return bool(nearest) and nearest[0] is not own
