"""The full-text index stays in step with `articles` (inserts, new versions, deletes) and is the
one `sqlite-utils search` and Datasette find (`articles_fts` over `articles(title, body)`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import newsbot
from tests.store_samples import raw_rows, sample_article, tamper

WORDS = ("арбуз", "волга", "ёлка", "елка", "кремль", "volga", "Fest", "мост", "паром", "2024")
"""Words of the articles: Cyrillic and Latin, `ё` and `е` spelled apart, a number."""


def tokens(text: str) -> set[str]:
    """The words of a text as the index's tokenizer sees them (case folded; `ё` kept)."""
    return set(re.findall(r"\w+", text.lower()))


@dataclass(frozen=True)
class Save:
    """Save article `n` with these title words and paragraphs of words."""

    n: int
    title: tuple[str, ...]
    paragraphs: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Delete:
    """Delete article `n` for good, through the archive or with raw SQL (its rows in the tables
    that refer to it first, as foreign keys demand)."""

    n: int
    raw: bool


numbers = st.integers(0, 5)
word_lists = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(tuple)
operations = st.one_of(
    st.builds(Save, numbers, word_lists, st.lists(word_lists, min_size=1, max_size=3).map(tuple)),
    st.builds(Delete, numbers, st.booleans()),
)


def apply(db: Path, steps: list[Save | Delete], batch_size: int) -> dict[int, str]:
    """Run the steps; return the text (title and body) each remaining article should have."""
    expected: dict[int, str] = {}
    archive = Archive(db, ARBUZ, batch_size=batch_size)
    try:
        for step in steps:
            if isinstance(step, Save):
                paragraphs = [" ".join(words) + "." for words in step.paragraphs]
                title = " ".join(step.title) + f" №{step.n}"
                archive.save(sample_article(step.n, title=title, paragraphs=paragraphs))
                expected[10_000 + step.n] = title + "\n" + "\n".join(paragraphs)
                continue
            found = archive.find(post_id=10_000 + step.n)
            if found is None:
                continue
            if step.raw:
                archive.flush()
                tamper(
                    db,
                    *(
                        f"DELETE FROM {table} WHERE article_id = {found.article_id}"
                        for table in ("article_urls", "article_versions", "articles")
                    ),
                )
            else:
                archive.purge(found.article_id)
            del expected[10_000 + step.n]
    finally:
        archive.close()
    return expected


@settings(max_examples=60, deadline=None)
@given(st.lists(operations, min_size=1, max_size=25), st.sampled_from([1, 4, 1000]))
def test_the_index_matches_a_scan_of_titles_and_bodies(
    steps: list[Save | Delete], batch_size: int
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        db = Path(directory) / "newsbot.db"
        expected = apply(db, steps, batch_size)
        stored = raw_rows(db, "SELECT post_id, title, body FROM articles")
        assert {row["post_id"]: row["title"] + "\n" + row["body"] for row in stored} == expected
        with Archive(db, ARBUZ, readonly=True) as archive:
            for word in WORDS:
                found = {
                    hit.stored.article.post_id for hit in archive.search(f'"{word}"', limit=99)
                }
                scanned = {
                    post_id for post_id, text in expected.items() if word.lower() in tokens(text)
                }
                assert found == scanned, word
        tamper(db, "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


def test_the_body_column_is_the_paragraphs_joined_by_newlines(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    with Archive(db, ARBUZ) as archive:
        archive.save(sample_article(1, paragraphs=["Первый абзац.", "Второй абзац."]))
        archive.save(sample_article(2, paragraphs=[]))
    rows = raw_rows(db, "SELECT body, paragraphs FROM articles ORDER BY article_id")
    assert [row["body"] for row in rows] == ["Первый абзац.\nВторой абзац.", ""]
    assert json.loads(rows[0]["paragraphs"]) == ["Первый абзац.", "Второй абзац."]


def sqlite_utils_search(db: Path, word: str) -> list[dict[str, object]]:
    tool = Path(sys.executable).parent / "sqlite-utils"
    result = subprocess.run(
        [str(tool), "search", str(db), "articles", word],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_sqlite_utils_search_finds_what_newsbot_search_finds(tmp_path: Path) -> None:
    db = tmp_path / "arbuz.db"
    with Archive(db, ARBUZ, batch_size=7) as archive:
        for n in range(20):
            paragraphs = ["Паромная переправа через Волгу.", f"Маршрут {n}: Volga Fest."]
            archive.save(sample_article(n, paragraphs=paragraphs if n % 3 == 0 else ["Иное."]))
        archive.save(replace(sample_article(3), paragraphs=["Переправа закрыта."]))  # version 2
    for word in ("Volga", "fest"):
        theirs = sqlite_utils_search(db, word)
        ours = newsbot("search", "--db", str(db), "--json", "--limit", "100", word)
        assert ours.returncode == 0, ours.stderr
        expected = {sample_article(n).url for n in range(0, 20, 3) if n != 3}
        assert {row["url"] for row in theirs} == expected
        assert {hit["url"] for hit in json.loads(ours.stdout)} == expected
        assert all(row["body"] and row["site"] == ARBUZ.key for row in theirs)
