"""`newsbot stats --plot`: articles per day and run verdicts per day, as PNG or SVG, over the
last --plot-days (site-local) up to today."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsbot.crawl.dates import today
from newsbot.normalize import utc_iso
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import newsbot
from tests.store_samples import sample_article

NOW = datetime.now(UTC).replace(microsecond=0)
PUBLISHED = {1: 0, 2: 0, 3: 1, 4: 3, 5: 40}
"""Article number → days before now it was published (the last falls outside 30 days)."""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plot") / "arbuz.db"
    with Archive(path, ARBUZ) as archive:
        for n, back in PUBLISHED.items():
            when = utc_iso(NOW - timedelta(days=back, hours=1))
            archive.save(sample_article(n, published_at=when))
        for verdict in ("ok", "ok", "degraded", None):
            run = archive.start_run("incremental", "rest")
            archive.finish_run(run, verdict=verdict, finish_reason="finished")
    return path


def _bar_heights(path: Path, prefix: str) -> dict[str, float]:
    """The drawn height of each bar whose id starts with `prefix` (its path's y extent)."""
    heights = {}
    for element in ET.parse(path).iter():
        if element.get("id", "").startswith(prefix):
            d = next(iter(element)).get("d", "")
            ys = [float(y) for y in re.findall(r"[ML]\s*[-\d.]+\s+([-\d.]+)", d)]
            heights[element.get("id", "")] = max(ys) - min(ys)
    return heights


def _svg_ids(path: Path) -> list[str]:
    return [element.get("id", "") for element in ET.parse(path).iter() if element.get("id")]


def test_an_svg_has_a_bar_for_each_day_and_one_per_verdict_of_each_day(
    db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.svg"
    result = newsbot("stats", "--db", str(db), "--plot", str(out))
    assert result.returncode == 0, result.stderr
    assert "Archive" in result.stdout and f"written to {out}" in result.stderr
    ids = _svg_ids(out)
    days = [name for name in ids if name.startswith("articles-")]
    assert len(days) == 30
    assert days[-1] == f"articles-{today(ARBUZ.zone).isoformat()}"
    heights = _bar_heights(out, "articles-")
    expected: dict[str, int] = {}
    for back in PUBLISHED.values():
        day = (NOW - timedelta(days=back, hours=1)).astimezone(ARBUZ.zone).date()
        expected[f"articles-{day.isoformat()}"] = expected.get(f"articles-{day.isoformat()}", 0) + 1
    shown = {name: count for name, count in expected.items() if name in heights}
    assert {name for name, height in heights.items() if height > 0} == set(shown)
    unit = min(heights[name] / count for name, count in shown.items())
    assert {name: round(heights[name] / unit) for name in shown} == shown
    runs = sorted(name for name in ids if name.startswith("runs-"))
    assert [name.rsplit("-", 3)[0] for name in runs] == ["runs-degraded", "runs-none", "runs-ok"]


def test_a_png_is_a_png_and_the_window_is_chosen(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.png"
    result = newsbot("stats", "--db", str(db), "--plot", str(out), "--plot-days", "60")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "wide.svg"
    assert (
        newsbot("stats", "--db", str(db), "--plot", str(svg), "--plot-days", "60").returncode == 0
    )
    assert len([i for i in _svg_ids(svg) if i.startswith("articles-")]) == 60


def test_check_and_plot_together_check_the_file_and_draw_the_plot(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.svg"
    result = newsbot("stats", "--db", str(db), "--check", "--plot", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"The archive {db} is sound")
    assert "Articles per year" not in result.stdout
    assert f"written to {out}" in result.stderr
    assert len([i for i in _svg_ids(out) if i.startswith("articles-")]) == 30


def test_a_plot_file_of_another_kind_is_exit_2(db: Path, tmp_path: Path) -> None:
    result = newsbot("stats", "--db", str(db), "--plot", str(tmp_path / "report.pdf"))
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"Error: --plot {tmp_path / 'report.pdf'}: name a .png or .svg file"
    )
    assert not (tmp_path / "report.pdf").exists()
