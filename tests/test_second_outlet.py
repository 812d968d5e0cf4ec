"""A second outlet is one profile file: a replica serving another outlet (host, zone, title
suffix, name) is crawled end to end from both sources into that outlet's documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot import document
from newsbot.sites import load_profile
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, newsbot
from tests.replica import Replica, running_replica

SITE = "tests.profiles.volna"
VOLNA = load_profile(SITE)
OUTLET_FLAGS = (
    "--site-name", VOLNA.name, "--site-host", VOLNA.host, "--site-zone", str(VOLNA.zone),
    "--title-separator", VOLNA.title_separators[0],
)  # fmt: skip

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def volna() -> Iterator[Replica]:
    with running_replica("--articles", "150", *OUTLET_FLAGS) as running:
        yield running


def stored_documents(db: Path) -> dict[str, str]:
    with Archive(db, VOLNA, readonly=True) as archive:
        return {
            stored.article.url: document.render(stored.article, VOLNA)
            for stored in archive.iter_articles()
        }


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_backfill_of_another_outlet_gives_its_documents(
    volna: Replica, tmp_path: Path, source: str
) -> None:
    db = tmp_path / "volna.db"
    result = newsbot(
        "backfill", "--since", "2019-01-01", "--site", SITE, "--source", source,
        "--base-url", volna.url, "--db", str(db), *FULL_SPEED,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    expected = {entry["url"]: entry["document"] for entry in volna.articles()}
    assert all(url.startswith(f"https://{VOLNA.host}/") for url in expected)
    assert stored_documents(db) == expected
    seed = next(text for url, text in expected.items() if "kazaxstana" in url)
    assert f"Казахстана. | {VOLNA.name}\n" in seed  # the title without " — ВОЛНА"
    assert "\n7 ноября 2019, 22:00\n" in seed  # 17:00 UTC in Yekaterinburg


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_second_outlet_in_one_archive_starts_from_its_own_state(
    volna: Replica, tmp_path: Path, source: str
) -> None:
    db = tmp_path / "both.db"
    with running_replica("--articles", "40") as arbuz:
        for _ in range(2):
            result = newsbot(
                "crawl", "--source", source, "--base-url", arbuz.url, "--db", str(db), *FULL_SPEED
            )  # fmt: skip
            assert result.returncode == 0, result.stdout + result.stderr
    result = newsbot(
        "crawl", "--site", SITE, "--source", source, "--base-url", volna.url, "--db", str(db),
        *FULL_SPEED,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(stored_documents(db)) == len(volna.articles())
