"""What a site profile holds: an outlet's identity, zone, language, URL paths and theme markup.

Nothing here describes a particular outlet: each one is a profile module of this package (or any
module named by the `NEWSBOT_SITE` setting) that builds a `SiteProfile`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from functools import cache, cached_property
from zoneinfo import ZoneInfo

from newsbot.sites.markup import CompiledTheme, Matcher, selector


@dataclass(frozen=True)
class Language:
    """How the outlet's language prints dates, credits and slugs."""

    genitive_months: tuple[str, ...]
    """Month names as a date prints them ("7 ноября 2019"), January first."""
    credit_line: re.Pattern[str]
    """A lead-photo caption that is a credit line ("Фото: …") matches this."""
    slug_transliteration: tuple[tuple[str, str], ...]
    """Ordered (letters, Latin) replacements WordPress applies to make slugs."""
    page_number: re.Pattern[str]
    """How `<title>` names a later page of a post or listing ("Страница 2", "Страница 2 из 3")."""
    code: str
    """The ISO 639-1 code of articles whose page names no language (REST posts, imports): "ru"."""


@dataclass(frozen=True)
class Paths:
    """URL paths of the discovery sources, relative to the site root.

    The defaults are WordPress core's; a profile names other ones where its site differs.
    """

    feed: str = "/feed/"
    home_page: str = "/page/{n}/"
    category: str = "/category/{slug}/"
    tag: str = "/tag/{slug}/"
    year_archive: str = "/{year:04d}/"
    month_archive: str = "/{year:04d}/{month:02d}/"
    day_archive: str = "/{year:04d}/{month:02d}/{day:02d}/"
    rest_root: str = "/wp-json/"
    """The REST API's index: its namespaces (`wp/v2`) and the address the site believes it has."""
    rest_posts: str = "/wp-json/wp/v2/posts"
    sitemap_index: str = "/wp-sitemap.xml"
    """Core's index; with Yoast SEO it redirects to Yoast's (`/sitemap_index.xml`)."""
    posts_sitemap: str = "/wp-sitemap-posts-post-{n}.xml"
    seo_posts_sitemap: str = "/post-sitemap{n}.xml"
    """Yoast SEO's posts sitemaps: `post-sitemap.xml`, then `post-sitemap2.xml`, …"""
    robots: str = "/robots.txt"
    shortlink: str = "/?p={post_id}"

    @cached_property
    def day_archive_pattern(self) -> re.Pattern[str]:
        """A day archive's path, with the groups `year`, `month` and `day`."""
        pattern = re.escape(self.day_archive)
        for name, digits in (("year", 4), ("month", 2), ("day", 2)):
            pattern = pattern.replace(
                re.escape(f"{{{name}:0{digits}d}}"), f"(?P<{name}>\\d{{{digits}}})"
            )
        return re.compile(pattern)


@dataclass(frozen=True)
class ThemeMarkup:
    """CSS selectors of one version of the outlet's theme, used where metadata is silent.

    A redesign adds a version; pages saved before it keep parsing with the old one. An article
    page is read with the first version (newest first) whose `marker` it matches, a listing with
    the first whose `listing_card` it matches.
    """

    version: str
    """A name for the version, e.g. the year it went live."""
    marker: str
    """What only article pages of this version print (a selector group)."""
    article: str
    title: str
    body: tuple[str, ...]
    """The body container, most specific first."""
    lead_caption: str
    byline: str
    date: str
    listing_card: str
    listing_link: str
    body_noise: tuple[str, ...]
    """Markup the theme prints inside its body container that is never text (share buttons…);
    the profile's `content_noise` is dropped as well."""
    listing_next: str = "a.next.page-numbers"
    """The link to a listing's next page (core's `paginate_links()`); `<link rel=next>` first."""
    page_links: str = "a.post-page-numbers"
    """Links to the other pages of a post split with `<!--nextpage-->` (`wp_link_pages()`)."""
    protected: str = "form.post-password-form, .post-password-required"
    """What a password-protected post prints instead of its text."""
    modified: str = ""
    """`<time datetime>` of the last modification, when the theme prints one ("": none)."""
    uncaptioned_lead: str = ""
    """A lead photo printed without its caption: the post's REST route has the caption."""

    @cached_property
    def compiled(self) -> CompiledTheme:
        """The selectors compiled once, for every page read with this version."""
        grouped = ("body", "body_noise")
        single = [field.name for field in fields(CompiledTheme) if field.name not in grouped]
        return CompiledTheme(
            body=tuple(selector(text) for text in self.body),
            body_noise=selector(*self.body_noise),
            **{name: selector(getattr(self, name)) for name in single},
        )


@dataclass(frozen=True, eq=False)
class SiteProfile:
    """Identity, zone, language, URLs and markup of one WordPress outlet.

    A profile is one object per outlet: it compares and hashes by identity, cheaply (functions
    caching per profile take it as a key).
    """

    key: str
    """The registry name (`NEWSBOT_SITE`), also the `site` the archive stores rows under."""
    name: str
    """The outlet's name as it prints it (og:site_name): "АРБУЗ"."""
    host: str
    zone: ZoneInfo
    language: Language
    title_separators: tuple[str, ...]
    """What stands between a headline and the site name in `<title>`: " | ", " — "…"""
    themes: tuple[ThemeMarkup, ...]
    """Versions of the outlet's theme markup, newest first."""
    tracking_params: frozenset[str]
    """Query parameters that only track a visit and never name a different page."""
    tracking_prefixes: tuple[str, ...]
    rest_byline_meta_key: str
    """Where REST exposes a printed byline (registered post meta); the posting account is none."""
    content_noise: tuple[str, ...]
    """Markup inside a post's content (REST `content.rendered` and the page body alike) that is
    never text of the article: scripts, embeds, what plugins append."""
    paths: Paths = Paths()
    credits_lead_photos: bool = False
    """Whether the outlet credits its lead photos in their captions: a page showing one without
    its caption, whose REST route cannot say it, is then refused (else stored as printed)."""
    rest_page_size: int = 100
    """`per_page` of REST requests (WordPress allows at most 100)."""
    image_captions: str = (
        ".wp-caption .wp-caption-text, .wp-caption figcaption, .wp-block-image figcaption"
    )
    """Captions of images inside a post's content (`[caption]`, image blocks): never body text;
    the one of an image that opens the content is the lead photo's."""
    aliases: frozenset[str] = frozenset()
    """Other addresses (`host[:port]`) that serve the outlet under their own name, such as a copy
    of the site whose `home` is its own URL: links to them are the outlet's."""

    @property
    def base_url(self) -> str:
        return f"https://{self.host}"

    def served_from(self, netloc: str) -> SiteProfile:
        """This profile for a crawl of a copy at `netloc`: links naming that address are the
        outlet's too (the same object for the same address)."""
        netloc = netloc.lower()
        if netloc in (self.host, f"www.{self.host}") or netloc in self.aliases:
            return self
        return _aliased(self, netloc)

    @cached_property
    def compiled_image_captions(self) -> Matcher:
        return selector(self.image_captions)

    @cached_property
    def compiled_content_noise(self) -> Matcher:
        return selector(*self.content_noise)

    @cached_property
    def title_suffixes(self) -> tuple[str, ...]:
        """`<title>` endings that name the site, longest first."""
        suffixes = (f"{separator}{self.name}" for separator in self.title_separators)
        return tuple(sorted(suffixes, key=len, reverse=True))

    @cached_property
    def page_suffix(self) -> re.Pattern[str]:
        """A later page's number at the end of a title ("… — Страница 2")."""
        separators = "|".join(map(re.escape, self.title_separators))
        return re.compile(f"(?:{separators})(?:{self.language.page_number.pattern})$")


@cache
def _aliased(profile: SiteProfile, netloc: str) -> SiteProfile:
    return replace(profile, aliases=profile.aliases | {netloc})
