"""Coverage over time as charts: the `datasette-dashboards` configuration (Vega-Lite, whose
scripts the plugin ships, so nothing is fetched from the internet)."""

from __future__ import annotations

from typing import Any

from newsbot.crawlstats import VERDICT_COLOURS
from newsbot.serve.queries import (
    RUN_VERDICTS_PER_DAY,
    articles_per_day,
    coverage_per_month,
    sql_text,
)
from newsbot.sites import SiteProfile

VERDICT_SCALE = {"domain": list(VERDICT_COLOURS), "range": list(VERDICT_COLOURS.values())}

DAY_WINDOW = 92
"""The per-day chart shows the days up to the newest article's, this many before it: a few old
articles would otherwise squeeze the months that hold the archive into a sliver."""

COVERAGE_FIELDS = (
    "photo_credit_percent",
    "byline_percent",
    "categories_percent",
    "tags_percent",
    "excerpt_percent",
)


def _chart(database: str, title: str, query: str, display: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": title,
        "db": database,
        "query": query,
        "library": "vega-lite",
        "display": display,
    }


def dashboards(database: str, profile: SiteProfile) -> dict[str, Any]:
    """One dashboard, `coverage`: articles per day and per month, run verdicts per day, and the
    share of articles with each optional field per month."""
    site = sql_text(profile.key)
    recent_days = f"""with days as ({articles_per_day(site)})
select day, articles from days
where day >= date((select max(day) from days), '-{DAY_WINDOW} days') order by day"""
    per_month = f"""select newsbot_month(published_at) as month, count(*) as articles
from articles where site = {site} group by month order by month"""
    return {
        "coverage": {
            "title": f"{profile.name}: coverage over time",
            "description": "What the archive holds per day and month (site-local), how the "
            "runs went, and how often articles carry each optional field.",
            "layout": [["per_day", "per_day"], ["per_month", "verdicts"], ["fields", "fields"]],
            "charts": {
                "per_day": _chart(
                    database,
                    f"Articles per day, the {DAY_WINDOW} days up to the newest article",
                    recent_days,
                    {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "x": {
                                "field": "day",
                                "timeUnit": "yearmonthdate",
                                "type": "temporal",
                                "title": "day",
                            },
                            "y": {"field": "articles", "type": "quantitative"},
                        },
                    },
                ),
                "per_month": _chart(
                    database,
                    "Articles per month",
                    per_month,
                    {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "x": {"field": "month", "type": "ordinal", "title": "month"},
                            "y": {"field": "articles", "type": "quantitative"},
                        },
                    },
                ),
                "verdicts": _chart(
                    database,
                    "Run verdicts per day",
                    RUN_VERDICTS_PER_DAY,
                    {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "x": {"field": "day", "type": "ordinal", "title": "day"},
                            "y": {
                                "field": "runs",
                                "type": "quantitative",
                                "stack": True,
                                "axis": {"tickMinStep": 1, "format": "d"},
                            },
                            "color": {
                                "field": "verdict",
                                "type": "nominal",
                                "scale": VERDICT_SCALE,
                            },
                        },
                    },
                ),
                "fields": _chart(
                    database,
                    "Articles with each optional field, % per month",
                    coverage_per_month(site),
                    {
                        "transform": [
                            {"fold": list(COVERAGE_FIELDS), "as": ["column", "percent"]},
                            {"calculate": "replace(datum.column, '_percent', '')", "as": "field"},
                        ],
                        "mark": {"type": "line", "tooltip": True},
                        "encoding": {
                            "x": {"field": "month", "type": "ordinal"},
                            "y": {
                                "field": "percent",
                                "type": "quantitative",
                                "scale": {"domain": [0, 100]},
                            },
                            "color": {"field": "field", "type": "nominal"},
                        },
                    },
                ),
            },
        }
    }
