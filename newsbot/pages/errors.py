"""What a page object says when a page is not an article, or not one the archive may keep."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

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
