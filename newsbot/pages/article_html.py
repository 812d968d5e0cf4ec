"""An article page (HTML) → `Article`: metadata first, the theme's markup second."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import urljoin

from lxml.etree import XPath, _Element

from newsbot.items import Article
from newsbot.normalize import canonical_url, clean_text, parse_instant, shortlink_post_id
from newsbot.pages.blocks import body_lines, leading_caption, text_of
from newsbot.pages.errors import NotAnArticle, ProtectedPost, reads_input
from newsbot.pages.html_page import HtmlPage
from newsbot.pages.metadata import PageMetadata
from newsbot.prepare import Term, prepare_article
from newsbot.sites import SiteProfile

_TERM_SLUG = re.compile(r"/(?:category|tag)/(?:[^/?#]+/)*?([^/?#]+)/?(?:[?#]|$)")
_TERM_LINKS = XPath(
    ".//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
    " or contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
)
_ARTICLE = XPath("//article")
_FEATURED_IMAGE = XPath(
    ".//img[contains(concat(' ', normalize-space(@class), ' '), ' wp-post-image ')]"
)
"""The post thumbnail every WordPress theme prints with this class."""
_TITLE = XPath("//title/text()", smart_strings=False)
_LANGUAGE = XPath("/html/@lang", smart_strings=False)
_BODY_CLASS = XPath("//body/@class", smart_strings=False)
_POST_ID_CLASS = re.compile(r"\bpostid-(\d+)\b")
_TAXONOMY_CLASS = "taxonomy-"
"""Block themes wrap a post's terms in `taxonomy-<name>` (`taxonomy-category`, …post_tag)."""


def _first(found: Any) -> str | None:
    """The first string an XPath of text or attributes found, if any."""
    return str(found[0]) if found else None


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
    return clean_text(" ".join(text_of(element) for element in elements))


def headline(title: str, profile: SiteProfile) -> str:
    """A `<title>` (or `og:title`) without the site's name after it, whatever the separator, and
    without the page number a later page of a post or listing adds before the name."""
    title = clean_text(title)
    for suffix in profile.title_suffixes:
        if title.endswith(suffix) and len(title) > len(suffix):
            return clean_text(profile.page_suffix.sub("", clean_text(title[: -len(suffix)])))
    return title


def _taxonomy(link: _Element) -> str:
    """The taxonomy a term link belongs to: its block's `taxonomy-<name>` class, else its `rel`
    (`category tag`: a category, `tag`: a tag)."""
    for ancestor in link.iterancestors():
        for token in (ancestor.get("class") or "").split():
            if token.startswith(_TAXONOMY_CLASS):
                return token[len(_TAXONOMY_CLASS) :]
    return "category" if "category" in (link.get("rel") or "").split() else "post_tag"


@dataclass(frozen=True)
class _Body:
    """The body container's lines, and the caption of an image opening it."""

    lines: list[str]
    leading_caption: str
    page_urls: tuple[str, ...]
    """The post's other pages, as its page links name them."""


class ArticlePage(HtmlPage):
    """One saved article page."""

    @cached_property
    def meta(self) -> PageMetadata:
        return PageMetadata(self.root)

    def _theme_text(self, selector: XPath) -> str:
        return _text(self.select(selector))

    def title(self) -> str:
        for raw in (self.meta.meta("og:title"), _first(_TITLE(self.root))):
            title = clean_text(raw or "")
            if title:
                return headline(title, self.profile)
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
            for element in self.select(self.theme.compiled.date):
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
            for element in self.select(self.theme.compiled.modified):
                yield element.get("datetime")

        return self._instant(candidates())

    def canonical(self) -> str:
        for value in (self.meta.link("canonical"), self.meta.meta("og:url"), self.url):
            if value:
                return value
        raise NotAnArticle("no URL")

    @cached_property
    def _scope(self) -> _Element:
        """The article's own element (the theme's, else `<article>`), else the whole page."""
        found = self.select(self.theme.compiled.article) or _ARTICLE(self.root)
        scope: _Element = found[0] if found else self.root
        return scope

    @cached_property
    def _term_links(self) -> list[tuple[str, _Element]]:
        """(taxonomy, link) of the article's term links (`rel="tag"`, `rel="category tag"`), in
        page order; found once, on first use (`to_article` asks after `paragraphs` has dropped
        the body's noise, as every later reader does)."""
        links: list[_Element] = _TERM_LINKS(self._scope)
        return [(_taxonomy(link), link) for link in links]

    def _terms(self, taxonomy: str) -> list[Term]:
        """Term links of `taxonomy` (`category`, `post_tag`) in the article, in page order."""
        return [
            (text_of(link), _term_slug(link.get("href")))
            for kind, link in self._term_links
            if kind == taxonomy
        ]

    def term_urls(self) -> list[tuple[str, str]]:
        """(taxonomy, absolute URL) of each term link of the article, in page order."""
        return [
            (kind, urljoin(self.url, (link.get("href") or "").strip()))
            for kind, link in self._term_links
            if (link.get("href") or "").strip()
        ]

    def categories(self) -> list[Term]:
        found = self._terms("category")
        if found:
            return found
        names = _split_section(self.meta.ld_article().get("articleSection"))
        return [(name, None) for name in names or self.meta.meta_all("article:section")]

    def tags(self) -> list[Term]:
        found = self._terms("post_tag")
        if found:
            return found
        names = self.meta.meta_all("article:tag") or _split_section(
            self.meta.ld_article().get("keywords")
        )
        return [(name, None) for name in names]

    def photo_credit(self) -> str:
        """The lead photo's caption when it is a credit line: Yoast's, the theme's, or that of
        an image opening the body."""
        lead = self._theme_text(self.theme.compiled.lead_caption)
        body = self._body.leading_caption if self._body else ""
        for raw in (self.meta.ld_primary_image_caption(), lead, body):
            line = clean_text(raw or "")
            if self.profile.language.credit_line.match(line):
                return line
        return ""

    @cached_property
    def _body(self) -> _Body | None:
        """The first body container with text, read once (its noise is dropped from the page)."""
        compiled = self.theme.compiled
        pages = self._page_links()  # read before the page links go with the noise
        for selector in compiled.body:
            found = self.select(selector)
            if found:
                container = found[0]
                caption = leading_caption(container, self.profile.compiled_image_captions)
                self.drop(self.select(compiled.body_noise, within=container))
                self.drop(self.select(self.profile.compiled_content_noise, within=container))
                lines = body_lines(container)
                if lines:
                    return _Body(lines, caption, pages)
        return None

    def paragraphs(self) -> list[str]:
        if self._body is None:
            raise NotAnArticle("no article body")
        return self._body.lines

    def protected(self) -> bool:
        """Whether the post's text is behind a password (the page prints a form instead)."""
        return bool(self.select(self.theme.compiled.protected))

    @reads_input
    def page_urls(self) -> list[str]:
        """The outlet URLs of the post's other pages (`<!--nextpage-->`), in order: the ones
        its page links name, this page left out."""
        return list(self._body.page_urls) if self._body else []

    def _page_links(self) -> tuple[str, ...]:
        own = canonical_url(self.url, self.profile)
        found: list[str] = []
        for link in self.select(self.theme.compiled.page_links):
            href = (link.get("href") or "").strip()
            url = canonical_url(urljoin(self.url, href), self.profile) if href else own
            if url != own and url not in found:
                found.append(url)
        return tuple(found)

    @reads_input
    def missing_from_rest(self) -> str | None:
        """The post's REST route when its REST answer holds what this page does not print (the
        caption of a lead photo the theme shows without it); None otherwise."""
        if not self.select(self.theme.compiled.uncaptioned_lead) or self.photo_credit():
            return None
        return self.meta.link("alternate", "application/json")

    def author(self) -> str:
        return self._theme_text(self.theme.compiled.byline)

    def excerpt(self) -> str | None:
        """The summary the page publishes: `og:description`, else `<meta name=description>`."""
        return self.meta.meta("og:description") or self.meta.meta("description")

    def image_url(self) -> str | None:
        """The featured image: `og:image`, else the article's `wp-post-image` thumbnail."""
        found = self.meta.meta("og:image")
        if found:
            return urljoin(self.url, found)
        images: list[_Element] = _FEATURED_IMAGE(self._scope)
        for image in images:
            source = str(image.get("src") or "").strip()
            if source:
                return urljoin(self.url, source)
        return None

    def language(self) -> str | None:
        """The page's `<html lang>` (or `og:locale`, `ru_RU`)."""
        return _first(_LANGUAGE(self.root)) or self.meta.meta("og:locale")

    def post_id(self) -> int | None:
        body_class = _first(_BODY_CLASS(self.root)) or ""
        match = _POST_ID_CLASS.search(body_class)
        if match:
            return int(match.group(1))
        shortlink = self.meta.link("shortlink")
        return shortlink_post_id(shortlink, self.profile) if shortlink else None

    @reads_input
    def to_article(self) -> Article:
        """The page as an `Article`; raises NotAnArticle naming what is missing or malformed."""
        if not self.decoded:
            raise NotAnArticle("the page is not valid text in the charset it declares")
        site_name = self.meta.meta("og:site_name")
        if site_name and clean_text(site_name) != self.profile.name:
            raise NotAnArticle(f"og:site_name is {site_name!r}, not {self.profile.name!r}")
        if self.protected():
            raise ProtectedPost("the post is password-protected")
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
            excerpt=self.excerpt(),
            image_url=self.image_url(),
            language=self.language(),
        )
