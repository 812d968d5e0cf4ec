"""Days, months and years in the outlet's zone inside Datasette: SQL functions, the `year` and
`month` facets of a timestamp column and the `_year` / `_month` filters their links set."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from newsbot.normalize import from_utc_iso

FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
"""Each period's SQL function (`newsbot_<period>`) formats a UTC ISO instant this way."""

FILTERED_COLUMN = "published_at"
"""What the `_year` and `_month` filters narrow."""


def local_period(zone: ZoneInfo, pattern: str) -> Callable[[str | None], str | None]:
    """A function of UTC ISO text → its local day, month or year; None for what is no instant."""

    @lru_cache(maxsize=4096)
    def period(instant: str | None) -> str | None:
        if not isinstance(instant, str):
            return None
        try:
            return from_utc_iso(instant).astimezone(zone).strftime(pattern)
        except ValueError:
            return None

    return period


def add_functions(connection: sqlite3.Connection, zone: ZoneInfo) -> None:
    """`newsbot_day`, `newsbot_month`, `newsbot_year` on `connection`."""
    for name, pattern in FORMATS.items():
        connection.create_function(
            f"newsbot_{name}", 1, local_period(zone, pattern), deterministic=True
        )


def period_filter(args: Any) -> FilterArguments:
    """`_year=2024` / `_month=2024-05`: articles published then (site-local)."""
    clauses, params, described = [], {}, []
    for period in ("year", "month"):
        value = args.get(f"_{period}")
        if value:
            clauses.append(f"newsbot_{period}({escape_sqlite(FILTERED_COLUMN)}) = :p_{period}")
            params[f"p_{period}"] = value
            described.append(f"published in {value} (site-local)")
    return FilterArguments(clauses, params=params, human_descriptions=described)


class PeriodFacet(Facet):  # type: ignore[misc]
    """Counts per site-local period (its `type`: month, year) of a timestamp column; each value
    links to its filter."""

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        argument = f"_{self.type}"
        selected_value = self.request.args.get(argument)
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            expression = f"newsbot_{self.type}({escape_sqlite(column)})"
            sql = (
                f"select {expression} as value, count(*) as count from ({self.sql}) "
                f"where value is not null group by value order by value desc limit {size + 1}"
            )
            try:
                found = await self.ds.execute(
                    self.database, sql, self.params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )  # fmt: skip
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in found.rows[:size]:
                selected = selected_value == row["value"]
                change = path_with_removed_args if selected else path_with_added_args
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(
                            self.request, change(self.request, {argument: row["value"]})
                        ),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source != "metadata",
                    "toggle_url": path_with_removed_args(
                        self.request, {f"_facet_{self.type}": column}
                    ),
                    "truncated": len(found.rows) > size,
                }
            )
        return results, timed_out


class MonthFacet(PeriodFacet):
    type = "month"


class YearFacet(PeriodFacet):
    type = "year"
