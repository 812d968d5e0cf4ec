"""A WordPress REST post (requested with `_embed`) → `Article`."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from newsbot.items import Article
from newsbot.normalize import canonical_url, decode_html_text, slugify_ru, to_utc_iso
from newsbot.pages.blocks import body_lines, drop_elements, fragment_root
from newsbot.pages.errors import NotAnArticle
from newsbot.site import ARBUZ, SiteProfile


def rest_posts(body: bytes | str) -> list[dict[str, Any]]:
    """The post objects of a REST response body (one post or a list of them)."""
    try:
        data = json.loads(body)
    except ValueError as error:
        raise NotAnArticle(f"not JSON: {error}") from None
    posts = data if isinstance(data, list) else [data]
    if not all(isinstance(post, dict) for post in posts):
        raise NotAnArticle("not a REST post or a list of posts")
    return posts


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("rendered", "")
    return value if isinstance(value, str) else ""


class RestPost:
    """One post object of `/wp-json/wp/v2/posts?_embed=1`."""

    def __init__(self, post: dict[str, Any], profile: SiteProfile = ARBUZ) -> None:
        self.post = post
        self.profile = profile
        embedded = post.get("_embedded")
        self.embedded: dict[str, Any] = embedded if isinstance(embedded, dict) else {}

    def _instant(self, gmt_key: str, local_key: str) -> str | None:
        for key, zone in ((gmt_key, UTC), (local_key, self.profile.zone)):
            value = self.post.get(key)
            if isinstance(value, str) and value.strip():
                try:
                    return to_utc_iso(value, zone)
                except ValueError:
                    continue
        return None

    def _terms(self, taxonomy: str) -> tuple[list[str], list[str]]:
        names: list[str] = []
        slugs: list[str] = []
        for group in self.embedded.get("wp:term", []):
            for term in group if isinstance(group, list) else []:
                if isinstance(term, dict) and term.get("taxonomy") == taxonomy:
                    name = decode_html_text(str(term.get("name", "")))
                    if name and name not in names:
                        names.append(name)
                        slugs.append(str(term.get("slug") or slugify_ru(name)))
        return names, slugs

    def photo_credit(self) -> str:
        media = self.embedded.get("wp:featuredmedia", [])
        lead = media[0] if isinstance(media, list) and media else {}
        caption = decode_html_text(_rendered(lead.get("caption"))) if isinstance(lead, dict) else ""
        return caption if self.profile.credit_line.match(caption) else ""

    def paragraphs(self) -> list[str]:
        content = self.post.get("content")
        if isinstance(content, dict) and content.get("protected"):
            raise NotAnArticle("the post is password-protected")
        root = fragment_root(_rendered(content))
        for noise in self.profile.selectors.body_noise:
            drop_elements(root.cssselect(noise))
        return body_lines(root)

    def author(self) -> str:
        meta = self.post.get("meta")
        byline = meta.get(self.profile.rest_byline_meta_key) if isinstance(meta, dict) else None
        return decode_html_text(byline) if isinstance(byline, str) else ""

    def to_article(self) -> Article:
        """The post as an `Article`; raises NotAnArticle naming what is missing."""
        if (
            self.post.get("type", "post") != "post"
            or self.post.get("status", "publish") != "publish"
        ):
            raise NotAnArticle("not a published post")
        title = decode_html_text(_rendered(self.post.get("title")))
        if not title:
            raise NotAnArticle("no title")
        published_at = self._instant("date_gmt", "date")
        if published_at is None:
            raise NotAnArticle("no publication time (date_gmt, date)")
        paragraphs = self.paragraphs()
        if not paragraphs:
            raise NotAnArticle("no article body")
        link = self.post.get("link")
        if not isinstance(link, str) or not link:
            raise NotAnArticle("no link")
        if "wp:term" not in self.embedded:
            raise NotAnArticle("no embedded terms: request the post with _embed")
        categories, category_slugs = self._terms("category")
        tags, tag_slugs = self._terms("post_tag")
        post_id = self.post.get("id")
        return Article(
            title=title,
            site_name=self.profile.name,
            published_at=published_at,
            author=self.author(),
            url=canonical_url(link, self.profile),
            categories=categories,
            photo_credit=self.photo_credit(),
            paragraphs=paragraphs,
            tags=tags,
            category_slugs=category_slugs,
            tag_slugs=tag_slugs,
            post_id=post_id if isinstance(post_id, int) else None,
            modified_at=self._instant("modified_gmt", "modified"),
            source="rest",
        )
