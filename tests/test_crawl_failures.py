"""Mistakes and failures a user can cause: one clear line, a distinct exit code, no traceback."""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from newsbot.cli.runner import unreachable_reason
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import newsbot


def assert_one_line_failure(
    result: subprocess.CompletedProcess[str], code: Exit, text: str
) -> None:
    assert result.returncode == code, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr[-2000:]
    assert text in errors[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class ForbiddingSite(BaseHTTPRequestHandler):
    """A site whose robots.txt forbids everything."""

    def do_GET(self) -> None:
        body = b"User-agent: *\nDisallow: /\n" if self.path == "/robots.txt" else b"<html></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def forbidding_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ForbiddingSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_an_unreachable_site(tmp_path: Path) -> None:
    result = newsbot(
        "crawl", "--db", str(tmp_path / "a.db"), "--base-url", f"http://127.0.0.1:{free_port()}",
        "-s", "RETRY_TIMES=1",
    )  # fmt: skip
    assert_one_line_failure(result, Exit.SITE_UNREACHABLE, "connection refused")


def test_a_host_name_that_does_not_resolve(tmp_path: Path) -> None:
    result = newsbot(
        "crawl", "--db", str(tmp_path / "a.db"), "--base-url", "http://arbuz.invalid",
        "-s", "TWISTED_DNS_RESOLVER=tests.offline_dns.LoopbackOnlyResolver", "-s", "RETRY_TIMES=1",
    )  # fmt: skip
    assert_one_line_failure(result, Exit.SITE_UNREACHABLE, "host name not found")


def test_robots_txt_forbidding_us(tmp_path: Path, forbidding_site: str) -> None:
    result = newsbot("crawl", "--db", str(tmp_path / "a.db"), "--base-url", forbidding_site)
    assert_one_line_failure(result, Exit.SITE_UNREACHABLE, "robots.txt forbids")


def test_a_database_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    db = tmp_path / "a-file" / "newsbot.db"
    result = newsbot("crawl", "--db", str(db), "--base-url", "http://127.0.0.1:9")
    assert_one_line_failure(result, Exit.DATABASE, str(db))


def test_a_read_only_database_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    Archive(db, ARBUZ).close()
    before = db.read_bytes()
    db.chmod(0o444)
    result = newsbot("crawl", "--db", str(db), "--base-url", "http://127.0.0.1:9")
    assert_one_line_failure(result, Exit.DATABASE, "read-only")
    assert db.read_bytes() == before


def test_a_database_path_that_is_a_directory(tmp_path: Path) -> None:
    result = newsbot("crawl", "--db", str(tmp_path), "--base-url", "http://127.0.0.1:9")
    assert result.returncode in (Exit.DATABASE, Exit.USAGE)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("since", ["2024-13-01", "yesterday", "2024-02-30"])
def test_a_bad_date(tmp_path: Path, since: str) -> None:
    result = newsbot("backfill", "--since", since, "--db", str(tmp_path / "a.db"))
    assert result.returncode == Exit.USAGE
    assert "Traceback" not in result.stderr
    assert "not a date" in result.stderr


def test_until_before_since(tmp_path: Path) -> None:
    result = newsbot(
        "backfill", "--since", "2024-02-01", "--until", "2024-01-01", "--db", str(tmp_path / "a.db")
    )
    assert result.returncode == Exit.USAGE
    assert "before --since" in result.stderr


def test_a_base_url_that_is_not_http(tmp_path: Path) -> None:
    result = newsbot("crawl", "--db", str(tmp_path / "a.db"), "--base-url", "file:///etc")
    assert result.returncode == Exit.USAGE
    assert "not an http(s) URL" in result.stderr


ERRORS = "downloader/exception_type_count/"


@pytest.mark.parametrize(
    ("stats", "reason"),
    [
        ({ERRORS + "twisted.internet.error.DNSLookupError": 3}, "host name not found"),
        ({ERRORS + "scrapy.exceptions.CannotResolveHostError": 3}, "host name not found"),
        ({ERRORS + "scrapy.exceptions.DownloadConnectionRefusedError": 1}, "connection refused"),
        ({ERRORS + "builtins.OSError": 1}, "OSError"),
        (
            {
                "finish_reason": "site_unreachable", "downloader/response_count": 140,
                ERRORS + "scrapy.exceptions.DownloadFailedError": 2,
                ERRORS + "twisted.internet.error.ConnectionRefusedError": 19,
            },
            "connection refused",
        ),
        ({"downloader/response_count": 5, "newsbot/article_pages": 3}, None),
        ({"downloader/response_count": 1, "robotstxt/forbidden": 2}, "robots.txt"),
    ],
)  # fmt: skip
def test_unreachable_reason(stats: dict[str, int], reason: str | None) -> None:
    found = unreachable_reason(stats)
    assert (found is None) if reason is None else (reason in (found or ""))
