"""What a page object says when a page is not an article, or not one the archive may keep."""


class NotAnArticle(ValueError):
    """The page lacks something every article has; the message names it."""


class ProtectedPost(NotAnArticle):
    """A published post whose text is behind a password: not public, so not archived."""
