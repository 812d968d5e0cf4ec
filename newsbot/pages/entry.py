"""What a post's entry prints around its text, wherever the theme puts it: its headline, its term
links (inside the post's element, else anywhere on the page when the post's own classes name
them) and the day its date links to."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import unquote

from lxml.etree import XPath, _Element

from newsbot.normalize import clean_text, url_path
from newsbot.sites import SiteProfile

_TERM_SLUG = re.compile(r"/(?:category|tag)/(?:[^/?#]+/)*?([^/?#]+)/?(?:[?#]|$)")
_TERM_LINKS = XPath(
    ".//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
    " or contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
)
_LINKS = XPath(".//a[@href]")
_POST_ELEMENT = XPath(
    "//*[contains(@class, concat('post-', $id))]"  # a quick test first, then the exact one
    "[contains(concat(' ', normalize-space(@class), ' '), concat(' post-', $id, ' '))]"
)
_TAXONOMY_CLASS = "taxonomy-"
"""Block themes wrap a post's terms in `taxonomy-<name>` (`taxonomy-category`, …post_tag)."""
_TERM_CLASSES = (("category-", "category"), ("tag-", "post_tag"))
"""`post_class()` names each term of a post: `category-<slug>`, `tag-<slug>`."""
_OCTET = re.compile(r"%[0-9a-fA-F]{2}")
_NOT_IN_CLASS = re.compile(r"[^A-Za-z0-9_-]")


def headline(title: str, profile: SiteProfile) -> str:
    """A `<title>` (or `og:title`) without the site's name after it, whatever the separator, and
    without the page number a later page of a post or listing adds before the name."""
    title = clean_text(title)
    for suffix in profile.title_suffixes:
        if title.endswith(suffix) and len(title) > len(suffix):
            return clean_text(profile.page_suffix.sub("", clean_text(title[: -len(suffix)])))
    return title


def split_section(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        return value.split(",")
    return []


def term_slug(href: str | None) -> str | None:
    match = _TERM_SLUG.search(href or "")
    return match.group(1) if match else None


def _class_name(href: str | None) -> str:
    """The last path segment of a term link as `post_class()` prints a slug (WordPress's
    `sanitize_html_class`: percent-encoded octets and other characters left out); a slug left
    empty or a number is printed as the term's id instead."""
    segment = url_path(href or "").rstrip("/").rsplit("/", 1)[-1]
    return _NOT_IN_CLASS.sub("", _OCTET.sub("", segment))


def taxonomy(link: _Element) -> str:
    """The taxonomy a term link belongs to: its block's `taxonomy-<name>` class, else its `rel`
    (`category tag`: a category, `tag`: a tag)."""
    for ancestor in link.iterancestors():
        for token in (ancestor.get("class") or "").split():
            if token.startswith(_TAXONOMY_CLASS):
                return token[len(_TAXONOMY_CLASS) :]
    return "category" if "category" in (link.get("rel") or "").split() else "post_tag"


def named_terms(root: _Element, post_id: int | None, scope: _Element) -> dict[str, set[str]]:
    """The term slugs (as classes print them) the post's own element names: `scope` or else
    the page's first element with `post-<id>` among its classes, else `scope`."""
    element = scope
    if post_id and f"post-{post_id}" not in (scope.get("class") or "").split():
        found: list[_Element] = _POST_ELEMENT(root, id=str(post_id))
        element = found[0] if found else scope
    named: dict[str, set[str]] = {}
    for token in (element.get("class") or "").split():
        for prefix, kind in _TERM_CLASSES:
            if token.startswith(prefix) and len(token) > len(prefix):
                named.setdefault(kind, set()).add(token[len(prefix) :])
    return named


def term_links(
    root: _Element, scope: _Element, named: dict[str, set[str]]
) -> list[tuple[str, _Element]]:
    """(taxonomy, link) of the post's term links in page order: those in `scope`; for a taxonomy
    it has none of, the page's links to the terms `named` (an entry header above `<article>`)."""
    inside = [(taxonomy(link), link) for link in _TERM_LINKS(scope)]
    found = list(inside)
    for kind, slugs in named.items():
        if any(each == kind for each, _ in inside):
            continue
        seen: set[str] = set()
        by_id = sum(slug.isdigit() for slug in slugs)
        for link in _TERM_LINKS(root):
            name = _class_name(link.get("href"))
            if taxonomy(link) != kind or name in seen:
                continue
            unnamed = not name.strip("-") or name.isdigit()
            if name in slugs or (unnamed and by_id > 0):
                by_id -= unnamed
                seen.add(name or link.get("href") or "")
                found.append((kind, link))
    return found


def linked_day(elements: list[_Element], profile: SiteProfile) -> date | None:
    """The day of the first link in `elements` to a day archive (`/2019/11/07/`): where a post's
    printed date points when the theme prints no time."""
    pattern = profile.paths.day_archive_pattern
    for element in elements:
        for link in _LINKS(element):
            match = pattern.fullmatch(unquote(url_path(link.get("href") or "")))
            if match:
                try:
                    return date(int(match["year"]), int(match["month"]), int(match["day"]))
                except ValueError:
                    continue
    return None
