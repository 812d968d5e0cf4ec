"""Which parts of an article page are the post's own: not another post's `<article>` (a sidebar's,
a "read also" box's), nor a block theme's query loop of latest or related posts."""

from __future__ import annotations

from itertools import chain

from lxml.etree import XPath, _Element

ARTICLES = XPath("//article")
_NEAREST_ARTICLE = XPath("ancestor-or-self::article[1]")
_LOOP = "contains(concat(' ', normalize-space(@class), ' '), ' wp-block-post-template ')"
IN_QUERY_LOOP = f"ancestor::*[{_LOOP}]"
"""An XPath condition: inside a block theme's query loop, whose dates and terms are other posts'."""
_IN_QUERY_LOOP = XPath(f"boolean({IN_QUERY_LOOP})")
_LINKED_TITLE = XPath("boolean((.//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6)[1]//a[@href])")
"""Whether an `<article>`'s first heading links: themes link other posts' titles, not the post's."""


class PostScope:
    """The post's own `<article>` (the one whose classes name its id, `post-N`, else the first
    whose title is no link), and whether an element belongs to another post."""

    def __init__(self, root: _Element, text: str, post_id: int | None) -> None:
        """`text`: the page's text, where a query loop's class must stand if it is there."""
        articles = list(root.iter("article"))
        wanted = f"post-{post_id}"
        named = (a for a in articles if wanted in (a.get("class") or "").split())
        unlinked = (a for a in articles if not _LINKED_TITLE(a))
        self.own = next(chain(named, unlinked), None)
        self.loops = "wp-block-post-template" in text
        self.others = self.own is not None and len(articles) > 1

    def of_other_post(self, element: _Element) -> bool:
        """Whether `element` is in a query loop, or in an `<article>` other than the post's."""
        if self.loops and _IN_QUERY_LOOP(element):
            return True
        nearest = _NEAREST_ARTICLE(element) if self.others else []
        return bool(nearest) and nearest[0] is not self.own
