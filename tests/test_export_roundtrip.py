"""The archive out and back in, end to end: a replica backfill exported in every format, seed
documents imported into an empty archive, and an imported article met again by a crawl."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from newsbot.normalize import url_key
from tests.conftest import FIXTURES
from tests.crawling import FULL_SPEED, newsbot, stored_documents
from tests.exchange import (
    directory_bytes,
    expected_record,
    read_csv,
    read_jsonl,
    read_parquet,
    stored_articles,
)
from tests.replica import running_replica
from tests.store_samples import raw_rows

pytestmark = pytest.mark.e2e

SEED_URL = (
    "https://arbuztoday.ru/astraxanskij-gubernator-prinyal-uchastie-v-zasedanii-xvi-foruma-"
    "mezhregionalnogo-sotrudnichestva-rossii-i-kazaxstana/"
)
SEED_NAME = "000_ecfe785d9d5f4927.txt"
"""n = 0 and the key of the canonical URL. The reference file is named 000_d8421866bf9c5a00.txt,
a key that is not the SHA-256 of this URL (nor of any variant of it): names follow DESIGN §1."""
SEED_POST_ID = 48213


class Crawled(NamedTuple):
    db: Path
    documents: dict[str, str]
    """The replica's seed document of every article, by URL."""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """The seed document imported, then a backfill of a 200-article replica on top of it."""
    db = tmp_path_factory.mktemp("crawled") / "arbuz.db"
    imported = newsbot("import", str(FIXTURES / "seed.txt"), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    with running_replica("--articles", "200") as replica:
        backfill = newsbot(
            "backfill", "--since", "2019-11-01", "--db", str(db), "--base-url", replica.url,
            *FULL_SPEED,
        )  # fmt: skip
        assert backfill.returncode == 0, backfill.stderr[-3000:]
        documents = {entry["url"]: entry["document"] for entry in replica.articles()}
    return Crawled(db, documents)


def export(db: Path, format_: str, out: Path, *extra: str) -> str:
    result = newsbot("export", "--db", str(db), "--format", format_, "--out", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_an_imported_article_is_the_row_a_later_crawl_finds(crawled: Crawled) -> None:
    assert stored_documents(crawled.db) == crawled.documents
    rows = raw_rows(crawled.db, "SELECT post_id, url FROM articles WHERE url = ?", (SEED_URL,))
    assert rows == [{"post_id": SEED_POST_ID, "url": SEED_URL}]
    runs = raw_rows(crawled.db, "SELECT mode, source, new FROM runs ORDER BY run_id")
    assert runs[0] == {"mode": "import", "source": "import", "new": 1}


def test_seed_export_import_export_gives_identical_directories(
    crawled: Crawled, tmp_path: Path
) -> None:
    first, second, db = tmp_path / "first", tmp_path / "second", tmp_path / "imported.db"
    summary = export(crawled.db, "seed", first)
    assert "Exported 200 articles (seed): 200 files written, 0 unchanged, 0 removed" in summary
    exported = directory_bytes(first)
    assert sorted(data.decode("utf-8") for data in exported.values()) == sorted(
        crawled.documents.values()
    )
    [seed_name] = [name for name in exported if name.endswith(f"_{url_key(SEED_URL)}.txt")]
    assert exported[seed_name] == (FIXTURES / "seed.txt").read_bytes()

    imported = newsbot("import", str(first), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    assert "Imported 200 of 200 files: 200 new" in imported.stderr
    export(db, "seed", second)
    assert directory_bytes(second) == exported


@pytest.mark.parametrize(
    ("format_", "read"), [("jsonl", read_jsonl), ("csv", read_csv), ("parquet", read_parquet)]
)
def test_tabular_exports_keep_every_field(
    crawled: Crawled, tmp_path: Path, format_: str, read: object
) -> None:
    out = tmp_path / f"arbuz.{format_}"
    export(crawled.db, format_, out)
    assert callable(read)
    records = read(out)
    expected = [expected_record(stored) for stored in stored_articles(crawled.db)]
    assert records == expected
    assert {record["source"] for record in records} == {"rest", "import"}


def test_the_seed_article_alone_exports_as_the_reference_document(tmp_path: Path) -> None:
    db, out = tmp_path / "seed.db", tmp_path / "out"
    assert newsbot("import", str(FIXTURES / "seed.txt"), "--db", str(db)).returncode == 0
    export(db, "seed", out)
    assert directory_bytes(out) == {SEED_NAME: (FIXTURES / "seed.txt").read_bytes()}


def test_date_filters_are_site_local_days(crawled: Crawled, tmp_path: Path) -> None:
    out = tmp_path / "day.jsonl"
    export(crawled.db, "jsonl", out, "--since", "2019-11-07", "--until", "2019-11-07")
    days = {record["display_date"].rsplit(",", 1)[0] for record in read_jsonl(out)}
    assert days == {"7 ноября 2019"}
