"""The seed document: `render` an `Article` to its text and `parse` the text back (DESIGN §1)."""

from __future__ import annotations

import re

from newsbot.items import Article
from newsbot.normalize import display_date, to_utc, utc_iso
from newsbot.normalize.article import prepare_article
from newsbot.sites import SiteProfile

LIST_ITEM_INDENT = " " * 8
LIST_END = " " * 6


class DocumentError(ValueError):
    """The text is not a well-formed seed document; the message says where and why."""


def printed_date(article: Article, profile: SiteProfile) -> str:
    """The local publication time the outlet prints under the body: `7 ноября 2019, 21:00`."""
    return display_date(article.published_at, profile.zone, profile.language.genitive_months)


def render(article: Article, profile: SiteProfile) -> str:
    """The seed document of `article`, byte for byte."""
    lines = [
        "",
        f"# {article.title} | {article.site_name}",
        "",
        f"Published at: **{utc_iso(article.published_at)}**",
        "",
        f"Author: **{article.author}**",
        "",
        f"Original: [{article.site_name}]({article.url})",
        "",
        "",
        *(LIST_ITEM_INDENT + name for name in article.categories),
        LIST_END,
        *([article.photo_credit] if article.photo_credit else []),
        *article.paragraphs,
        printed_date(article, profile),
        "",
        *(LIST_ITEM_INDENT + name for name in article.tags),
        LIST_END,
    ]
    return "".join(line + "\n" for line in lines)


_HEADER = re.compile(
    r"\A\n# (?P<title>.*) \| (?P<site>[^\n|]*)\n"
    r"\nPublished at: \*\*(?P<published>[^\n]*)\*\*\n"
    r"\nAuthor: \*\*(?P<author>[^\n]*)\*\*\n"
    r"\nOriginal: \[(?P<site2>[^\n\]]*)\]\((?P<url>[^\n\s]*)\)\n"
    r"\n\n"
)


def _take_list(lines: list[str], start: int, what: str) -> tuple[list[str], int]:
    """Read indented items from `start` up to the end marker; return them and the next index."""
    items: list[str] = []
    index = start
    while index < len(lines) and lines[index] != LIST_END:
        line = lines[index]
        if not line.startswith(LIST_ITEM_INDENT) or not line[len(LIST_ITEM_INDENT) :].strip():
            raise DocumentError(
                f"line {index + 1}: expected a {what} line or the end of the {what} block"
            )
        items.append(line[len(LIST_ITEM_INDENT) :])
        index += 1
    if index == len(lines):
        raise DocumentError(f"the {what} block has no end line (six spaces)")
    return items, index + 1


def parse(text: str, profile: SiteProfile) -> Article:
    """The `Article` a seed document describes; raises DocumentError when it is malformed."""
    if not text.endswith("\n"):
        raise DocumentError("the document does not end with a newline")
    header = _HEADER.match(text)
    if header is None:
        raise DocumentError("the header (title, Published at, Author, Original) is malformed")
    if header["site"] != header["site2"]:
        raise DocumentError("the site name differs between the title line and the Original line")
    if header["site"] != profile.name:
        raise DocumentError(f"the site is {header['site']!r}, not {profile.name!r}")
    header_lines = text[: header.end()].count("\n")
    lines = text[header.end() :].split("\n")[:-1]
    categories, index = _take_list(lines, 0, "category")
    if len(lines) - index < 4 or lines[-1] != LIST_END:
        raise DocumentError("the document does not end with the tag block")
    try:
        tags_start = len(lines) - 1 - lines[::-1].index("", 1)
    except ValueError:
        raise DocumentError("no blank line before the tag block") from None
    tags, end = _take_list(lines, tags_start + 1, "tag")
    if end != len(lines):
        raise DocumentError("text follows the end of the tag block")
    body = lines[index:tags_start]
    if not body:
        raise DocumentError("the display date line is missing")
    *content, printed = body
    if any(not line.strip() or line != line.strip() for line in content):
        raise DocumentError("the body has a blank line or a line with surrounding spaces")
    photo_credit = ""
    if content and profile.language.credit_line.match(content[0]):
        photo_credit, content = content[0], content[1:]
    published = header["published"]
    try:
        published_at = to_utc(published, profile.zone)
    except ValueError as error:
        raise DocumentError(f"line 4: Published at is not a timestamp: {error}") from None
    if utc_iso(published_at) != published:
        expected = utc_iso(published_at)
        raise DocumentError(f"line 4: Published at is not UTC with seconds (expected {expected})")
    article = prepare_article(
        profile,
        title=header["title"],
        published_at=published_at,
        author=header["author"],
        url=header["url"],
        categories=[(name, None) for name in categories],
        photo_credit=photo_credit,
        paragraphs=content,
        tags=[(name, None) for name in tags],
        source="import",
    )
    expected_date = printed_date(article, profile)
    if printed != expected_date:
        line_number = header_lines + index + len(body)
        raise DocumentError(
            f"line {line_number}: display date {printed!r} does not match Published at "
            f"(expected {expected_date!r})"
        )
    return article
