"""Files the archive cannot use give one clear line (ArchiveError), never a traceback."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, ArchiveError
from tests.store_samples import sample_article, tamper


@pytest.fixture
def locked_directory(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "locked"
    directory.mkdir()
    directory.chmod(0o555)
    yield directory
    directory.chmod(0o755)


def open_error(path: Path, **options: bool) -> str:
    with pytest.raises(ArchiveError) as raised:
        Archive(path, ARBUZ, **options)
    message = str(raised.value)
    assert "\n" not in message and str(path) in message
    return message


def test_an_unwritable_directory(locked_directory: Path) -> None:
    message = open_error(locked_directory / "newsbot.db")
    assert "directory is not writable" in message
    assert not (locked_directory / "newsbot.db").exists()


def test_a_directory_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    message = open_error(tmp_path / "a-file" / "newsbot.db")
    assert "cannot make its directory (a file is in the way)" in message


def test_a_read_only_file(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ) as archive:
        archive.save(sample_article(1))
    db.chmod(0o444)
    try:
        assert "is read-only" in open_error(db)
        with Archive(db, ARBUZ, readonly=True) as archive:  # reading it is fine
            assert archive.count() == 1
    finally:
        db.chmod(0o644)


def test_a_missing_file_opened_read_only_is_not_created(tmp_path: Path) -> None:
    assert "there is no database" in open_error(tmp_path / "none.db", readonly=True)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some text, long enough to have a header of its own " * 4)
    assert "not a newsbot database" in open_error(path)
    assert path.read_text().startswith("just some text")


def test_an_sqlite_file_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    tamper(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    assert "not a newsbot database" in open_error(path)
    assert "not a newsbot database" in open_error(path, readonly=True)
    with sqlite3.connect(path) as connection:  # refused as it was: not turned to WAL
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_a_database_of_a_newer_newsbot(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.db"
    Archive(path, ARBUZ).close()
    tamper(
        path,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('newsbot', 'from_the_future', '2099-01-01')",
    )
    assert "newer newsbot" in open_error(path)
    assert "newer newsbot" in open_error(path, readonly=True)


def test_a_read_only_archive_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.db"
    Archive(path, ARBUZ).close()
    before = path.read_bytes()
    with Archive(path, ARBUZ, readonly=True) as archive:
        for attempt in (
            lambda: archive.save(sample_article(1)),
            lambda: archive.set_state("k", "v"),
            lambda: archive.start_run("incremental", "rest"),
        ):
            with pytest.raises(ArchiveError, match="read-only"):
                attempt()
    assert path.read_bytes() == before


def test_a_closed_archive_says_so(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "newsbot.db", ARBUZ)
    archive.close()
    archive.close()
    with pytest.raises(ArchiveError, match="closed"):
        archive.count()


def test_a_search_with_broken_syntax_says_what_to_do(tmp_path: Path) -> None:
    with Archive(tmp_path / "newsbot.db", ARBUZ) as archive:
        archive.save(sample_article(1))
        for query in ('"unterminated', "covid-19", "AND", "'); DROP TABLE articles; --"):
            with pytest.raises(ArchiveError, match="cannot search for"):
                archive.search(query)
        assert archive.count() == 1
