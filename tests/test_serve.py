"""`newsbot serve` over a crawled replica: Datasette finds what `sqlite-utils search` and
`newsbot search` find, sorts and facets articles, answers the canned queries, shows articles as
text, names no other host, reads while a crawl writes, and refuses what it cannot serve."""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.normalize.dates import display_date, from_utc_iso
from newsbot.serve.metadata import archive_metadata
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import newsbot
from tests.served import Served, crawled_archive, serving
from tests.store_samples import raw_rows, sample_article

pytestmark = pytest.mark.e2e

WORDS = ("губернатор", "Астрахани", "фестиваль")
"""Words of the replica's corpus; searched exactly (Datasette and sqlite-utils stem nothing)."""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("served") / "arbuz.db"
    crawled_archive(db)
    return db


@pytest.fixture(scope="module")
def served(archive: Path) -> Iterator[Served]:
    with serving(archive) as running:
        yield running


def sqlite_utils_search(db: Path, word: str) -> set[str]:
    tool = Path(sys.executable).parent / "sqlite-utils"
    result = subprocess.run(
        [str(tool), "search", str(db), "articles", word, "-c", "url", "--limit", "100000"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return {row["url"] for row in json.loads(result.stdout)}


def datasette_search(served: Served, word: str) -> set[str]:
    path = f"{served.database}/articles.json"
    rows = served.json(path, _search=word, _shape="array", _col="url", _size="max")
    return {row["url"] for row in rows}


def newsbot_search(db: Path, word: str) -> set[str]:
    result = newsbot("search", "--db", str(db), "--json", "--limit", "10000", f'"{word}"')
    assert result.returncode == 0, result.stderr
    return {hit["url"] for hit in json.loads(result.stdout)}


@pytest.mark.parametrize("word", WORDS)
def test_datasette_finds_what_sqlite_utils_and_newsbot_search_find(
    archive: Path, served: Served, word: str
) -> None:
    found = datasette_search(served, word)
    assert found, word
    assert found == sqlite_utils_search(archive, word) == newsbot_search(archive, word)


def test_articles_are_newest_first_and_faceted_by_terms_and_local_months(
    archive: Path, served: Served
) -> None:
    page = served.json(f"{served.database}/articles.json", _shape="objects", _size="max")
    total = page["filtered_table_rows_count"]
    assert total == len(raw_rows(archive, "SELECT article_id FROM articles"))
    published = [row["published_at"] for row in page["rows"]]
    assert published == sorted(published, reverse=True)
    facets = page["facet_results"]
    assert {"categories", "tags", "source"} <= set(facets)
    [months] = [facet["results"] for facet in facets.values() if facet["type"] == "month"]
    [years] = [facet["results"] for facet in facets.values() if facet["type"] == "year"]
    assert sum(value["count"] for value in years) == total
    assert sum(value["count"] for value in months) == total
    month = months[0]["value"]
    filtered = served.json(f"{served.database}/articles.json", _month=month, _shape="objects")
    assert filtered["filtered_table_rows_count"] == months[0]["count"]
    category = facets["categories"]["results"][0]
    chosen = served.json(
        f"{served.database}/articles.json", categories__arraycontains=category["value"]
    )
    assert chosen["filtered_table_rows_count"] == category["count"]


def test_the_canned_queries_answer(archive: Path, served: Served) -> None:
    queries = archive_metadata(served.database, ARBUZ)["databases"][served.database]["queries"]
    answers = {
        name: served.json(f"{served.database}/{name}.json", _shape="array") for name in queries
    }
    total = len(raw_rows(archive, "SELECT article_id FROM articles"))
    assert sum(row["articles"] for row in answers["articles_per_day"]) == total
    assert sum(row["articles"] for row in answers["coverage_per_month"]) == total
    assert len(answers["edits"]) == 2 and all(row["version"] == 2 for row in answers["edits"])
    assert [(row["mode"], row["verdict"]) for row in answers["runs"]] == [
        ("incremental", "ok"), ("backfill", "ok"),
    ]  # fmt: skip
    assert sum(row["runs"] for row in answers["run_verdicts_per_day"]) == 2
    assert answers["duplicates"] == []


def test_an_article_page_reads_as_text_with_its_original_and_versions(
    archive: Path, served: Served
) -> None:
    [edited] = raw_rows(archive, "SELECT * FROM articles WHERE version = 2 LIMIT 1")
    page = served.get(f"{served.database}/articles/{edited['article_id']}").decode()
    for paragraph in json.loads(edited["paragraphs"]):
        assert f"<p>{paragraph}</p>".replace('"', "&#34;") in page.replace("&quot;", "&#34;")
    assert f'href="{edited["url"]}"' in page
    versions = re.search(r'href="([^"]*article_versions\?article_id=\d+)"', page)
    assert versions is not None
    table = served.json(versions.group(1).replace("article_versions?", "article_versions.json?"))
    assert [row[table["columns"].index("version")] for row in table["rows"]] == [1]
    listing = served.get(f"{served.database}/articles", _nocol="site").decode()
    assert "paragraphs (JSON; the body column shows them as text)" in listing


def test_articles_open_on_headline_date_categories_and_link(archive: Path, served: Served) -> None:
    listing = served.get(f"{served.database}/articles").decode()
    [newest] = raw_rows(archive, "SELECT max(published_at) AS at FROM articles")
    local = display_date(from_utc_iso(newest["at"]), ARBUZ.zone, ARBUZ.language.genitive_months)
    assert f'title="{newest["at"]}">{local}</time>' in listing  # the outlet's time, UTC on hover
    shown = re.findall(r'<th [^>]*data-column="([^"]+)"', listing)
    assert shown == ["article_id", "title", "published_at", "categories", "url"]
    assert 'class="column-descriptions"' in listing  # hidden: each column's menu shows its own
    assert 'data-column-description="The headline as printed."' in listing


def test_a_search_from_the_box_is_ranked_by_relevance(archive: Path, served: Served) -> None:
    form = {"_search": "губернатор", "_filter_column": "", "_filter_op": "exact",
            "_filter_value": "", "_sort": "published_at", "_sort_by_desc": "on"}  # fmt: skip
    page = served.get(f"{served.database}/articles", **form).decode()
    assert "Search articles, best match first" in page
    ranked = served.json(f"{served.database}/search.json", q="губернатор", _shape="array")
    expected = raw_rows(
        archive,
        "SELECT rowid AS article_id FROM articles_fts WHERE articles_fts MATCH ? "
        "ORDER BY rank LIMIT 100",
        ('"губернатор"',),
    )
    assert [row["article_id"] for row in ranked] == [row["article_id"] for row in expected]
    assert ranked and "[" in ranked[0]["context"]
    by_date = served.get(f"{served.database}/articles", _search="мост", _sort="title").decode()
    assert "Search articles" not in by_date  # a sort of one's own keeps the table
    assert served.json(f"{served.database}/search.json", q="", _shape="array") == []


def test_pages_load_nothing_from_another_host(served: Served) -> None:
    paths = ["", served.database, f"{served.database}/articles", "-/dashboards/coverage"]
    for path in paths:
        page = served.get(path).decode()
        loaded = re.findall(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]+)"', page)
        assert loaded, path
        elsewhere = [
            url for url in loaded
            if re.match(r"(?:[a-z]+:)?//", url) and not url.startswith(served.url)
        ]  # fmt: skip
        assert elsewhere == [], path


def test_it_reads_while_a_crawl_writes(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Archive(db, ARBUZ) as writer:
        writer.save(sample_article(1))
    with serving(db) as running, Archive(db, ARBUZ, batch_size=1) as writer:
        assert running.json(f"{running.database}/articles.json")["filtered_table_rows_count"] == 1
        assert writer.save(sample_article(2)) == "new"
        writer.flush()
        page = running.json(f"{running.database}/articles.json")
        assert page["filtered_table_rows_count"] == 2
        assert writer.save(sample_article(3)) == "new"  # never blocked by the reader
    assert len(raw_rows(db, "SELECT article_id FROM articles")) == 3


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port` (Linux /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_it_listens_on_loopback_only_by_default(archive: Path, served: Served) -> None:
    port = int(served.url.rstrip("/").rsplit(":", 1)[1])
    assert served.url.startswith("http://127.0.0.1:")
    assert _listening_addresses(port) == {"127.0.0.1"}


def test_a_missing_database_is_exit_4(tmp_path: Path) -> None:
    result = newsbot("serve", "--db", str(tmp_path / "none.db"), "--port", "0")
    assert result.returncode == 4
    assert result.stderr.strip().splitlines() == [
        f"Error: there is no database at {tmp_path / 'none.db'}: run a crawl or import first"
    ]


def test_a_busy_port_is_exit_2(archive: Path, served: Served) -> None:
    port = served.url.rstrip("/").rsplit(":", 1)[1]
    result = newsbot("serve", "--db", str(archive), "--port", port)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port}")


def test_the_metadata_describes_every_table_and_column_of_an_archive(tmp_path: Path) -> None:
    db = tmp_path / "described.db"
    Archive(str(db), ARBUZ).close()
    tables = archive_metadata("described", ARBUZ)["databases"]["described"]["tables"]
    connection = sqlite3.connect(db)
    names = [
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith(("articles_fts", "sqlite_"))
    ]
    for name in names:
        assert tables[name].get("description") or tables[name].get("hidden"), name
        if tables[name].get("hidden"):
            continue
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({name})")]
        described = tables[name].get("columns", {})
        assert not [column for column in columns if column not in described], name
