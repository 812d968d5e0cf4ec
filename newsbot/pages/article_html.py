"""An article page (HTML) → `Article`: metadata first, the theme's markup second."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from newsbot.items import Article
from newsbot.normalize import (
    canonical_url,
    clean_text,
    shortlink_post_id,
    slugify_ru,
    to_utc_iso,
)
from newsbot.pages.blocks import body_lines, drop_elements
from newsbot.pages.errors import NotAnArticle
from newsbot.pages.html_page import HtmlPage
from newsbot.pages.metadata import PageMetadata

_TERM_SLUG = re.compile(r"/(?:category|tag)/(?:[^/?#]+/)*?([^/?#]+)/?(?:[?#]|$)")
_CATEGORY_XPATH = ".//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
_TAG_XPATH = (
    ".//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
    " and not(contains(concat(' ', normalize-space(@rel), ' '), ' category '))]"
)


def _term_slug(href: str | None, name: str) -> str:
    match = _TERM_SLUG.search(href or "")
    return match.group(1) if match else slugify_ru(name)


def _split_section(value: Any) -> list[str]:
    if isinstance(value, list):
        return [clean_text(str(v)) for v in value if clean_text(str(v))]
    if isinstance(value, str):
        return [clean_text(v) for v in value.split(",") if clean_text(v)]
    return []


class ArticlePage(HtmlPage):
    """One saved article page."""

    @cached_property
    def meta(self) -> PageMetadata:
        return PageMetadata(self.page)

    def _theme_text(self, css: str) -> str:
        return clean_text(" ".join(self.page.css(css).xpath("string()").getall()))

    def title(self) -> str:
        suffix = self.profile.title_suffix
        for raw in (self.meta.meta("og:title"), self.page.xpath("//title/text()").get()):
            if raw and clean_text(raw):
                title = clean_text(raw)
                return clean_text(title[: -len(suffix)]) if title.endswith(suffix) else title
        return self._theme_text(self.profile.selectors.title)

    def published_at(self) -> str:
        ld = self.meta.ld_article()
        candidates = (
            self.meta.meta("article:published_time"),
            ld.get("datePublished"),
            self.page.css(self.profile.selectors.date).xpath("@datetime").get(),
        )
        for value in candidates:
            if isinstance(value, str) and value.strip():
                try:
                    return to_utc_iso(value)
                except ValueError:
                    continue
        raise NotAnArticle("no publication time (article:published_time, JSON-LD, <time>)")

    def modified_at(self) -> str | None:
        ld = self.meta.ld_article()
        for value in (
            self.meta.meta("article:modified_time"),
            self.meta.meta("og:updated_time"),
            ld.get("dateModified"),
        ):
            if isinstance(value, str) and value.strip():
                try:
                    return to_utc_iso(value)
                except ValueError:
                    continue
        return None

    def canonical(self) -> str:
        for value in (self.meta.link("canonical"), self.meta.meta("og:url"), self.url):
            if value:
                return canonical_url(value, self.profile)
        raise NotAnArticle("no URL")

    def _terms(self, xpath: str) -> tuple[list[str], list[str]]:
        names: list[str] = []
        slugs: list[str] = []
        scope = self.page.css(self.profile.selectors.article) or self.page.xpath("//article")
        for link in (scope[0] if scope else self.page).xpath(xpath):
            name = clean_text(link.xpath("string()").get() or "")
            if name and name not in names:
                names.append(name)
                slugs.append(_term_slug(link.attrib.get("href"), name))
        return names, slugs

    def categories(self) -> tuple[list[str], list[str]]:
        names, slugs = self._terms(_CATEGORY_XPATH)
        if names:
            return names, slugs
        names = _split_section(self.meta.ld_article().get("articleSection"))
        names = names or self.meta.meta_all("article:section")
        return names, [slugify_ru(n) for n in names]

    def tags(self) -> tuple[list[str], list[str]]:
        names, slugs = self._terms(_TAG_XPATH)
        if names:
            return names, slugs
        names = self.meta.meta_all("article:tag") or _split_section(
            self.meta.ld_article().get("keywords")
        )
        return names, [slugify_ru(n) for n in names]

    def photo_credit(self) -> str:
        selectors = self.profile.selectors
        for raw in (self.meta.ld_primary_image_caption(), self._theme_text(selectors.lead_caption)):
            line = clean_text(raw or "")
            if self.profile.credit_line.match(line):
                return line
        return ""

    def paragraphs(self) -> list[str]:
        selectors = self.profile.selectors
        for css in selectors.body:
            found = self.page.css(css)
            if found:
                container = found[0].root
                for noise in selectors.body_noise:
                    drop_elements(container.cssselect(noise))
                lines = body_lines(container)
                if lines:
                    return lines
        raise NotAnArticle("no article body")

    def author(self) -> str:
        return self._theme_text(self.profile.selectors.byline)

    def post_id(self) -> int | None:
        body_class = self.page.xpath("//body/@class").get() or ""
        match = self.profile.post_id_body_class.search(body_class)
        if match:
            return int(match.group(1))
        shortlink = self.meta.link("shortlink")
        return shortlink_post_id(shortlink, self.profile) if shortlink else None

    def to_article(self) -> Article:
        """The page as an `Article`; raises NotAnArticle naming what is missing."""
        if not self.decoded:
            raise NotAnArticle("the page is not valid text in the charset it declares")
        site_name = self.meta.meta("og:site_name")
        if site_name and clean_text(site_name) != self.profile.name:
            raise NotAnArticle(f"og:site_name is {site_name!r}, not {self.profile.name!r}")
        title = self.title()
        if not title:
            raise NotAnArticle("no title")
        published_at = self.published_at()
        paragraphs = self.paragraphs()
        categories, category_slugs = self.categories()
        tags, tag_slugs = self.tags()
        return Article(
            title=title,
            site_name=self.profile.name,
            published_at=published_at,
            author=self.author(),
            url=self.canonical(),
            categories=categories,
            photo_credit=self.photo_credit(),
            paragraphs=paragraphs,
            tags=tags,
            category_slugs=category_slugs,
            tag_slugs=tag_slugs,
            post_id=self.post_id(),
            modified_at=self.modified_at(),
            source="html",
        )
