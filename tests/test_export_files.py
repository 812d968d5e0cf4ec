"""`newsbot export` on small archives: reruns touch only what changed, file names never come from
article text, no partial files, the optional Parquet extra, and errors a user can cause."""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsbot.cli import main
from newsbot.exchange.seed_files import EXPORT_FILE_NAME, seed_file_name
from newsbot.exchange.staging import staged
from newsbot.items import Article
from newsbot.normalize import url_key
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import newsbot
from tests.exchange import expected_record, read_csv, read_jsonl, read_parquet, stored_articles
from tests.store_samples import sample_article
from tests.strategies import articles

OLD = 1_000_000_000
"""An mtime no export would give a file."""


def archive_of(db: Path, count: int) -> None:
    with Archive(db, ARBUZ) as archive:
        for n in range(count):
            politics = n % 2 == 0
            archive.save(
                sample_article(n, categories=["Политика" if politics else "Спорт"],
                               category_slugs=["politika" if politics else "sport"])
            )  # fmt: skip


def export(db: Path, out: Path, *extra: str, format_: str = "seed") -> str:
    result = newsbot("export", "--db", str(db), "--format", format_, "--out", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return result.stderr


def age_files(directory: Path) -> None:
    for path in directory.iterdir():
        os.utime(path, (OLD, OLD))


def rewritten(directory: Path) -> set[str]:
    return {path.name for path in directory.iterdir() if path.stat().st_mtime != OLD}


def test_a_rerun_rewrites_only_changed_files_and_removes_only_its_own(tmp_path: Path) -> None:
    db, out = tmp_path / "arbuz.db", tmp_path / "seeds"
    archive_of(db, 20)
    assert "20 files written, 0 unchanged, 0 removed" in export(db, out)
    names = sorted(path.name for path in out.iterdir())
    assert names[0] == f"000_{url_key(sample_article(0).url)}.txt"
    foreign = {"notes.txt": b"mine", "12_0123456789abcdef.txt": b"x", "0000_short.txt": b"y"}
    for name, data in foreign.items():
        (out / name).write_bytes(data)
    age_files(out)

    assert "0 files written, 20 unchanged, 0 removed" in export(db, out)
    assert rewritten(out) == set()

    with Archive(db, ARBUZ) as archive:
        edited = sample_article(7, title="Новость номер 7 исправлена", categories=["Спорт"])
        assert archive.save(replace(edited, category_slugs=["sport"])) == "updated"
    assert "1 file written, 19 unchanged, 0 removed" in export(db, out)
    assert rewritten(out) == {names[7]}
    assert "исправлена" in (out / names[7]).read_text(encoding="utf-8")

    summary = export(db, out, "--category", "sport")
    assert "Exported 10 articles (seed): 10 files written, 0 unchanged, 20 removed" in summary
    assert all((out / name).read_bytes() == data for name, data in foreign.items())
    assert len([path for path in out.iterdir() if EXPORT_FILE_NAME.match(path.name)]) == 10


def test_a_tabular_rerun_with_nothing_changed_leaves_the_file_alone(tmp_path: Path) -> None:
    db, out = tmp_path / "arbuz.db", tmp_path / "out" / "arbuz.jsonl"
    archive_of(db, 5)
    assert "1 file written" in export(db, out, format_="jsonl")
    os.utime(out, (OLD, OLD))
    assert "0 files written, 1 unchanged" in export(db, out, format_="jsonl")
    assert out.stat().st_mtime == OLD
    assert [path.name for path in out.parent.iterdir()] == ["arbuz.jsonl"]


HOSTILE_TITLES = [
    "../../../../escaped",
    "/etc/passwd",
    "a\x00b",
    "..",
    "C:\\Windows\\con.txt",
    "000_0123456789abcdef.txt",
    "x" * 5000,
]


@pytest.mark.parametrize("format_", ["seed", "jsonl", "csv", "parquet"])
def test_article_text_never_names_a_file(tmp_path: Path, format_: str) -> None:
    db, out = tmp_path / "db" / "arbuz.db", tmp_path / "out" / "export"
    with Archive(db, ARBUZ) as archive:
        for n, title in enumerate(HOSTILE_TITLES):
            archive.save(sample_article(n, title=title, paragraphs=[title, "../" * 50]))
    export(db, out, format_=format_)
    written = {path for path in tmp_path.rglob("*") if path.is_file()}
    database_files = {path for path in written if path.parent == db.parent}
    exported = written - database_files
    if format_ == "seed":
        assert {path.parent for path in exported} == {out}
        assert all(EXPORT_FILE_NAME.match(path.name) for path in exported)
        assert len(exported) == len(HOSTILE_TITLES)
    else:
        assert exported == {out}
    read = {"jsonl": read_jsonl, "csv": read_csv, "parquet": read_parquet}.get(format_)
    if read is not None:
        assert read(out) == [expected_record(stored) for stored in stored_articles(db)]


@given(position=st.integers(min_value=0, max_value=10**7), article=articles())
def test_seed_file_names_hold_only_the_position_and_the_url_key(
    position: int, article: Article
) -> None:
    name = seed_file_name(position, article.url)
    assert EXPORT_FILE_NAME.match(name)
    assert name == f"{position:03d}_{url_key(article.url)}.txt"
    assert "/" not in name and "\x00" not in name and not name.startswith(".")


def test_positions_past_999_grow_wider() -> None:
    assert seed_file_name(999, "https://arbuztoday.ru/a/").startswith("999_")
    assert seed_file_name(1000, "https://arbuztoday.ru/a/").startswith("1000_")
    assert EXPORT_FILE_NAME.match(seed_file_name(123456, "https://arbuztoday.ru/a/"))


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "arbuz.csv"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), staged(target) as file:
        file.path.write_bytes(b"half of the new")
        raise RuntimeError("the archive went away")
    assert [path.name for path in tmp_path.iterdir()] == ["arbuz.csv"]
    assert target.read_bytes() == b"old"


def test_an_export_that_fails_midway_leaves_only_whole_files(tmp_path: Path) -> None:
    db, out = tmp_path / "arbuz.db", tmp_path / "seeds"
    archive_of(db, 6)
    in_the_way = out / seed_file_name(3, sample_article(3).url)
    in_the_way.mkdir(parents=True)
    result = newsbot("export", "--db", str(db), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot write {in_the_way}: Is a directory"
    ]
    files = sorted(path.name for path in out.iterdir() if path.is_file())
    assert files == [seed_file_name(n, sample_article(n).url) for n in range(3)]


def test_without_pyarrow_a_parquet_export_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "arbuz.db"
    archive_of(db, 1)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.delitem(sys.modules, "newsbot.exchange.parquet", raising=False)
    result = CliRunner().invoke(
        main, ["export", "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "a.pq")]
    )
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "pip install -e '.[all]'" in result.output
    assert not (tmp_path / "a.pq").exists()


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["--out", "{file}"], 2, "is not a directory: seed documents go to a directory"),
        (["--format", "csv", "--out", "{dir}"], 2, "is a directory"),
        (["--out", "{dir}/x", "--since", "2020-02-01", "--until", "2020-01-01"], 2, "before"),
        (["--out", "{dir}/x", "--since", "2020-13-01"], 2, "not a date"),
        (["--out", "{file}/x"], 1, "cannot write"),
        (["--format", "jsonl", "--out", "{db}"], 2, "is the database itself"),
        (["--format", "jsonl", "--out", "{db}-wal"], 2, "is the database's -wal file"),
        (["--format", "csv", "--out", "{db}.lock"], 2, "is the database's .lock file"),
    ],
)
def test_output_mistakes_are_one_line(
    tmp_path: Path, arguments: list[str], code: int, message: str
) -> None:
    db = tmp_path / "arbuz.db"
    archive_of(db, 1)
    (tmp_path / "file").write_text("not a directory")
    (tmp_path / "dir").mkdir()
    places = {"file": tmp_path / "file", "dir": tmp_path / "dir", "db": db}
    filled = [arg.format(**places) for arg in arguments]
    result = newsbot("export", "--db", str(db), *filled)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert stored_articles(db)


def test_readers_need_an_archive_and_never_wait_for_a_writer(tmp_path: Path) -> None:
    db = tmp_path / "arbuz.db"
    missing = newsbot("export", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "o"))
    assert missing.returncode == 4
    assert missing.stderr.strip() == (
        f"Error: there is no database at {tmp_path / 'none.db'}: run a crawl or import first"
    )
    assert not (tmp_path / "none.db").exists()
    archive_of(db, 3)
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE articles SET title = 'pending' WHERE article_id = 1")
        assert "Exported 3 articles" in export(db, tmp_path / "seeds")
        for command in (["stats"], ["search", "абзац"]):
            assert newsbot(*command, "--db", str(db)).returncode == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_every_new_command_explains_itself_with_an_example() -> None:
    for command in ("export", "import", "search", "stats"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output and f"newsbot {command}" in result.output


def test_export_of_an_edited_archive_keeps_versions_apart(tmp_path: Path) -> None:
    db, out = tmp_path / "arbuz.db", tmp_path / "arbuz.jsonl"
    archive_of(db, 2)
    with Archive(db, ARBUZ) as archive:
        archive.save(replace(sample_article(1), paragraphs=["Новый текст."]))
    export(db, out, format_="jsonl")
    assert [record["version"] for record in read_jsonl(out)] == [1, 2]
