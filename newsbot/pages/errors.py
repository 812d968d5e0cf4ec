"""What a page object says when a page is not an article, or not one the archive may keep."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:
    from newsbot.items import Article

P = ParamSpec("P")
R = TypeVar("R")

MALFORMED = (
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
    ArithmeticError,
    RecursionError,
)
"""What reading input of an unexpected shape raises: a null where a list was, a huge number."""


class NotAnArticle(ValueError):
    """The page lacks something every article has; the message names it."""


class ProtectedPost(NotAnArticle):
    """A published post whose text is behind a password: not public, so not archived."""


def reads_input(method: Callable[P, R]) -> Callable[P, R]:
    """`method` reads a page or post: input of an unexpected shape raises NotAnArticle."""

    @wraps(method)
    def reading(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except NotAnArticle:
            raise
        except MALFORMED as error:
            raise NotAnArticle(f"malformed input ({type(error).__name__}: {error})") from error

    return reading


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
