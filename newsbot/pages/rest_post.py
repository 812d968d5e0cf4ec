"""A WordPress REST post (requested with `_embed`) → `Article`."""

from __future__ import annotations

from codecs import BOM_UTF8
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import orjson

from newsbot.items import Article
from newsbot.normalize import decode_html_text, first_instant
from newsbot.normalize.article import Term, prepare_article
from newsbot.pages.blocks import body_lines, fragment_root, leading_caption
from newsbot.pages.errors import NotAnArticle, ProtectedPost, reads_input
from newsbot.sites import SiteProfile


def rest_posts(body: bytes | str) -> list[dict[str, Any]]:
    """The post objects of a REST response body (one post or a list of them; a UTF-8 byte order
    mark before it is skipped, as JSON readers of the web do)."""
    if isinstance(body, bytes):
        body = body.removeprefix(BOM_UTF8)  # a BOM in a theme's PHP file is a common fault
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise NotAnArticle(f"not JSON: {error}") from None
    posts = data if isinstance(data, list) else [data]
    if not all(isinstance(post, dict) for post in posts):
        raise NotAnArticle("not a REST post or a list of posts")
    return posts


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("rendered", "")
    return value if isinstance(value, str) else ""


def _ids(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class RestPost:
    """One post object of `/wp-json/wp/v2/posts?_embed=1`."""

    def __init__(self, profile: SiteProfile, post: dict[str, Any]) -> None:
        self.post = post
        self.profile = profile
        embedded = post.get("_embedded")
        self.embedded: dict[str, Any] = embedded if isinstance(embedded, dict) else {}

    def _instant(self, gmt_key: str, local_key: str) -> datetime | None:
        """The time under `gmt_key` (UTC), else under `local_key` (the site's zone)."""
        gmt = first_instant([self.post.get(gmt_key)], UTC)
        return gmt or first_instant([self.post.get(local_key)], self.profile.zone)

    def embedded_terms(self) -> list[dict[str, Any]]:
        """The term objects of `_embedded.wp:term`, taxonomy after taxonomy (none when absent
        or malformed)."""
        groups = self.embedded.get("wp:term")
        return [
            term
            for group in (groups if isinstance(groups, list) else [])
            for term in (group if isinstance(group, list) else [])
            if isinstance(term, dict)
        ]

    def unembedded(self) -> list[str]:
        """What the post names (`categories`, `tags`, `featured_media`) that `_embedded` lacks:
        WordPress embeds an error object in place of a relation it could not read."""
        embedded = [(term.get("taxonomy"), term.get("id")) for term in self.embedded_terms()]
        lacking = [
            f"{field} not embedded (wp:term)"
            for field, taxonomy in (("categories", "category"), ("tags", "post_tag"))
            if any((taxonomy, term_id) not in embedded for term_id in _ids(self.post.get(field)))
        ]
        if self.featured_lost():
            lacking.append("featured image not embedded (wp:featuredmedia)")
        return lacking

    def featured_lost(self) -> bool:
        """Whether the post names a featured image that `_embedded` does not hold."""
        featured = self.post.get("featured_media")
        return bool(featured) and self._featured().get("id") != featured

    def _terms(self, taxonomy: str) -> list[Term]:
        """The terms of `taxonomy`; one without a name (null, a number) is none."""
        return [
            (decode_html_text(term["name"]), str(term.get("slug") or "") or None)
            for term in self.embedded_terms()
            if term.get("taxonomy") == taxonomy and isinstance(term.get("name"), str)
        ]

    def _featured(self) -> dict[str, Any]:
        media = self.embedded.get("wp:featuredmedia", [])
        lead = media[0] if isinstance(media, list) and media else {}
        return lead if isinstance(lead, dict) else {}

    def image_url(self) -> str | None:
        """The featured image's `source_url` (`_embed`)."""
        source = self._featured().get("source_url")
        return source if isinstance(source, str) and source.strip() else None

    def excerpt(self) -> str | None:
        """`excerpt.rendered` as text (WordPress's own summary; none of a protected post)."""
        excerpt = self.post.get("excerpt")
        if isinstance(excerpt, dict) and excerpt.get("protected"):
            return None
        return decode_html_text(_rendered(excerpt)) or None

    def photo_credit(self) -> str:
        """The featured image's caption, else that of an image opening the content, when it is
        a credit line."""
        featured = decode_html_text(_rendered(self._featured().get("caption")))
        for caption in (featured, self._content[1]):
            if self.profile.language.credit_line.match(caption):
                return caption
        return ""

    def protected(self) -> bool:
        content = self.post.get("content")
        return isinstance(content, dict) and bool(content.get("protected"))

    @cached_property
    def _content(self) -> tuple[list[str], str]:
        """The content's lines, and the caption of an image opening it."""
        root = fragment_root(_rendered(self.post.get("content")))
        caption = leading_caption(root, self.profile.compiled_image_captions)
        noise = frozenset(self.profile.compiled_content_noise(root))
        return body_lines(root, noise), caption

    def modified_at(self) -> datetime | None:
        return self._instant("modified_gmt", "modified")

    def author(self) -> str:
        meta = self.post.get("meta")
        byline = meta.get(self.profile.rest_byline_meta_key) if isinstance(meta, dict) else None
        return decode_html_text(byline) if isinstance(byline, str) else ""

    @reads_input
    def to_article(self) -> Article:
        """The post as an `Article`; raises NotAnArticle naming what is missing or malformed."""
        if (
            self.post.get("type", "post") != "post"
            or self.post.get("status", "publish") != "publish"
        ):
            raise NotAnArticle("not a published post")
        if self.protected():
            raise ProtectedPost("the post is password-protected")
        title = decode_html_text(_rendered(self.post.get("title")))
        if not title:
            raise NotAnArticle("no title")
        published_at = self._instant("date_gmt", "date")
        if published_at is None:
            raise NotAnArticle("no publication time (date_gmt, date)")
        paragraphs = self._content[0]
        if not paragraphs:
            raise NotAnArticle("no article body")
        link = self.post.get("link")
        if not isinstance(link, str) or not link:
            raise NotAnArticle("no link")
        if not isinstance(self.embedded.get("wp:term"), list):
            raise NotAnArticle("no embedded terms: request the post with _embed")
        if lacking := self.unembedded():
            raise NotAnArticle("; ".join(lacking))
        return prepare_article(
            self.profile,
            title=title,
            published_at=published_at,
            url=link,
            paragraphs=paragraphs,
            author=self.author(),
            categories=self._terms("category"),
            photo_credit=self.photo_credit(),
            tags=self._terms("post_tag"),
            post_id=self.post["id"] if type(self.post.get("id")) is int else None,
            modified_at=self.modified_at(),
            source="rest",
            excerpt=self.excerpt(),
            image_url=self.image_url(),
        )
