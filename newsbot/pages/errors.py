"""What a page object says when a page is not an article, or not one the archive may keep."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsbot.items import Article


class NotAnArticle(ValueError):
    """The page lacks something every article has; the message names it."""


class ProtectedPost(NotAnArticle):
    """A published post whose text is behind a password: not public, so not archived."""


class Incomplete(NotAnArticle):
    """An article page that lacks a field every post has (a category, the time of its date),
    which the post's REST route holds: `complete(post)` gives the article from the route's
    answer (`_embed`); a crawl without that answer refuses the page with this reason."""

    def __init__(
        self,
        reason: str,
        route: str,
        partial: Article,
        complete: Callable[[dict[str, Any]], Article],
    ) -> None:
        super().__init__(reason)
        self.route = route
        """The post's REST route, as the page names it."""
        self.partial = partial
        """The article with stand-ins for what is missing: a later page's text to join to the
        first page's article, never an article to keep."""
        self.complete = complete
