"""`newsbot search`: ranked results with snippets, Russian word forms, exact phrases, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import newsbot
from tests.outlet import display_date
from tests.store_samples import sample_article

BODY = "Мэра наградили за шёлковую ленту у планетария."


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("search") / "arbuz.db"
    with Archive(db, ARBUZ) as stored:
        for n in range(30):
            stored.save(sample_article(n))
        stored.save(sample_article(99, title="Праздник в кремле", paragraphs=[BODY]))
    return db


def search(db: Path, *args: str) -> list[dict[str, object]]:
    result = newsbot("search", "--db", str(db), "--json", *args)
    assert result.returncode == 0, result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize("query", ["мэром", "шелковыми", "шёлковая", "лентами", "планетарий"])
def test_an_inflected_form_finds_the_word_in_the_body(archive: Path, query: str) -> None:
    [hit] = search(archive, query)
    assert hit["url"] == sample_article(99).url
    assert hit["title"] == "Праздник в кремле"
    assert hit["date"] == display_date(sample_article(99))
    assert "[" in str(hit["snippet"]) and "]" in str(hit["snippet"])


def test_quoted_phrases_stay_exact(archive: Path) -> None:
    assert search(archive, '"мэром"') == []
    assert len(search(archive, '"мэра наградили"')) == 1


def test_results_are_ranked_limited_and_filtered_by_local_days(archive: Path) -> None:
    hits = search(archive, "абзац", "--limit", "5")
    assert len(hits) == 5
    ranks = [hit["rank"] for hit in hits]
    assert ranks == sorted(ranks)  # type: ignore[type-var]
    day = display_date(sample_article(0)).split(",")[0]
    assert day == "7 ноября 2019"
    assert search(archive, "абзац", "--since", "2019-11-08") == []
    assert len(search(archive, "абзац", "--since", "2019-11-07", "--until", "2019-11-07")) == 20


def test_plain_output_shows_date_title_url_and_the_match(archive: Path) -> None:
    result = newsbot("search", "--db", str(archive), "шелковые")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"1. {display_date(sample_article(99))}  Праздник в кремле"
    assert lines[1].strip() == sample_article(99).url
    assert "[шёлковую]" in lines[2]
    nothing = newsbot("search", "--db", str(archive), "бегемот")
    assert nothing.returncode == 0 and nothing.stdout == ""
    assert "No article matches 'бегемот'." in nothing.stderr


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"unterminated', 'a double quote (") is opened and never closed'),
        ("AND", "AND needs something to search for on each side"),
        ("NEAR(a b", "a parenthesis is opened and never closed"),
        ("", "it is empty"),
        ("  ", "it is empty"),
        ("!!", "it holds no word"),
        ("-кремль", "it only excludes words"),
        ("x: кремль", "no such column: x"),
    ],
)
def test_a_query_that_cannot_be_searched_is_one_line_about_it_and_exit_2(
    archive: Path, query: str, reason: str
) -> None:
    result = newsbot("search", "--db", str(archive), "--", query)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: cannot search for {query!r}: {reason}")


def test_search_needs_an_archive(tmp_path: Path) -> None:
    result = newsbot("search", "--db", str(tmp_path / "none.db"), "ёлка")
    assert result.returncode == 4
    assert "there is no database" in result.stderr
