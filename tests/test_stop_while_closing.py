"""Ctrl-C as a crawl closes: what it stored stays, the run is logged whole, no archive error."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.crawling import FULL_SPEED, newsbot
from tests.replica import running_replica

pytestmark = pytest.mark.e2e

PIPELINES = {
    "pipelines.validate.ValidatePipeline": 200,
    "tests.interrupting.InterruptAsTheSpiderCloses": 700,
    "pipelines.store.StorePipeline": 800,
}


@pytest.mark.parametrize("source", ["rest", "html"])
def test_ctrl_c_while_the_spider_closes_keeps_the_archive_and_the_run_log(
    tmp_path: Path, source: str
) -> None:
    db = tmp_path / "closing.db"
    with running_replica("--articles", "120") as replica:
        result = newsbot(
            "backfill", "--since", "2019-11-01", "--source", source, "--db", str(db),
            "--base-url", replica.url, *FULL_SPEED, "-s", f"ITEM_PIPELINES={json.dumps(PIPELINES)}",
        )  # fmt: skip
    assert "is closed" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 7), result.stderr[-3000:]
    with sqlite3.connect(db) as connection:
        (articles,) = connection.execute("SELECT count(*) FROM articles").fetchone()
        (finished,) = connection.execute("SELECT finished_at FROM runs").fetchone()
    assert articles == 120
    assert finished is not None
