"""The site profile: every fact about arbuztoday.ru that may change on the live site lives here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Selectors:
    """CSS selectors of the outlet's theme (used only where metadata is silent)."""

    title: str = "h1.news-single__title"
    article: str = "article.news-single"
    # The body container, most specific first; the generic WordPress ones survive a theme change.
    body: tuple[str, ...] = (".news-single__content", ".entry-content", "[itemprop=articleBody]")
    lead_caption: str = ".news-single-prev__caption"
    byline: str = ".news-single__author"
    date: str = ".news-single__date time"
    listing_card: str = ".itemlist.itemlist-prev"
    listing_link: str = ".itemlist__text a"
    listing_date: str = ".itemlist__date"
    next_page: str = "link[rel=next]"
    # Markup inside the body that is never text of the article.
    body_noise: tuple[str, ...] = (
        "script",
        "style",
        "noscript",
        "iframe",
        "object",
        "embed",
        "form",
        "figure",
        "img",
        "svg",
        ".news-single__share",
        ".sharedaddy",
        ".related",
        ".related-news",
        ".wp-block-embed",
        ".yarpp-related",
    )


@dataclass(frozen=True)
class Paths:
    """URL paths of the discovery sources, relative to the site root."""

    feed: str = "/feed/"
    category_feed: str = "/category/{slug}/feed/"
    home_page: str = "/page/{n}/"
    category: str = "/category/{slug}/"
    category_page: str = "/category/{slug}/page/{n}/"
    tag: str = "/tag/{slug}/"
    tag_page: str = "/tag/{slug}/page/{n}/"
    year_archive: str = "/{year:04d}/"
    month_archive: str = "/{year:04d}/{month:02d}/"
    day_archive: str = "/{year:04d}/{month:02d}/{day:02d}/"
    day_archive_page: str = "/{year:04d}/{month:02d}/{day:02d}/page/{n}/"
    rest_posts: str = "/wp-json/wp/v2/posts"
    rest_categories: str = "/wp-json/wp/v2/categories"
    rest_tags: str = "/wp-json/wp/v2/tags"
    sitemap_index: str = "/wp-sitemap.xml"
    posts_sitemap: str = "/wp-sitemap-posts-post-{n}.xml"
    robots: str = "/robots.txt"
    shortlink: str = "/?p={post_id}"


# Cyr-To-Lat (GOST 7.79-2000 system B, as the WordPress plugin applies it to slugs).
# "ц" is "c" before е, и, ы, й and "cz" elsewhere; the ordered pairs below encode that.
CYR_TO_LAT: tuple[tuple[str, str], ...] = (
    ("це", "ce"),
    ("ци", "ci"),
    ("цы", "cy"),
    ("цй", "cj"),
    ("ц", "cz"),
    ("а", "a"),
    ("б", "b"),
    ("в", "v"),
    ("г", "g"),
    ("д", "d"),
    ("е", "e"),
    ("ё", "yo"),
    ("ж", "zh"),
    ("з", "z"),
    ("и", "i"),
    ("й", "j"),
    ("к", "k"),
    ("л", "l"),
    ("м", "m"),
    ("н", "n"),
    ("о", "o"),
    ("п", "p"),
    ("р", "r"),
    ("с", "s"),
    ("т", "t"),
    ("у", "u"),
    ("ф", "f"),
    ("х", "x"),
    ("ч", "ch"),
    ("ш", "sh"),
    ("щ", "shh"),
    ("ъ", ""),
    ("ы", "y"),
    ("ь", ""),
    ("э", "e"),
    ("ю", "yu"),
    ("я", "ya"),
)

GENITIVE_MONTHS: tuple[str, ...] = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


@dataclass(frozen=True)
class SiteProfile:
    """Identity, zone, URLs and markup of one outlet."""

    name: str
    host: str
    zone: ZoneInfo
    title_suffix: str
    selectors: Selectors = field(default_factory=Selectors)
    paths: Paths = field(default_factory=Paths)
    # A lead-photo caption is a credit line when it matches this.
    credit_line: re.Pattern[str] = re.compile(
        r"^(Фото|Видео|Фото и видео|Иллюстрация|Скриншот|Коллаж|Источник фото)\b[^:]{0,40}:\s*\S"
    )
    # Query parameters that only track a visit and never name a different page.
    tracking_params: frozenset[str] = frozenset(
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
    )
    tracking_prefixes: tuple[str, ...] = ("utm_",)
    # Where REST exposes a printed byline (registered post meta); the posting account is not one.
    rest_byline_meta_key: str = "byline"
    rest_page_size: int = 100
    feed_size: int = 10
    listing_page_size: int = 20
    post_id_body_class: re.Pattern[str] = re.compile(r"\bpostid-(\d+)\b")
    contact_url: str = "https://github.com/newsbot-archive/newsbot"

    @property
    def base_url(self) -> str:
        return f"https://{self.host}"


ARBUZ = SiteProfile(
    name="АРБУЗ",
    host="arbuztoday.ru",
    zone=ZoneInfo("Europe/Astrakhan"),
    title_suffix=" | АРБУЗ",
)
