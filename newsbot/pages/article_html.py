"""An article page (HTML) → `Article`: metadata first, the theme's markup second."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cached_property
from typing import Any

from lxml.etree import XPath, _Element

from newsbot.items import Article
from newsbot.normalize import (
    absolute_url,
    canonical_url,
    clean_text,
    first_instant,
    linked_url,
    shortlink_post_id,
)
from newsbot.normalize.article import Term, prepare_article
from newsbot.pages.blocks import Body, body_lines, joined_text, leading_caption, text_of
from newsbot.pages.combine import missing_fields, refuse_incomplete, stand_in
from newsbot.pages.entry import (
    headline,
    linked_day,
    named_terms,
    split_section,
    term_links,
    term_slug,
)
from newsbot.pages.errors import NotAnArticle, ProtectedPost, reads_input
from newsbot.pages.html_page import HtmlPage
from newsbot.pages.metadata import PageMetadata
from newsbot.pages.post_scope import ARTICLES, IN_QUERY_LOOP, PostScope
from newsbot.sites.markup import Matcher

_FEATURED_IMAGE = XPath(
    ".//img[contains(concat(' ', normalize-space(@class), ' '), ' wp-post-image ')]"
    f"[not({IN_QUERY_LOOP})]/@src",
    smart_strings=False,
)
"""The sources of the post thumbnail every WordPress theme prints with this class."""
_TEXT_AFTER = XPath(
    "ancestor-or-self::*/following-sibling::*[normalize-space()]"
    "[self::p or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::ul or self::ol"
    " or self::blockquote or self::pre or self::table or self::figure[.//table or .//blockquote]]"
    "[not(@class) or contains(concat(' ', normalize-space(@class)), ' wp-block-')"
    " or contains(concat(' ', normalize-space(@class)), ' has-')]"
)
"""A block of the post's text (as the editor prints it: no class, or Gutenberg's) after the
body's container or one of its ancestors: end tags in the text closed them."""
_TITLE = XPath("//title/text()", smart_strings=False)
_LANGUAGE = XPath("/html/@lang", smart_strings=False)
_BODY_CLASS = XPath("//body/@class", smart_strings=False)
_POST_ID_CLASS = re.compile(r"\bpostid-(\d+)\b")


def _first(found: Any) -> str | None:
    """The first string an XPath of text or attributes found, if any."""
    return str(found[0]) if found else None


class ArticlePage(HtmlPage):
    """One saved article page."""

    def select(self, matcher: Matcher) -> list[_Element]:
        """What `matcher` finds of the post's own (see `post_scope`)."""
        foreign = self._scope_rules.of_other_post
        return [element for element in super().select(matcher) if not foreign(element)]

    @cached_property
    def _scope_rules(self) -> PostScope:
        return PostScope(self.root, self.text, self.post_id())

    @cached_property
    def meta(self) -> PageMetadata:
        return PageMetadata(self.root)

    def title(self) -> str:
        """The printed headline, else `og:title` (Yoast's: the raw title), else `<title>`."""
        printed = joined_text(self.select(self.theme.compiled.title)[:1])
        if printed:
            return printed
        for raw in (self.meta.meta("og:title"), _first(_TITLE(self.root))):
            title = clean_text(raw or "")
            if title:
                return headline(title, self.profile)
        return ""

    def _instant(self, names: tuple[str, ...], ld_key: str, printed: Matcher) -> datetime | None:
        """The first time the `<meta>` tags `names` or JSON-LD's `ld_key` give, else the first
        `<time datetime>` of the theme's `printed`."""
        found = [*map(self.meta.meta, names), self.meta.ld_article().get(ld_key)]
        return first_instant(found, self.profile.zone) or first_instant(
            (element.get("datetime") for element in self.select(printed)), self.profile.zone
        )

    def published_at(self) -> datetime | None:
        """The publication instant: metadata, else the theme's `<time datetime>`."""
        names = ("article:published_time",)
        return self._instant(names, "datePublished", self.theme.compiled.date)

    def published_day(self) -> date | None:
        """The day the post's printed date links to (its day archive), when it prints no time."""
        printed = self.select(self.theme.compiled.title)[:1]
        around = [node.getparent() for node in printed if node.getparent() is not None]
        return linked_day([self._scope, *around], self.profile)

    def modified_at(self) -> datetime | None:
        names = ("article:modified_time", "og:updated_time")
        return self._instant(names, "dateModified", self.theme.compiled.modified)

    def canonical(self) -> str:
        """The canonical link, else `og:url`, else the page's own URL; a claim that names no URL
        or the outlet's home page (a misconfigured SEO plugin) is passed over."""
        home = f"{self.profile.base_url}/"
        named = (self.meta.link("canonical"), self.meta.meta("og:url"))
        claims = [
            u for u in named if u and linked_url(u, self.url, self.profile) not in (None, home)
        ]
        own = self.url if linked_url(self.url, self.url, self.profile) else ""
        url = claims[0] if claims else own
        if not url:
            raise NotAnArticle("no URL")
        return url

    @cached_property
    def _scope(self) -> _Element:
        """The article's own element (the theme's, else `<article>`), else the whole page."""
        found = self.select(self.theme.compiled.article) or self.select(ARTICLES)
        return found[0] if found else self.root

    @cached_property
    def _term_links(self) -> list[tuple[str, _Element]]:
        """(taxonomy, link) of the article's term links (`rel="tag"`, `rel="category tag"`), in
        page order, none of them inside the body's noise (a related-posts block) or a query
        loop of other posts."""
        named = named_terms(self.root, self.post_id(), self._scope)
        noise = self._body.noise if self._body else frozenset()
        return [
            (kind, link)
            for kind, link in term_links(self.root, self._scope, named)
            if noise.isdisjoint(link.iterancestors()) and not self._scope_rules.of_other_post(link)
        ]

    def _terms(self, taxonomy: str) -> list[Term]:
        """Term links of `taxonomy` (`category`, `post_tag`) in the article, in page order."""
        return [
            (text_of(link), term_slug(link.get("href")))
            for kind, link in self._term_links
            if kind == taxonomy
        ]

    def term_urls(self) -> list[tuple[str, str]]:
        """(taxonomy, absolute URL) of each term link of the article, in page order."""
        hrefs = ((kind, (link.get("href") or "").strip()) for kind, link in self._term_links)
        urls = ((kind, absolute_url(href, self.url)) for kind, href in hrefs if href)
        return [(kind, url) for kind, url in urls if url]

    def categories(self) -> list[Term]:
        found = self._terms("category")
        if found:
            return found
        names = split_section(self.meta.ld_article().get("articleSection"))
        return [(name, None) for name in names or self.meta.meta_all("article:section")]

    def tags(self) -> list[Term]:
        found = self._terms("post_tag")
        if found:
            return found
        keywords = split_section(self.meta.ld_article().get("keywords"))
        return [(name, None) for name in self.meta.meta_all("article:tag") or keywords]

    def photo_credit(self) -> str:
        """The lead photo's caption when it is a credit line: Yoast's, the theme's, or that of
        an image opening the body."""
        lead = joined_text(self.select(self.theme.compiled.lead_caption))
        body = self._body.leading_caption if self._body else ""
        for raw in (self.meta.ld_primary_image_caption(), lead, body):
            line = clean_text(raw or "")
            if self.profile.language.credit_line.match(line):
                return line
        return ""

    @cached_property
    def _body(self) -> Body | None:
        """The first body container with text, read as if without its noise (the page itself is
        never changed, so no field depends on which is asked first)."""
        matchers = (self.theme.compiled.body_noise, self.profile.compiled_content_noise)
        for selector in self.theme.compiled.body:
            for container in self.select(selector)[:1]:
                noise = frozenset(node for matcher in matchers for node in matcher(container))
                lines = body_lines(container, noise)
                if lines:
                    caption = leading_caption(container, self.profile.compiled_image_captions)
                    cut_short = bool(_TEXT_AFTER(container))
                    return Body(lines, caption, self._page_links(), noise, cut_short)
        return None

    def paragraphs(self) -> list[str]:
        if self._body is None:
            raise NotAnArticle("no article body")
        if self._body.cut_short:
            raise NotAnArticle("the body ends early: an end tag in its text closes its container")
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
        hrefs = [link.get("href") or "" for link in self.select(self.theme.compiled.page_links)]
        urls = (linked_url(href, self.url, self.profile) for href in hrefs)
        return tuple(url for url in dict.fromkeys(urls) if url and url != own)

    @reads_input
    def missing_from_rest(self) -> str | None:
        """The post's REST route when its REST answer holds what this page does not print (the
        caption of a lead photo the theme shows without it); None otherwise."""
        return self.meta.link("alternate", "application/json") if self.lead_uncaptioned() else None

    def lead_uncaptioned(self) -> bool:
        """Whether the page shows a lead photo without its caption (and no credit elsewhere)."""
        return bool(self.select(self.theme.compiled.uncaptioned_lead)) and not self.photo_credit()

    def author(self) -> str:
        return joined_text(self.select(self.theme.compiled.byline))

    def excerpt(self) -> str | None:
        """The summary the page publishes: `og:description`, else `<meta name=description>`."""
        return self.meta.meta("og:description") or self.meta.meta("description")

    def image_url(self) -> str | None:
        """The featured image: `og:image`, else the article's `wp-post-image` thumbnail."""
        sources = (str(source).strip() for source in _FEATURED_IMAGE(self._scope))
        found = self.meta.meta("og:image") or next((source for source in sources if source), "")
        return absolute_url(found, self.url) if found else None

    def language(self) -> str | None:
        """The page's `<html lang>` (or `og:locale`, `ru_RU`)."""
        return _first(_LANGUAGE(self.root)) or self.meta.meta("og:locale")

    def post_id(self) -> int | None:
        return self._post_id

    @cached_property
    def _post_id(self) -> int | None:
        body_class = _first(_BODY_CLASS(self.root)) or ""
        if match := _POST_ID_CLASS.search(body_class):
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
        day = self.published_day() if published_at is None else None
        route = self.meta.link("alternate", "application/json")
        if published_at is None and route is None:
            raise NotAnArticle(missing_fields(None, False, day)[0])
        article = prepare_article(
            self.profile,
            title=title,
            published_at=published_at or stand_in(day, self.profile),
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
        refuse_incomplete(article, published_at is not None, day, route, self.profile)
        return article
