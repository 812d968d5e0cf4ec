"""`newsbot probe` against the replica in each of its switch states, and against sites that
forbid or do not answer: the report's JSON, its exit code, and what the site was asked."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsbot import __version__
from newsbot.cli.options import Exit
from newsbot.items import DOCUMENT_FIELDS
from tests.crawling import FULL_SPEED, ROOT
from tests.replica import Replica, running_replica
from tests.test_crawl_failures import assert_one_line_failure, forbidding_site, free_port

pytestmark = pytest.mark.e2e
__all__ = ["forbidding_site"]

BUDGET = 10
"""Requests a probe may send besides robots.txt."""
DEFAULTS = {
    "rest": True, "theme": "arbuz", "sitemaps": "yoast", "sitemap_lastmod": True,
    "validators": True,
}  # fmt: skip
AGENT = f"newsbot/{__version__} (+local)"


def probe(base_url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`newsbot probe --base-url BASE --json ARGS` at full speed, run in `cwd`."""
    return subprocess.run(
        [sys.executable, "-m", "newsbot", "probe", "--base-url", base_url, "--json",
         *FULL_SPEED, *args],
        capture_output=True, text=True, timeout=300, cwd=cwd, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def report_of(result: subprocess.CompletedProcess[str], code: Exit = Exit.OK) -> dict[str, Any]:
    assert result.returncode == code, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def codes(advice: list[dict[str, str]]) -> list[str]:
    return [entry["code"] for entry in advice]


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    with running_replica("--articles", "200") as replica:
        yield replica


def probed(site: Replica, tmp_path: Path, **switches: Any) -> tuple[dict[str, Any], list[str]]:
    """The report of a probe of the replica with `switches`, and the paths it asked for after
    robots.txt (which it asked for first, and once)."""
    site.configure(**{**DEFAULTS, **switches})
    site.clear_requests()
    report = report_of(probe(site.base_url, tmp_path), Exit.OK)
    log = site.requests()
    assert [entry["path"] for entry in log][:1] == ["/robots.txt"]
    assert {entry["headers"]["User-Agent"] for entry in log} == {AGENT}
    assert list(tmp_path.iterdir()) == []  # nothing written: no archive, no lock
    paths = [entry["path"] for entry in log[1:]]
    assert "/robots.txt" not in paths
    assert len(paths) == report["requests"] <= BUDGET
    return report, paths


def test_the_default_replica(site: Replica, tmp_path: Path) -> None:
    report, paths = probed(site, tmp_path)
    assert len(paths) == BUDGET
    assert report["user_agent"] == AGENT
    assert all(report["robots"]["allowed"].values()) and report["robots"]["status"] == 200
    rest = report["rest"]
    assert rest["namespaces"] == ["oembed/1.0", "wp/v2"] and rest["home"] == "https://arbuztoday.ru"
    assert (rest["posts_json"], rest["total"], rest["modified_after"]) == (True, 200, True)
    feed = report["feed"]
    assert (feed["validators"], feed["repeat_status"], feed["items"]) == (
        ["etag", "last_modified"], 304, 10,
    )  # fmt: skip
    sitemaps = report["sitemaps"]
    assert (sitemaps["posts_sitemaps"], sitemaps["entries"], sitemaps["lastmod"]) == (1, 200, "all")
    assert sitemaps["kind"] == "yoast" and sitemaps["page"] == "/post-sitemap.xml"
    assert sitemaps["other"] == ["/category-sitemap.xml", "/post_tag-sitemap.xml"]
    assert "/sitemap_index.xml" in paths and "/wp-sitemap.xml" not in paths
    assert {each["field"]: each["agree"] for each in report["fields"]} == dict.fromkeys(
        DOCUMENT_FIELDS, 3
    )
    assert all(t["matches"] for t in report["taxonomies"].values())
    published = sorted(site.articles(), key=lambda post: post["published_at"], reverse=True)
    articles = report["articles"]
    assert [(a["url"], a["post_id"]) for a in articles] == [
        (post["url"], post["id"]) for post in published[:3]
    ]
    for article in articles:
        html, rest_reading = article["html"], article["rest"]
        assert html["extracted"] and rest_reading["extracted"] and article["agree"] is True
        assert (html["theme"], html["outlet_theme"]) == ("2019", True)
        assert {"json_ld", "opengraph", "article_meta", "rest_route", "post_id"} <= set(
            html["signals"]
        )
        assert html["validators"] == ["etag", "last_modified"]
        assert "embedded_terms" in rest_reading["signals"]
    advice = report["recommendation"]
    assert advice["source"] == "rest" and advice["extractable"] is True
    assert advice["options"] == ["--source rest", f"--base-url {site.base_url}"]
    assert advice["warnings"] == [] and advice["notes"] == []


def test_the_replica_without_rest(site: Replica, tmp_path: Path) -> None:
    report, paths = probed(site, tmp_path, rest=False)
    assert len(paths) == BUDGET - 1  # no modified_after question without posts
    rest = report["rest"]
    assert (rest["index_status"], rest["posts_status"], rest["posts_json"]) == (404, 404, False)
    assert rest["modified_after"] is None
    for article in report["articles"]:
        assert article["html"]["extracted"] and article["rest"] is None
        assert article["agree"] is None
    assert len(report["articles"]) == 3
    advice = report["recommendation"]
    assert advice["source"] == "html" and advice["options"][0] == "--source html"
    assert codes(advice["notes"]) == ["rest_unavailable"] and advice["warnings"] == []


def test_a_redesign(site: Replica, tmp_path: Path) -> None:
    """The pages cannot be read, the REST posts still can: REST is what to crawl with."""
    report, paths = probed(site, tmp_path, theme="redesign")
    assert len(paths) == BUDGET
    for article in report["articles"]:
        html = article["html"]
        assert html["status"] == 200 and not html["extracted"] and html["error"]
        assert (html["theme"], html["outlet_theme"]) == ("wordpress", False)
        assert article["rest"]["extracted"] and article["agree"] is None
    advice = report["recommendation"]
    assert advice["source"] == "rest"
    assert codes(advice["warnings"]) == ["html_not_extracted"]


def test_a_redesign_without_rest_extracts_nothing(site: Replica, tmp_path: Path) -> None:
    site.configure(**{**DEFAULTS, "rest": False, "theme": "redesign"})
    site.clear_requests()
    report = report_of(probe(site.base_url, tmp_path), Exit.FAILED)
    advice = report["recommendation"]
    assert (advice["source"], advice["extractable"], advice["options"]) == (None, False, [
        f"--base-url {site.base_url}"
    ])  # fmt: skip
    assert codes(advice["warnings"])[:2] == ["no_articles", "html_not_extracted"]
    assert len(site.requests()) - 1 == report["requests"] == BUDGET - 1


def test_core_sitemaps_without_lastmod(site: Replica, tmp_path: Path) -> None:
    report, paths = probed(site, tmp_path, sitemaps="core", sitemap_lastmod=False)
    assert len(paths) == BUDGET
    assert report["sitemaps"]["lastmod"] == "none"
    assert report["sitemaps"]["kind"] == "core"
    assert report["sitemaps"]["other"] == [
        "/wp-sitemap-taxonomies-category-1.xml", "/wp-sitemap-taxonomies-post_tag-1.xml",
    ]  # fmt: skip
    advice = report["recommendation"]
    assert advice["source"] == "rest"
    assert codes(advice["notes"]) == ["listing_fallback"]


def test_core_sitemaps_without_lastmod_nor_rest(site: Replica, tmp_path: Path) -> None:
    report, _ = probed(site, tmp_path, sitemaps="core", sitemap_lastmod=False, rest=False)
    advice = report["recommendation"]
    assert advice["source"] == "html"
    assert codes(advice["notes"]) == ["rest_unavailable", "listing_fallback"]


def test_no_validators(site: Replica, tmp_path: Path) -> None:
    """As stock WordPress: the feed keeps its validators, article pages send none."""
    report, paths = probed(site, tmp_path, validators=False)
    assert len(paths) == BUDGET
    assert report["feed"]["validators"] == ["etag", "last_modified"]
    assert report["feed"]["repeat_status"] == 304
    assert all(article["html"]["validators"] == [] for article in report["articles"])
    assert codes(report["recommendation"]["warnings"]) == ["no_article_validators"]


def test_the_text_report(site: Replica, tmp_path: Path) -> None:
    site.configure(**DEFAULTS)
    result = subprocess.run(
        [sys.executable, "-m", "newsbot", "probe", "--base-url", site.base_url, *FULL_SPEED],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"Probe of {site.base_url} (site arbuz) as {AGENT}: {BUDGET} requests besides robots.txt"
    )
    assert lines[-1] == f"Recommended: --source rest --base-url {site.base_url}"
    assert sum("documents agree" in line for line in lines) == 3


def test_robots_txt_forbidding_everything(forbidding_site: str, tmp_path: Path) -> None:
    result = probe(forbidding_site, tmp_path)
    assert_one_line_failure(result, Exit.SITE_UNREACHABLE, "robots.txt")
    report = json.loads(result.stdout)
    assert report["requests"] == 0 and not any(report["robots"]["allowed"].values())
    assert report["rest"]["error"] == "forbidden by robots.txt"


def test_an_unreachable_site(tmp_path: Path) -> None:
    result = probe(f"http://127.0.0.1:{free_port()}", tmp_path)
    assert_one_line_failure(result, Exit.SITE_UNREACHABLE, "connection refused")
    assert result.stdout == ""


@pytest.fixture
def silent_site() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in (*accepted, listener):
        connection.close()


def test_a_site_that_never_answers_times_out(silent_site: str, tmp_path: Path) -> None:
    result = probe(silent_site, tmp_path, "--timeout", "0.5")
    assert_one_line_failure(result, Exit.SITE_UNREACHABLE, "timed out")
