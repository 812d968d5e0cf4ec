"""An article page (HTML) → `Article`: metadata first, the theme's markup second."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import cached_property
from typing import Any

from lxml.cssselect import CSSSelector
from lxml.etree import XPath, _Element

from newsbot.items import Article
from newsbot.normalize import clean_text, parse_instant, shortlink_post_id
from newsbot.pages.blocks import body_lines, drop_elements
from newsbot.pages.errors import NotAnArticle
from newsbot.pages.html_page import HtmlPage
from newsbot.pages.metadata import PageMetadata
from newsbot.prepare import Term, prepare_article

_TERM_SLUG = re.compile(r"/(?:category|tag)/(?:[^/?#]+/)*?([^/?#]+)/?(?:[?#]|$)")
_CATEGORY_LINKS = XPath(".//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]")
_TAG_LINKS = XPath(
    ".//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
    " and not(contains(concat(' ', normalize-space(@rel), ' '), ' category '))]"
)
_ARTICLE = XPath("//article")
_POST_ID_CLASS = re.compile(r"\bpostid-(\d+)\b")


def _term_slug(href: str | None) -> str | None:
    match = _TERM_SLUG.search(href or "")
    return match.group(1) if match else None


def _split_section(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        return value.split(",")
    return []


def _text(elements: list[_Element]) -> str:
    return clean_text(" ".join(element.text_content() for element in elements))


class ArticlePage(HtmlPage):
    """One saved article page."""

    @cached_property
    def meta(self) -> PageMetadata:
        return PageMetadata(self.page)

    def _theme_text(self, selector: CSSSelector) -> str:
        return _text(selector(self.root))

    def title(self) -> str:
        for raw in (self.meta.meta("og:title"), self.page.xpath("//title/text()").get()):
            title = clean_text(raw or "")
            if title:
                for suffix in self.profile.title_suffixes:
                    if title.endswith(suffix):
                        return clean_text(title[: -len(suffix)])
                return title
        return self._theme_text(self.theme.compiled.title)

    def _instant(self, candidates: Iterator[Any]) -> datetime | None:
        for value in candidates:
            if isinstance(value, str) and value.strip():
                try:
                    return parse_instant(value, self.profile.zone)
                except ValueError:
                    continue
        return None

    def published_at(self) -> datetime:
        def candidates() -> Iterator[Any]:
            yield self.meta.meta("article:published_time")
            yield self.meta.ld_article().get("datePublished")
            for element in self.theme.compiled.date(self.root):
                yield element.get("datetime")

        found = self._instant(candidates())
        if found is None:
            raise NotAnArticle("no publication time (article:published_time, JSON-LD, <time>)")
        return found

    def modified_at(self) -> datetime | None:
        def candidates() -> Iterator[Any]:
            yield self.meta.meta("article:modified_time")
            yield self.meta.meta("og:updated_time")
            yield self.meta.ld_article().get("dateModified")

        return self._instant(candidates())

    def canonical(self) -> str:
        for value in (self.meta.link("canonical"), self.meta.meta("og:url"), self.url):
            if value:
                return value
        raise NotAnArticle("no URL")

    def _terms(self, links: XPath) -> list[Term]:
        scope = self.theme.compiled.article(self.root) or _ARTICLE(self.root)
        found: list[_Element] = links(scope[0] if scope else self.root)
        return [(link.text_content(), _term_slug(link.get("href"))) for link in found]

    def categories(self) -> list[Term]:
        found = self._terms(_CATEGORY_LINKS)
        if found:
            return found
        names = _split_section(self.meta.ld_article().get("articleSection"))
        return [(name, None) for name in names or self.meta.meta_all("article:section")]

    def tags(self) -> list[Term]:
        found = self._terms(_TAG_LINKS)
        if found:
            return found
        names = self.meta.meta_all("article:tag") or _split_section(
            self.meta.ld_article().get("keywords")
        )
        return [(name, None) for name in names]

    def photo_credit(self) -> str:
        lead = self._theme_text(self.theme.compiled.lead_caption)
        for raw in (self.meta.ld_primary_image_caption(), lead):
            line = clean_text(raw or "")
            if self.profile.language.credit_line.match(line):
                return line
        return ""

    def paragraphs(self) -> list[str]:
        compiled = self.theme.compiled
        for selector in compiled.body:
            found = selector(self.root)
            if found:
                container = found[0]
                drop_elements(compiled.body_noise(container))
                drop_elements(self.profile.compiled_content_noise(container))
                lines = body_lines(container)
                if lines:
                    return lines
        raise NotAnArticle("no article body")

    def author(self) -> str:
        return self._theme_text(self.theme.compiled.byline)

    def post_id(self) -> int | None:
        body_class = self.page.xpath("//body/@class").get() or ""
        match = _POST_ID_CLASS.search(body_class)
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
        return prepare_article(
            self.profile,
            title=title,
            published_at=published_at,
            url=self.canonical(),
            paragraphs=self.paragraphs(),
            author=self.author(),
            categories=self.categories(),
            photo_credit=self.photo_credit(),
            tags=self.tags(),
            post_id=self.post_id(),
            modified_at=self.modified_at(),
            source="html",
        )
