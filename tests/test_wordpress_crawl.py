"""The crawl against a real WordPress (Debian's 6.1, `tests/wordpress/`), in a block theme and a
classic one, through both sources: what the archive holds must be exactly the content loaded.

The shared sites (`wordpress_site`) have `home` = their own base URL (`http://127.0.0.1:PORT`),
as a copy of the outlet restored under another address: every link they print names that
address, and the archive must still name `https://arbuztoday.ru/…`. Tests that change a site
get one of their own (`wordpress.new_site()`).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.normalize import url_key
from newsbot.sites.arbuz import PROFILE as ARBUZ
from tests.crawling import FULL_SPEED, newsbot, stored_documents, stored_hashes
from tests.wordpress.site import Site
from tests.wordpress.stack import WordPress

pytestmark = pytest.mark.e2e

SINCE = "2019-11-01"
SEED_DAY = "2019-11-07"
SEED = Path(__file__).parent / "fixtures" / "seed.txt"
SOURCES = ("rest", "html")


def backfill(
    site: Site, db: Path, source: str, *extra: str, since: str = SINCE
) -> subprocess.CompletedProcess[str]:
    return newsbot(
        "backfill", "--since", since, "--source", source, "--db", str(db),
        "--base-url", site.base_url, *FULL_SPEED, *extra,
    )  # fmt: skip


def incremental(site: Site, db: Path, source: str) -> subprocess.CompletedProcess[str]:
    return newsbot(
        "crawl", "--source", source, "--db", str(db), "--base-url", site.base_url, *FULL_SPEED
    )


def site_requests(site: Site) -> list[str]:
    """Paths the site served since its log was cleared, robots.txt aside."""
    return [entry["path"] for entry in site.requests() if entry["path"] != "/robots.txt"]


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


@pytest.fixture(scope="module")
def backfills(
    wordpress_site: Site, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Path]]:
    """A whole-site backfill through each source of the shared site of each theme."""
    databases: dict[str, Path] = {}
    for source in SOURCES:
        db = tmp_path_factory.mktemp(f"{wordpress_site.theme}-{source}") / "arbuz.db"
        summary = ok(backfill(wordpress_site, db, source))
        assert "60 new" in summary and "0 dropped, 1 skipped" in summary, summary
        databases[source] = db
    yield databases


def test_the_shared_sites_link_to_their_own_address(wordpress_site: Site) -> None:
    page = wordpress_site.get(f"/{wordpress_site.content['seed'].slug}/")
    assert f'<link rel="canonical" href="{wordpress_site.base_url}/' in page.text
    assert "https://arbuztoday.ru/" not in page.text.split("<body", 1)[1]


@pytest.mark.parametrize("source", SOURCES)
def test_a_backfill_stores_exactly_the_published_posts(
    wordpress_site: Site, backfills: dict[str, Path], source: str
) -> None:
    """None of the drafts, pending, scheduled, private, password-protected or trashed posts."""
    assert stored_documents(backfills[source]) == wordpress_site.content.documents()


def test_both_sources_store_the_same_documents(backfills: dict[str, Path]) -> None:
    assert stored_documents(backfills["rest"]) == stored_documents(backfills["html"])


@pytest.mark.parametrize("source", SOURCES)
def test_the_seed_article_exports_byte_exact(
    wordpress_site: Site, backfills: dict[str, Path], source: str, tmp_path: Path
) -> None:
    out = tmp_path / "seeds"
    result = newsbot(
        "export", "--format", "seed", "--out", str(out), "--db", str(backfills[source]),
        "--since", SEED_DAY, "--until", SEED_DAY,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (exported,) = out.glob(f"*_{url_key(wordpress_site.content['seed'].url)}.txt")
    assert exported.read_bytes() == SEED.read_bytes()


@pytest.mark.parametrize("source", SOURCES)
def test_an_idle_incremental_run_costs_at_most_two_requests(
    wordpress_site: Site, backfills: dict[str, Path], source: str
) -> None:
    before = stored_hashes(backfills[source])
    for run_number in range(2):  # the first reads the site whole: no incremental run covered it
        wordpress_site.clear_requests()
        summary = ok(incremental(wordpress_site, backfills[source], source))
        assert run_number == 0 or len(site_requests(wordpress_site)) <= 2, site_requests(
            wordpress_site
        )
        assert "0 new, 0 updated" in summary
    assert stored_hashes(backfills[source]) == before


def test_a_run_stores_exactly_the_new_and_edited_posts(
    wordpress: WordPress, tmp_path: Path
) -> None:
    """Edits of posts of the last days: the HTML source sees them through its revisit window.
    The block theme: new posts with a photo take their credit from their REST route."""
    site = wordpress.new_site("twentytwentythree")
    try:
        recent = site.publish(2)
        databases = {source: tmp_path / f"{source}.db" for source in SOURCES}
        for source, db in databases.items():
            ok(backfill(site, db, source))
        before = {source: stored_hashes(db) for source, db in databases.items()}
        new = site.publish(3)
        edited = [site.edit(post.key) for post in recent]
        expected = site.content.documents()
        for source, db in databases.items():
            site.clear_requests()
            summary = ok(incremental(site, db, source))
            assert "3 new, 2 updated, " in summary, (source, summary)
            assert stored_documents(db) == expected, source
            after = stored_hashes(db)
            assert set(after) - set(before[source]) == {post.url for post in new}
            changed = {url for url in before[source] if after[url] != before[source][url]}
            assert changed == {post.url for post in edited}, source
            if source == "rest":
                assert len(site_requests(site)) == 1, site_requests(site)
    finally:
        site.close()


def test_a_post_published_from_the_schedule_reaches_the_next_run(
    wordpress: WordPress, tmp_path: Path
) -> None:
    site = wordpress.new_site("twentytwentythree")
    try:
        site.publish(1)
        databases = {source: tmp_path / f"{source}.db" for source in SOURCES}
        for source, db in databases.items():
            ok(backfill(site, db, source))
            for _ in range(2):  # the second run starts from a coverage
                ok(incremental(site, db, source))
        scheduled = site.schedule()
        [row] = [row for row in site.posts() if row["id"] == scheduled.id]
        assert row["modified_gmt"] < row["date_gmt"]  # WordPress kept its day-old edit time
        for source, db in databases.items():
            summary = ok(incremental(site, db, source))
            assert " 1 new" in summary, (source, summary)
            assert stored_documents(db) == site.content.documents(), source
    finally:
        site.close()


def test_a_theme_that_shows_no_article_fails_the_run(wordpress: WordPress, tmp_path: Path) -> None:
    site = wordpress.new_site()
    try:
        site.switch_theme("blank")
        result = incremental(site, tmp_path / "arbuz.db", "html")
        assert result.returncode == 1, result.stdout + result.stderr[-3000:]
        assert "Health: failed" in result.stdout
        assert "nothing extracted" in result.stderr
    finally:
        site.close()


@pytest.mark.parametrize("proxied", [True, False], ids=["behind-a-proxy", "port-less-redirects"])
def test_a_copy_of_the_outlet_under_its_own_name(
    wordpress: WordPress, tmp_path: Path, proxied: bool
) -> None:
    """A site whose `home` is https://arbuztoday.ru, reached through a proxy of that address or
    straight on its port, where it redirects pages to its host without the port."""
    site = wordpress.new_site(home="https://arbuztoday.ru", proxied=proxied)
    try:
        seed_day = {
            post.url: post.document()
            for post in site.content.public()
            if post.published.astimezone(ARBUZ.zone).date().isoformat() == SEED_DAY
        }
        assert len(seed_day) > 3
        for source in SOURCES:
            db = tmp_path / f"{source}.db"
            site.clear_requests()
            ok(backfill(site, db, source, "--until", SEED_DAY, since=SEED_DAY))
            assert stored_documents(db) == seed_day, source
            logged = site.requests()
            if not proxied:
                redirected = [entry for entry in logged if entry["status"] == 301]
                assert redirected, "the site redirects its pages to its host without the port"
                named = [e for e in logged if e["headers"].get("Host") == "127.0.0.1"]
                assert {e["status"] for e in named} == {200}
    finally:
        site.close()
