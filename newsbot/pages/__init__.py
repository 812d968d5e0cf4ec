"""Page objects: a saved response in, an `Article` out. They import nothing from Scrapy."""

from newsbot.pages.article_html import ArticlePage
from newsbot.pages.errors import NotAnArticle
from newsbot.pages.rest_post import RestPost, rest_posts

__all__ = ["ArticlePage", "NotAnArticle", "RestPost", "rest_posts"]
