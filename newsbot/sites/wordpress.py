"""What every WordPress theme prints, read when none of the outlet's theme versions matches.

Classic themes (twentytwentyone) print `article.entry` with `.entry-content`, `time.entry-date`
and `paginate_links()`; block themes (twentytwentythree) print `.wp-block-post-content`,
`.wp-block-post-date`, `.wp-block-post-featured-image` (never with its caption) and the query
pagination block. Classic themes print the featured image as `.post-thumbnail` or `.featured-media`,
often without its caption: a page showing one without a credit asks the post's REST route.
Neither prints a byline: the posting account they show is none (DESIGN §1).
"""

from __future__ import annotations

from newsbot.sites.profile import ThemeMarkup

WORDPRESS_THEME = ThemeMarkup(
    version="wordpress",
    marker="article, .entry-content, .wp-block-post-content",
    article="article",
    title="h1.entry-title, h1.wp-block-post-title",
    body=(".entry-content", ".wp-block-post-content", "[itemprop=articleBody]"),
    lead_caption=(
        ".post-thumbnail figcaption, .post-thumbnail .wp-caption-text,"
        " .featured-media figcaption, .wp-block-post-featured-image figcaption"
    ),
    byline="",
    date=(
        "time.entry-date, time.published,"
        " .wp-block-post-date:not(.wp-block-post-date__modified-date) time"
    ),
    listing_card="article, .wp-block-post",
    listing_link=".entry-title a, .wp-block-post-title a, a[rel~=bookmark]",
    body_noise=(".sharedaddy", ".jp-relatedposts"),
    listing_next="a.next.page-numbers, a.wp-block-query-pagination-next",
    modified="time.updated:not(.published), .wp-block-post-date__modified-date time",
    uncaptioned_lead=".wp-block-post-featured-image, .post-thumbnail, .featured-media",
)
