"""`newsbot stats --plot`: articles per day and the runs' verdicts per day as one PNG or SVG
(matplotlib, the `plot` extra), for a scheduled job's report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from newsbot.crawl.dates import days
from newsbot.crawlstats import VERDICT_COLOURS
from newsbot.normalize import from_utc_iso
from newsbot.sites import SiteProfile
from pipelines.store import Archive

FORMATS = (".png", ".svg")
RUNS_READ = 1_000_000
"""Runs read for the window: all of them, in practice (one every 10 minutes is 52,560 a year)."""


@dataclass
class Coverage:
    """What the plot shows: for each day of the window, articles published and runs by verdict."""

    days: list[date]
    articles: Counter[date] = field(default_factory=Counter)
    runs: dict[str, Counter[date]] = field(default_factory=dict)


def coverage(archive: Archive, last_day: date, window: int) -> Coverage:
    """Site-local days `last_day - window + 1` … `last_day`."""
    zone = archive.profile.zone
    first_day = last_day - timedelta(days=window - 1)
    found = Coverage(list(days(first_day, last_day)))
    for minute, count in archive.publication_minutes():
        day = from_utc_iso(f"{minute}:00+00:00").astimezone(zone).date()
        if first_day <= day <= last_day:
            found.articles[day] += count
    for run in archive.runs(RUNS_READ):
        day = from_utc_iso(run["started_at"]).astimezone(zone).date()
        if first_day <= day <= last_day:
            verdict = run["verdict"] if run["verdict"] in VERDICT_COLOURS else "none"
            found.runs.setdefault(verdict, Counter())[day] += 1
    return found


def draw(shown: Coverage, profile: SiteProfile, out: Path) -> None:
    """Write the two panels to `out` (its suffix picks PNG or SVG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    figure, (top, bottom) = plt.subplots(2, 1, figsize=(11, 6), sharex=True, height_ratios=[3, 2])
    try:
        articles = [shown.articles[day] for day in shown.days]
        bars = top.bar(shown.days, articles, width=0.8, color="#4c78a8")
        for day, bar in zip(shown.days, bars, strict=True):
            bar.set_gid(f"articles-{day.isoformat()}")  # each bar's id in an SVG
        top.set_ylabel("articles")
        top.set_title(
            f"{profile.name}: articles per day and run verdicts, "
            f"{shown.days[0]:%Y-%m-%d} to {shown.days[-1]:%Y-%m-%d} (site-local)"
        )
        heights = [0] * len(shown.days)
        for verdict, colour in VERDICT_COLOURS.items():
            counts = shown.runs.get(verdict, Counter())
            values = [counts[day] for day in shown.days]
            bars = bottom.bar(
                shown.days, values, width=0.8, bottom=heights, color=colour, label=verdict
            )
            for day, bar, value in zip(shown.days, bars, values, strict=True):
                bar.set_gid(f"runs-{verdict}-{day.isoformat()}" if value else None)
            heights = [height + value for height, value in zip(heights, values, strict=True)]
        bottom.set_ylabel("runs")
        bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
        bottom.legend(loc="upper left", ncols=len(VERDICT_COLOURS), fontsize="small", frameon=False)
        figure.autofmt_xdate()
        figure.tight_layout()
        metadata = {"Date": None} if out.suffix.lower() == ".svg" else {}
        figure.savefig(out, metadata=metadata)
    finally:
        plt.close(figure)
