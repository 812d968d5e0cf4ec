"""Page objects: a saved response in, an `Article` or the links to fetch out; no Scrapy."""

from newsbot.pages.article_html import ArticlePage
from newsbot.pages.errors import NotAnArticle
from newsbot.pages.feeds import FeedEntry, FeedPage, SitemapEntry, SitemapPage
from newsbot.pages.listing import ListingPage
from newsbot.pages.rest_post import RestPost, rest_posts

__all__ = [
    "ArticlePage",
    "FeedEntry",
    "FeedPage",
    "ListingPage",
    "NotAnArticle",
    "RestPost",
    "SitemapEntry",
    "SitemapPage",
    "rest_posts",
]
