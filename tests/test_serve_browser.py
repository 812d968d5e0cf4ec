"""`newsbot serve` in a real browser (headless Chromium): the articles page, a search, an article
and the coverage charts, as a person sees them; screenshots kept in `test-artifacts/`; no
request leaves 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from newsbot.serve.charts import DAY_WINDOW
from tests.browser.chromium import Guard, browser_page, keep, require_chromium
from tests.served import Served, crawled_archive, serving
from tests.store_samples import raw_rows

pytestmark = pytest.mark.e2e

WORD = "губернатор"
WINDOW = timedelta(days=DAY_WINDOW)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    require_chromium()
    db = tmp_path_factory.mktemp("browsed") / "arbuz.db"
    crawled_archive(db)
    with serving(db) as running:
        yield running


def _only_loopback(guard: Guard, served: Served) -> None:
    assert guard.refused == []
    assert guard.requested and all(url.startswith(served.url) for url in guard.requested)


def test_a_person_browses_searches_reads_and_sees_charts(served: Served, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    db = served.database
    total = served.json(f"{db}/articles.json")["filtered_table_rows_count"]
    with browser_page(tmp_path / "profile") as (page, guard):
        page.goto(f"{served.url}{db}/articles")
        expect(page.locator("h1")).to_have_text("articles")
        expect(page.locator("h3").first).to_contain_text(f"{total} rows")
        expect(page.locator("h3").first).to_contain_text("sorted by published_at descending")
        newest = raw_rows(served.db, "SELECT title FROM articles ORDER BY published_at DESC")
        expect(page.locator("table.rows-and-columns tbody tr").first).to_contain_text(
            newest[0]["title"]
        )
        expect(page.locator(".facet-info").first).to_be_visible()
        page.screenshot(path=tmp_path / "articles-page.png", full_page=False)
        keep(tmp_path / "articles-page.png")

        page.fill("input#_search", WORD)
        page.locator("input#_search").press("Enter")
        expect(page.locator("h1")).to_have_text("Search articles, best match first")
        ranked = served.json(f"{db}/search.json", q=WORD, _shape="array")
        first = page.locator("table.rows-and-columns tbody tr").first
        expect(first).to_contain_text(ranked[0]["title"])
        expect(first).to_contain_text(WORD, ignore_case=True)
        page.screenshot(path=tmp_path / "search.png")
        keep(tmp_path / "search.png")

        first.locator("td.col-article_id a").first.click()
        expect(page.locator("h2.newsbot-title")).to_be_visible()
        article_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
        [row] = raw_rows(served.db, "SELECT * FROM articles WHERE article_id = ?", (article_id,))
        expect(page.locator("h2.newsbot-title")).to_have_text(row["title"])
        paragraphs = page.locator(".newsbot-text .newsbot-body p")
        expect(paragraphs).to_have_count(len(row["body"].splitlines()))
        expect(paragraphs.first).to_have_text(row["body"].splitlines()[0])
        expect(page.locator("a.newsbot-original")).to_have_attribute("href", row["url"])
        expect(page.locator("a.newsbot-versions")).to_be_visible()
        page.screenshot(path=tmp_path / "article.png", full_page=True)
        keep(tmp_path / "article.png")

        page.goto(f"{served.url}-/dashboards/coverage")
        days = served.json(f"{db}/articles_per_day.json", _shape="array", _size="max")
        newest = date.fromisoformat(days[0]["day"])
        shown = [day for day in days if newest - date.fromisoformat(day["day"]) <= WINDOW]
        assert len(shown) < len(days)  # the corpus's two old articles are left out
        bars = page.locator("#chart-per_day svg g.mark-rect path")
        expect(bars).to_have_count(len(shown), timeout=30_000)
        expect(page.locator("#chart-verdicts svg g.mark-rect path")).to_have_count(1)
        expect(page.locator("#chart-fields svg g.mark-line path")).to_have_count(5)
        page.screenshot(path=tmp_path / "chart.png", full_page=True)
        keep(tmp_path / "chart.png")
    _only_loopback(guard, served)
