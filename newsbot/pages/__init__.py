"""Page objects: a saved response in, an `Article` or the links to fetch out; no Scrapy."""

from newsbot.pages.article_html import ArticlePage
from newsbot.pages.combine import completed, joined_pages
from newsbot.pages.errors import Incomplete, NotAnArticle, ProtectedPost
from newsbot.pages.feeds import FeedEntry, FeedPage, SitemapEntry, SitemapPage
from newsbot.pages.listing import ListingPage
from newsbot.pages.rest_post import RestPost, rest_posts

__all__ = [
    "ArticlePage",
    "FeedEntry",
    "FeedPage",
    "Incomplete",
    "ListingPage",
    "NotAnArticle",
    "ProtectedPost",
    "RestPost",
    "SitemapEntry",
    "SitemapPage",
    "completed",
    "joined_pages",
    "rest_posts",
]
