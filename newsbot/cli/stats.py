"""`newsbot stats`: what the archive holds and how the last runs went."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from newsbot.cli.check import check_and_report
from newsbot.cli.options import Exit, count_range, db_option, fail, site_option
from newsbot.cli.plot import FORMATS, coverage, draw
from newsbot.crawl.dates import today
from newsbot.normalize import display_date, from_utc_iso, utc_iso
from newsbot.sites import SiteProfile
from pipelines.store import Archive

RUN_COLUMNS = (
    "run_id", "mode", "source", "started_at", "finished_at", "finish_reason", "requests",
    "new", "updated", "unchanged", "duplicate", "dropped", "errors", "verdict", "reasons",
    "sweep",
)  # fmt: skip
"""What `stats` shows of a run (the full crawl stats stay in the database)."""


def _publication_counts(archive: Archive) -> tuple[dict[str, int], dict[str, int]]:
    """Articles per year and per month of publication, in the outlet's zone."""
    years: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for minute, count in archive.publication_minutes():
        local = from_utc_iso(f"{minute}:00+00:00").astimezone(archive.profile.zone)
        years[f"{local:%Y}"] += count
        months[f"{local:%Y-%m}"] += count
    return dict(sorted(years.items())), dict(sorted(months.items()))


def _newest(archive: Archive, now: datetime) -> dict[str, Any] | None:
    published = archive.newest_published()
    profile = archive.profile
    if published is None:
        return None
    return {
        "published_at": utc_iso(published),
        "display_date": display_date(published, profile.zone, profile.language.genitive_months),
        "age_seconds": int((now - published).total_seconds()),
    }


FAILED_SHOWN = 5
"""How many failed article pages `stats` lists (the most recent failures first)."""


def _failed_articles(archive: Archive) -> dict[str, Any]:
    """Article pages that failed: how many are pending a retry or given up, and the latest."""
    failed = sorted(
        archive.failed_articles().values(), key=lambda f: f.last_failed_at, reverse=True
    )
    given_up = sum(1 for failure in failed if failure.given_up)
    return {
        "pending": len(failed) - given_up,
        "given_up": given_up,
        "first": [asdict(failure) for failure in failed[:FAILED_SHOWN]],
    }


DELETIONS_SHOWN = 5
"""How many of the latest deletions `stats` lists."""


def _deletions(archive: Archive) -> dict[str, Any]:
    """Articles marked gone (by status and reason), suspects, and the latest deletions."""
    tombstones = archive.tombstones
    return {
        **asdict(tombstones.counts()),
        "latest": [asdict(deletion) for deletion in tombstones.history(DELETIONS_SHOWN)],
    }


def overview(archive: Archive, top: int, runs: int, now: datetime) -> dict[str, Any]:
    """Everything `stats` reports, as JSON-ready values."""
    per_year, per_month = _publication_counts(archive)
    deletions = _deletions(archive)
    articles = archive.count()
    return {
        "database": str(archive.path),
        "articles": articles,
        "live": articles - deletions["deleted"] - deletions["unpublished"],
        "newest": _newest(archive, now),
        "per_year": per_year,
        "per_month": per_month,
        "categories": dict(archive.term_counts("categories")),
        "top_tags": dict(archive.term_counts("tags", top)),
        "runs": [{name: run.get(name) for name in RUN_COLUMNS} for run in archive.runs(runs)],
        "failed_articles": _failed_articles(archive),
        "deletions": deletions,
    }


def age_text(seconds: int) -> str:
    """`3 days 4 hours ago`, `12 minutes ago`, or `… from now` for a future instant."""
    left = abs(seconds)
    units = [("day", left // 86400), ("hour", left % 86400 // 3600), ("minute", left % 3600 // 60)]
    named = [f"{count} {unit}{'s' if count != 1 else ''}" for unit, count in units if count]
    return f"{' '.join(named[:2]) or 'under a minute'} {'ago' if seconds >= 0 else 'from now'}"


def _table(title: str, counts: dict[str, int]) -> list[str]:
    width = max((len(name) for name in counts), default=0)
    return [title, *(f"  {name:<{width}}  {count:>7,}" for name, count in counts.items()), ""]


def _shown(value: object) -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def _run_line(run: dict[str, Any]) -> str:
    counts = ", ".join(
        f"{run[name] or 0} {name}" for name in ("new", "updated", "unchanged", "dropped")
    )
    sweep = run.get("sweep")
    swept = (
        f"; sweep {sweep['requests']} requests, {sweep['suspects']} suspects, "
        f"{sweep['deleted']} deleted, {sweep['revived']} revived"
        if sweep
        else ""
    )
    return (
        f"  #{run['run_id']} {run['started_at']} {run['mode']}/{run['source']} "
        f"{_shown(run['finish_reason'])}: {counts}{swept}; verdict {_shown(run['verdict'])}, "
        f"reasons {_shown(run['reasons'])}"
    )


def render_overview(report: dict[str, Any]) -> str:
    """The report as text for people."""
    newest = report["newest"]
    deletions = report["deletions"]
    gone = deletions["deleted"] + deletions["unpublished"]
    lines = [
        f"Archive {report['database']}: {report['articles']:,} articles"
        + (
            f" ({report['live']:,} live, {deletions['deleted']:,} deleted, "
            f"{deletions['unpublished']:,} unpublished)"
            if gone
            else ""
        )
    ]
    if newest:
        lines.append(
            f"Newest article published {newest['display_date']} ({age_text(newest['age_seconds'])})"
        )
    lines.append("")
    lines += _table("Articles per year", report["per_year"])
    lines += _table("Articles per month", report["per_month"])
    lines += _table("Articles per category", report["categories"])
    lines += _table(f"Top {len(report['top_tags'])} tags", report["top_tags"])
    lines.append("Last runs" if report["runs"] else "No runs yet")
    lines += [_run_line(run) for run in report["runs"]]
    lines += _failed_lines(report["failed_articles"])
    lines += _deletion_lines(deletions)
    return "\n".join(lines)


def _deletion_lines(deletions: dict[str, Any]) -> list[str]:
    if not deletions["recorded"] and not deletions["suspects"]:
        return ["", "No deleted articles"]
    reasons = _reasons_beside_statuses(deletions)
    lines = [
        "",
        f"Deleted articles: {deletions['deleted']} deleted, {deletions['unpublished']} "
        f"unpublished{f' (by reason: {reasons})' if reasons else ''}; "
        f"{deletions['suspects']} suspected, not yet confirmed; "
        f"{deletions['recorded']} deletions recorded, "
        f"{deletions['revived']} revived",
    ]
    for entry in deletions["latest"]:
        revived = f", revived {entry['revived_at']}" if entry["revived_at"] else ""
        lines.append(
            f"  {entry['url']}: {entry['reason']} since {entry['first_missed_at']}"
            f" (confirmed {entry['detected_at']}: {entry['evidence']}){revived}"
        )
    return lines


def _reasons_beside_statuses(deletions: dict[str, Any]) -> str:
    """`8 page_gone, …` when the reasons say more than the statuses (HTML's), else ""."""
    reasons = {reason: count for reason, count in deletions["reasons"].items() if count}
    statuses = {status: deletions[status] for status in ("deleted", "unpublished")}
    if reasons == {status: count for status, count in statuses.items() if count}:
        return ""
    return ", ".join(f"{count} {reason}" for reason, count in reasons.items())


def _failed_lines(failed: dict[str, Any]) -> list[str]:
    if not failed["pending"] and not failed["given_up"]:
        return ["", "No failed article pages"]
    lines = [
        "",
        f"Failed article pages: {failed['pending']} pending a retry, {failed['given_up']} given up",
    ]
    for entry in failed["first"]:
        when = f"next try {entry['next_try_at']}" if entry["next_try_at"] else "given up"
        lines.append(f"  {entry['url']}: {entry['reason']} ({entry['attempts']} tries; {when})")
    return lines


@click.command("stats")
@click.option(
    "--top", type=count_range(1), default=10, help="How many of the most used tags to list."
)
@click.option("--runs", type=count_range(0), default=10, help="How many of the last runs to list.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object on stdout (with --check: its findings).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Only check the file (and draw --plot): SQLite's integrity check and the full-text "
    f"index's own check; exit {int(Exit.DATABASE)} with what to do when either finds a fault.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw articles per day and the runs' verdicts per day to FILE.png or FILE.svg "
    "(needs: pip install -e '.[all]').",
)
@click.option(
    "--plot-days",
    type=click.IntRange(min=1, max=3660),
    default=30,
    help="How many days the plot shows, up to today (site-local).",
)
@db_option
@site_option
def stats_command(
    top: int,
    runs: int,
    as_json: bool,
    check: bool,
    plot: Path | None,
    plot_days: int,
    db: Path,
    profile: SiteProfile,
) -> None:
    """Articles in total, per year, month (site-local) and category, top tags, the newest
    article's age, the last runs with their verdicts, the article pages that failed (pending a
    retry or given up), and the articles the site deleted or unpublished. Reads without
    blocking a crawl.

    \b
    Examples:
      newsbot stats
      newsbot stats --json | jq .per_year
      newsbot stats --plot report.png --plot-days 90
      newsbot stats --check
    """
    if plot is not None and plot.suffix.lower() not in FORMATS:
        fail(Exit.USAGE, f"--plot {plot}: name a .png or .svg file")
    if plot is not None and importlib.util.find_spec("matplotlib") is None:
        fail(Exit.USAGE, "--plot needs matplotlib: pip install -e '.[all]'")
    if check:
        check_and_report(db, as_json)
    if check and plot is None:
        return
    with Archive(db, profile, readonly=True) as archive:
        report = overview(archive, top, runs, datetime.now(UTC))
        if plot is not None:
            draw(coverage(archive, today(profile.zone), plot_days), profile, plot)
            click.echo(f"Plot of {plot_days} days written to {plot}", err=True)
    if check:
        return
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(render_overview(report))
