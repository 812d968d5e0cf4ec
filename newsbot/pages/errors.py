"""What a page object says when a page is not an article."""


class NotAnArticle(ValueError):
    """The page lacks something every article has; the message names it."""
