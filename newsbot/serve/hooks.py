"""The Datasette hooks of `newsbot serve` (registered in-process, read their settings from the
`newsbot` plugin configuration the metadata carries)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import datasette as datasette_package
from datasette.utils import escape_fts

from newsbot.serve.cells import ARTICLE_TABLES, article_cell, published_cell, query_cell
from newsbot.serve.metadata import PLUGIN
from newsbot.serve.periods import MonthFacet, YearFacet, add_functions, period_filter
from newsbot.serve.search import App, relevance_first
from newsbot.sites import DEFAULT_SITE, load_profile

STYLESHEET = "newsbot.css"

F = TypeVar("F", bound=Callable[..., Any])
hookimpl: Callable[[F], F] = datasette_package.hookimpl
"""Datasette's (untyped) hook marker."""


def _setting(datasette: Any, name: str, default: str) -> str:
    """One value of our plugin configuration (`site`, `zone`, `database`)."""
    return str((datasette.plugin_config(PLUGIN) or {}).get(name, default))


def fts_words(query: str | None) -> str:
    """Words as Datasette's search box reads them (each quoted); `""`, matching nothing, for
    none."""
    return str(escape_fts(query or "")) or '""'


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    add_functions(conn, ZoneInfo(_setting(datasette, "zone", "UTC")))
    conn.create_function("newsbot_fts", 1, fts_words, deterministic=True)


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[App], App]:
    database = _setting(datasette, "database", "")
    return lambda app: relevance_first(app, database)


@hookimpl
def register_facet_classes() -> list[type]:
    return [YearFacet, MonthFacet]


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    return period_filter(request.args) if table == "articles" else None


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    if column == "published_at" and table in (None, *ARTICLE_TABLES):
        return published_cell(value, load_profile(_setting(datasette, "site", DEFAULT_SITE)))
    if table is None:  # a canned query: its article columns read as the articles table's
        return query_cell(value, column, datasette.urls.table(database, "articles"))
    return article_cell(value, column, table, datasette.urls.table(database, table))


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.static_plugins(__package__, STYLESHEET)]
