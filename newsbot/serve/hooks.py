"""The Datasette hooks of `newsbot serve` (registered in-process, read their settings from the
`newsbot` plugin configuration the metadata carries)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import datasette as datasette_package

from newsbot.serve.cells import article_cell
from newsbot.serve.metadata import PLUGIN
from newsbot.serve.periods import MonthFacet, YearFacet, add_functions, period_filter

STYLESHEET = "newsbot.css"

F = TypeVar("F", bound=Callable[..., Any])
hookimpl: Callable[[F], F] = datasette_package.hookimpl
"""Datasette's (untyped) hook marker."""


def _zone(datasette: Any) -> ZoneInfo:
    config = datasette.plugin_config(PLUGIN) or {}
    return ZoneInfo(str(config.get("zone", "UTC")))


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    add_functions(conn, _zone(datasette))


@hookimpl
def register_facet_classes() -> list[type]:
    return [YearFacet, MonthFacet]


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    if table != "articles":
        return None
    return period_filter(request.args)


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    table_url = datasette.urls.table(database, table) if table else ""
    return article_cell(value, column, table, table_url)


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.static_plugins(__package__, STYLESHEET)]
