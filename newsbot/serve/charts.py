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

ARTICLES_AXIS = {"field": "articles", "type": "quantitative"}
"""The y axis of the charts that count articles."""


def _bars(x: dict[str, Any], y: dict[str, Any], **more: Any) -> dict[str, Any]:
    """A bar chart with tooltips: `x` and `y` and any `more` encoding channels."""
    return {"mark": {"type": "bar", "tooltip": True}, "encoding": {"x": x, "y": y, **more}}


def dashboards(database: str, profile: SiteProfile) -> dict[str, Any]:
    """One dashboard, `coverage`: articles per day and per month, run verdicts per day, and the
    share of articles with each optional field per month."""
    site = sql_text(profile.key)
    recent_days = f"""with days as ({articles_per_day(site)})
select day, articles from days
where day >= date((select max(day) from days), '-{DAY_WINDOW} days') order by day"""
    per_month = f"""select newsbot_month(published_at) as month, count(*) as articles
from articles where site = {site} group by month order by month"""
    charts = {
        "per_day": (
            f"Articles per day, the {DAY_WINDOW} days up to the newest article",
            recent_days,
            _bars(
                {"field": "day", "timeUnit": "yearmonthdate", "type": "temporal", "title": "day"},
                ARTICLES_AXIS,
            ),
        ),
        "per_month": (
            "Articles per month",
            per_month,
            _bars({"field": "month", "type": "ordinal", "title": "month"}, ARTICLES_AXIS),
        ),
        "verdicts": (
            "Run verdicts per day",
            RUN_VERDICTS_PER_DAY,
            _bars(
                {"field": "day", "type": "ordinal", "title": "day"},
                {
                    "field": "runs",
                    "type": "quantitative",
                    "stack": True,
                    "axis": {"tickMinStep": 1, "format": "d"},
                },
                color={"field": "verdict", "type": "nominal", "scale": VERDICT_SCALE},
            ),
        ),
        "fields": (
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
    }
    return {
        "coverage": {
            "title": f"{profile.name}: coverage over time",
            "description": "What the archive holds per day and month (site-local), how the "
            "runs went, and how often articles carry each optional field.",
            "layout": [["per_day", "per_day"], ["per_month", "verdicts"], ["fields", "fields"]],
            "charts": {
                name: {
                    "title": title,
                    "db": database,
                    "query": query,
                    "library": "vega-lite",
                    "display": display,
                }
                for name, (title, query, display) in charts.items()
            },
        }
    }
