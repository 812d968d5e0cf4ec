"""How article cells read in Datasette: the body as paragraphs (a short preview on table pages),
the paragraphs' JSON summarised, categories and tags as links that filter by them."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from newsbot.normalize.dates import display_date, from_utc_iso
from newsbot.sites import SiteProfile

ARTICLE_TABLES = frozenset({"articles", "article_versions"})
TERM_COLUMNS = frozenset({"categories", "tags"})
PREVIEW_CHARACTERS = 240


def _json_list(value: object) -> list[str] | None:
    if not isinstance(value, str) or not value.startswith("["):
        return None
    try:
        found = json.loads(value)
    except ValueError:
        return None
    return [str(item) for item in found] if isinstance(found, list) else None


def body_cell(text: str) -> Markup:
    """Both views of a body: a preview (shown on table pages) and every paragraph (shown on an
    article's own page); the stylesheet picks one."""
    preview = text.replace("\n", " ")
    if len(preview) > PREVIEW_CHARACTERS:
        preview = preview[:PREVIEW_CHARACTERS].rsplit(" ", 1)[0] + " …"
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())
    return Markup(
        f'<div class="newsbot-preview">{escape(preview)}</div>'
        f'<div class="newsbot-body">{paragraphs}</div>'
    )


def paragraphs_cell(lines: list[str]) -> Markup:
    count = len(lines)
    return Markup(
        f'<span class="newsbot-note">{count} paragraph{"" if count == 1 else "s"} '
        "(JSON; the body column shows them as text)</span>"
    )


def terms_cell(names: list[str], column: str, table_url: str) -> Markup:
    """Each term a link to the table filtered by it."""
    links = (
        f'<a class="newsbot-term" href="{escape(table_url)}?'
        f'{escape(urlencode({f"{column}__arraycontains": name}))}">{escape(name)}</a>'
        for name in names
    )
    return Markup(" ".join(links)) if names else Markup('<span class="newsbot-note">none</span>')


def article_cell(value: Any, column: str, table: str | None, table_url: str) -> Markup | None:
    """The HTML of an article cell, or None to let Datasette render it."""
    if table not in ARTICLE_TABLES:
        return None
    if column == "body" and isinstance(value, str):
        return body_cell(value)
    lines = _json_list(value)
    if lines is None:
        return None
    if column == "paragraphs":
        return paragraphs_cell(lines)
    if column in TERM_COLUMNS:
        return terms_cell(lines, column, table_url)
    return None


def query_cell(value: Any, column: str, articles_url: str) -> Markup | None:
    """A canned query's cell: an article's number links to its page, its terms filter."""
    if column == "article_id" and isinstance(value, int):
        return Markup(f'<a href="{escape(articles_url)}/{value}">{value}</a>')
    lines = _json_list(value) if column in TERM_COLUMNS else None
    return None if lines is None else terms_cell(lines, column, articles_url)


def published_cell(value: Any, profile: SiteProfile) -> Markup | None:
    """A publication instant as the outlet prints it (its zone), the stored UTC one on hover."""
    if not isinstance(value, str):
        return None
    try:
        moment = from_utc_iso(value)
    except ValueError:
        return None
    shown = display_date(moment, profile.zone, profile.language.genitive_months)
    return Markup(
        f'<time datetime="{escape(value)}" title="{escape(value)}">{escape(shown)}</time>'
    )
