"""What every WordPress theme prints, read when none of the outlet's theme versions matches."""

from __future__ import annotations

from newsbot.sites.profile import ThemeMarkup

WORDPRESS_THEME = ThemeMarkup(
    version="wordpress",
    valid_until=None,
    marker="article",
    article="article",
    title="h1.entry-title, h1.wp-block-post-title",
    body=(".entry-content", ".wp-block-post-content", "[itemprop=articleBody]"),
    lead_caption=".wp-caption-text, .wp-element-caption",
    byline=".byline .author, .wp-block-post-author__name",
    date="time.entry-date, .wp-block-post-date time",
    listing_card="article, .wp-block-post",
    listing_link=".entry-title a, .wp-block-post-title a",
    body_noise=(".sharedaddy", ".jp-relatedposts"),
)
