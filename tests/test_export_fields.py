"""The fields users of news-please and trafilatura expect, in every tabular export: plain-text
body aside (`paragraphs`), excerpt, featured image, language, word count and modification time,
typed in Parquet; `--out -` streams the same bytes a file export holds."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import ROOT, newsbot
from tests.store_samples import sample_article

NEW_FIELDS = ("excerpt", "image_url", "language", "word_count", "modified_at")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fields") / "arbuz.db"
    with Archive(path, ARBUZ) as archive:
        archive.save(
            sample_article(
                1, excerpt="Кратко о главном.", image_url="https://arbuztoday.ru/a.jpg",
                language="ru", modified_at="2024-03-02T08:00:00+00:00",
            )
        )  # fmt: skip
        archive.save(sample_article(2))
    return path


def streamed(db: Path, format_: str) -> bytes:
    result = subprocess.run(
        [sys.executable, "-m", "newsbot", "export", "--db", str(db), "--format", format_,
         "--out", "-"],
        capture_output=True, timeout=120, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert b"Output: standard output" in result.stderr
    return result.stdout


def exported(db: Path, format_: str, out: Path) -> bytes:
    result = newsbot("export", "--db", str(db), "--format", format_, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.mark.parametrize("format_", ["jsonl", "csv", "parquet"])
def test_out_dash_streams_what_a_file_holds(db: Path, tmp_path: Path, format_: str) -> None:
    assert not (ROOT / "-").exists()
    data = streamed(db, format_)
    if format_ == "parquet":
        exported(db, format_, tmp_path / "x.parquet")
        assert pq.read_table(io.BytesIO(data)) == pq.read_table(tmp_path / "x.parquet")
    else:
        assert data == exported(db, format_, tmp_path / f"x.{format_}")
    assert not (ROOT / "-").exists()


@pytest.fixture
def parquet_file(db: Path, tmp_path: Path) -> Path:
    exported(db, "parquet", tmp_path / "x.parquet")
    return tmp_path / "x.parquet"


def test_jsonl_and_csv_carry_the_new_fields(db: Path) -> None:
    first, second = [json.loads(line) for line in streamed(db, "jsonl").splitlines()]
    assert {name: first[name] for name in NEW_FIELDS} == {
        "excerpt": "Кратко о главном.", "image_url": "https://arbuztoday.ru/a.jpg",
        "language": "ru", "word_count": 10, "modified_at": "2024-03-02T08:00:00+00:00",
    }  # fmt: skip
    assert {name: second[name] for name in NEW_FIELDS} == {
        "excerpt": None, "image_url": None, "language": None, "word_count": 10,
        "modified_at": None,
    }  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(streamed(db, "csv").decode("utf-8"))))
    assert [rows[0][name] for name in NEW_FIELDS] == [
        "Кратко о главном.",
        "https://arbuztoday.ru/a.jpg",
        "ru",
        "10",
        "2024-03-02T08:00:00+00:00",
    ]
    assert [rows[1][name] for name in NEW_FIELDS] == ["", "", "", "10", ""]


def test_parquet_has_timestamp_list_and_integer_types(parquet_file: Path) -> None:
    schema = pq.read_schema(parquet_file)
    for name in ("published_at", "modified_at", "fetched_at"):
        kind = schema.field(name).type  # Parquet keeps seconds as milliseconds
        assert pa.types.is_timestamp(kind) and kind.tz == "UTC", name
    assert not schema.field("published_at").nullable and schema.field("modified_at").nullable
    assert schema.field("word_count").type == pa.int64()
    assert schema.field("categories").type == pa.list_(pa.string())
    for name in ("excerpt", "image_url", "language"):
        assert schema.field(name).type == pa.string() and schema.field(name).nullable
    table = pq.read_table(parquet_file)
    assert table.column("excerpt").to_pylist() == ["Кратко о главном.", None]
