"""The store pipeline inside Scrapy: settings, stats counters, one archive per crawl, and a
crawl stopped with one line when the archive cannot be used."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.test import get_crawler

from newsbot import settings as project_settings
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, ArchiveError, StorePipeline, archive_for
from tests.store_samples import sample_article, tamper

ROOT = Path(__file__).resolve().parent.parent


def test_the_project_enables_the_pipeline_with_its_settings() -> None:
    assert project_settings.ITEM_PIPELINES["pipelines.store.StorePipeline"] == 800
    assert project_settings.NEWSBOT_DB == "data/newsbot.db"
    assert project_settings.NEWSBOT_DB_BATCH_SIZE == 200
    assert project_settings.NEWSBOT_DB_FLUSH_SECONDS == 2.0


def test_items_are_saved_and_counted_in_the_stats(tmp_path: Path) -> None:
    db = tmp_path / "data" / "newsbot.db"
    crawler = get_crawler(settings_dict={"NEWSBOT_DB": str(db), "NEWSBOT_DB_BATCH_SIZE": 2})
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    first = sample_article(1)
    items = [
        first,
        sample_article(2),
        replace(first, url=first.url + "amp/"),
        replace(first, title="Исправленный заголовок"),
        replace(
            first, post_id=77, url="https://arbuztoday.ru/kopiya/", title="Исправленный заголовок"
        ),
        {**asdict(sample_article(3)), "scraped_extra_key": "never a column"},
    ]
    for item in items:
        assert pipeline.process_item(item) is item
    pipeline.close_spider()
    stats = crawler.stats
    assert stats is not None
    assert {
        outcome: stats.get_value(f"newsbot/store/{outcome}")
        for outcome in ("new", "updated", "unchanged", "duplicate")
    } == {"new": 3, "updated": 1, "unchanged": 1, "duplicate": 1}
    archive = archive_for(crawler)
    assert archive is pipeline.archive
    assert archive.counts == {"new": 3, "updated": 1, "unchanged": 1, "duplicate": 1}
    with Archive(db, ARBUZ, readonly=True) as reader:  # close_spider flushed
        assert reader.count() == 3
    crawler.signals.send_catch_log(signals.engine_stopped)
    with pytest.raises(ArchiveError, match="closed"):
        archive.count()
    assert archive_for(crawler) is not archive  # a new crawl on this crawler opens it again
    archive_for(crawler).close()


def test_an_unusable_archive_asks_to_close_the_spider(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-file").write_text("")
    crawler = get_crawler(settings_dict={"NEWSBOT_DB": str(tmp_path / "a-file" / "x.db")})
    pipeline = StorePipeline.from_crawler(crawler)
    with caplog.at_level(logging.ERROR), pytest.raises(CloseSpider) as raised:
        pipeline.open_spider()
    assert raised.value.reason == "archive_error"
    assert "cannot create the database" in caplog.text
    assert crawler.stats is not None
    assert "cannot create the database" in crawler.stats.get_value("newsbot/store/error")


CRAWL = """
    import sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings
    from tests.store_samples import sample_article, tamper

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    class Articles(Spider):
        name = "articles"

        async def start(self):
            yield Request(f"http://127.0.0.1:{server.server_port}/")

        def parse(self, response):
            for n in range(5):
                yield sample_article(n)

    settings = Settings()
    settings.setmodule("newsbot.settings")
    settings.set("NEWSBOT_DB", sys.argv[1])
    settings.set("NEWSBOT_DB_BATCH_SIZE", int(sys.argv[2]))
    settings.set("ROBOTSTXT_OBEY", False)
    settings.set("NEWSBOT_BASE_URL", f"http://127.0.0.1:{server.server_port}")  # no contact needed
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(Articles)
    process.crawl(crawler)
    process.start()
    print("finish_reason", crawler.stats.get_value("finish_reason"))
    print("new", crawler.stats.get_value("newsbot/store/new"))
"""


def crawl(db: Path, batch_size: int = 200) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRAWL), str(db), str(batch_size)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_crawl_stores_its_items_and_closes_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    result = crawl(db)
    assert result.returncode == 0, result.stderr
    assert "finish_reason finished" in result.stdout and "new 5" in result.stdout
    assert not (tmp_path / "newsbot.db-wal").exists()  # closed cleanly when the engine stopped
    with Archive(db, ARBUZ, readonly=True) as archive:
        assert archive.count() == 5


def test_a_crawl_on_an_unwritable_archive_stops_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    result = crawl(tmp_path / "a-file" / "newsbot.db")
    assert "finish_reason archive_error" in result.stdout
    assert "cannot create the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failed_write_drops_the_item_with_the_reason(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    crawler = get_crawler(settings_dict={"NEWSBOT_DB": str(db), "NEWSBOT_DB_BATCH_SIZE": 1})
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    tamper(
        db,
        "CREATE TRIGGER full BEFORE INSERT ON articles BEGIN SELECT RAISE(ABORT, 'no room'); END",
    )
    with pytest.raises(DropItem, match=r"archive write failed: .*no room"):
        pipeline.process_item(sample_article(1))
    assert crawler.stats is not None
    assert "no room" in crawler.stats.get_value("newsbot/store/error")
    tamper(db, "DROP TRIGGER full")
    pipeline.close_spider()
    with Archive(db, ARBUZ, readonly=True) as archive:
        assert archive.count() == 0  # nothing of the failed transaction is written
    archive_for(crawler).close()


def test_a_crawl_whose_writes_fail_stops_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    Archive(db, ARBUZ).close()
    tamper(
        db,
        "CREATE TRIGGER full BEFORE INSERT ON articles "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    )
    result = crawl(db, batch_size=1)
    assert "finish_reason archive_error" in result.stdout
    assert "the disk is full" in result.stderr
    assert "Traceback" not in result.stderr
