"""АРБУЗ (arbuztoday.ru), Astrakhan: WordPress with Yoast SEO and the outlet's own theme."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from newsbot.sites.profile import SiteProfile, ThemeMarkup
from newsbot.sites.russian import RUSSIAN

THEME_2019 = ThemeMarkup(
    version="2019",
    marker="article.news-single, h1.news-single__title, .news-single__content",
    article="article.news-single",
    title="h1.news-single__title",
    body=(".news-single__content", ".entry-content", "[itemprop=articleBody]"),
    lead_caption=".news-single-prev__caption",
    byline=".news-single__author",
    date=".news-single__date time",
    listing_card=".itemlist.itemlist-prev",
    listing_link=".itemlist__text a",
    body_noise=(".news-single__share", ".related", ".related-news"),
)

PROFILE = SiteProfile(
    key="arbuz",
    name="АРБУЗ",
    host="arbuztoday.ru",
    zone=ZoneInfo("Europe/Astrakhan"),
    language=RUSSIAN,
    title_separators=(" | ", " — ", " – ", " - ", " · "),
    themes=(THEME_2019,),
    tracking_params=frozenset(
        {
            "fbclid",
            "gclid",
            "yclid",
            "ysclid",
            "_openstat",
            "from",
            "ref",
            "amp",
            "mc_cid",
            "mc_eid",
            "_ga",
        }
    ),
    tracking_prefixes=("utm_",),
    rest_byline_meta_key="byline",
    credits_lead_photos=True,
    content_noise=(
        "script",
        "style",
        "noscript",
        "iframe",
        "object",
        "embed",
        "form",
        "img",
        "svg",
        "picture",
        "video",
        "audio",
        "figcaption",
        ".wp-caption-text",
        ".gallery",
        ".wp-block-gallery",
        ".wp-block-embed",
        ".wp-embedded-content",
        "nav",
        ".post-nav-links",
        ".page-links",
        ".pagination",
        ".post-navigation",
        ".nav-links",
        ".sharedaddy",
        ".yarpp-related",
    ),
)
