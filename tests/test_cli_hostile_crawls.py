"""Hostile arguments to the crawl commands, end to end: bad dates, base URLs and `-s` values are
one line and exit 2 before any request; a mirror under a path and an IPv6 literal are crawled
like the site; the log says nothing about the command's own machinery and never wraps a line."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import socket
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, ROOT, newsbot, stored_documents
from tests.path_proxy import path_proxy
from tests.replica import Replica, running_replica
from tests.store_samples import ARBUZ, sample_article

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    with running_replica("--articles", "60") as running:
        yield running


def one_error_line(result: subprocess.CompletedProcess[str], code: int, words: str) -> str:
    assert result.returncode == code, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr[-2000:]
    assert words in errors[0], errors[0]
    return errors[0]


@pytest.mark.parametrize(
    ("dates", "words"),
    [
        (["--since", "0001-01-01", "--until", "0001-01-02"], "before 1995-01-01"),
        (["--since", "2999-01-01", "--source", "html"], "in the future"),
        (["--since", "2999-01-01", "--source", "rest"], "in the future"),
        (["--since", "20260105"], "expected YYYY-MM-DD"),
        (["--since", "2026-01-05", "--until", "20260106"], "expected YYYY-MM-DD"),
        (["--since", "2026-01-05", "--until", "2026-01-04"], "is before --since"),
    ],
)
def test_a_backfill_of_days_nothing_is_published_on_is_a_usage_error(
    site: Replica, tmp_path: Path, dates: list[str], words: str
) -> None:
    site.clear_requests()
    db = tmp_path / "arbuz.db"
    result = newsbot("backfill", *dates, "--base-url", site.url, "--db", str(db), *FULL_SPEED)
    one_error_line(result, Exit.USAGE, words)
    assert site.requests() == []
    assert not db.exists()


def test_a_range_reaching_before_1995_is_backfilled_from_there(
    site: Replica, tmp_path: Path
) -> None:
    site.clear_requests()
    db = tmp_path / "arbuz.db"
    result = newsbot(
        "backfill", "--since", "0001-01-01", "--until", "1995-01-02", "--source", "rest",
        "--base-url", site.url, "--db", str(db), *FULL_SPEED,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    [posts] = [entry["path"] for entry in site.requests() if "/wp-json/" in entry["path"]]
    assert "after=1994-12-31T23%3A59%3A59" in posts


@pytest.mark.parametrize(
    ("base_url", "words"),
    [
        ("http://127.0.0.1:99999/", "not a number from 1 to 65535"),
        ("http://user:pw@127.0.0.1/", "user name or password"),
        ("http://127.0.0.1/?p=1", "query or fragment"),
        ("http://[::1/", "not a valid URL"),
        ("file:///etc/passwd", "not an http(s) URL"),
    ],
)
def test_a_bad_base_url_is_a_usage_error(tmp_path: Path, base_url: str, words: str) -> None:
    db = tmp_path / "arbuz.db"
    result = newsbot("crawl", "--base-url", base_url, "--db", str(db))
    assert result.returncode == Exit.USAGE
    assert "Traceback" not in result.stderr
    assert words in result.stderr
    assert not db.exists()


@pytest.mark.parametrize(
    "run",
    [
        ["crawl", "--source", "rest"],
        ["crawl", "--source", "html"],
        ["backfill", "--since", "2026-11-10", "--source", "rest"],
        ["backfill", "--since", "2026-11-10", "--source", "html"],
    ],
)
def test_a_mirror_under_a_path_is_crawled_below_it_from_every_source(
    site: Replica, tmp_path: Path, run: list[str]
) -> None:
    direct, mirrored = tmp_path / "direct.db", tmp_path / "mirrored.db"
    assert newsbot(*run, "--base-url", site.url, "--db", str(direct), *FULL_SPEED).returncode == 0
    with path_proxy(site.url, "/subdir") as proxy:
        result = newsbot(*run, "--base-url", proxy.url, "--db", str(mirrored), *FULL_SPEED)
    assert result.returncode == 0, result.stderr[-2000:]
    assert stored_documents(mirrored) == stored_documents(direct)
    assert stored_documents(mirrored)
    outside = {path for path in proxy.paths if not path.startswith("/subdir/")}
    assert outside <= {"/robots.txt"}  # robots.txt belongs to the host, as the standard says
    assert all(url.startswith("https://arbuztoday.ru/") for url in stored_documents(mirrored))


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback on this machine")
def test_an_ipv6_literal_base_url_is_crawled(site: Replica, tmp_path: Path) -> None:
    db = tmp_path / "arbuz.db"
    with path_proxy(site.url, "", host="::1") as proxy:
        assert proxy.url.startswith("http://[::1]:")
        result = newsbot("crawl", "--base-url", proxy.url, "--db", str(db), *FULL_SPEED)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(stored_documents(db)) == 60


@pytest.mark.parametrize(
    ("pairs", "words"),
    [
        (["-s", "DOWNLOAD_DELAY=abc"], "DOWNLOAD_DELAY takes a number from 0 to 2000000"),
        (["-s", "NEWSBOT_WATERMARK_OVERLAP=99999999999999"], "takes a number from 0 to"),
        (["-s", "NEWSBOT_SITE=."], "contradicts --site"),
        (["-s", "NEWSBOT_INCREMENTAL_SITEMAPS=x"], "NEWSBOT_INCREMENTAL_SITEMAPS takes a whole"),
        (["-s", "ITEM_PIPELINES=abc"], "Scrapy cannot take it"),
        (["-s", 'ITEM_PIPELINES={"no.such.Pipeline": 1}'], "the crawl cannot start with -s"),
        (["-s", "NEWSBOT_BASE_URL=http://127.0.0.2:1/"], "contradicts --base-url"),
        (["-s", "LOG_LEVEL=LOUD"], "LOG_LEVEL takes one of"),
        (["-s", "NOVALUE"], "-s takes NAME=VALUE"),
    ],
)
def test_a_setting_that_cannot_be_used_is_a_usage_error_before_any_request(
    site: Replica, tmp_path: Path, pairs: list[str], words: str
) -> None:
    site.clear_requests()
    db = tmp_path / "arbuz.db"
    result = newsbot("crawl", "--base-url", site.url, "--db", str(db), *pairs)
    one_error_line(result, Exit.USAGE, words)
    assert site.requests() == []


def test_a_feed_file_that_cannot_be_written_is_refused_before_any_request(
    site: Replica, tmp_path: Path
) -> None:
    db = tmp_path / "arbuz.db"
    assert newsbot("crawl", "--base-url", site.url, "--db", str(db), *FULL_SPEED).returncode == 0
    held = stored_documents(db)
    site.clear_requests()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory\n")
    feeds = f'FEEDS={{"{blocked}/feeds/out.jsonl": {{"format": "jsonlines"}}}}'
    result = newsbot("crawl", "--base-url", site.url, "--db", str(db), "-s", feeds, *FULL_SPEED)
    one_error_line(result, Exit.USAGE, f"cannot write the feed {blocked}/feeds/out.jsonl")
    old_way = ["-s", f"FEED_URI={blocked}/out.jsonl", "-s", "FEED_FORMAT=jsonlines"]
    result = newsbot("crawl", "--base-url", site.url, "--db", str(db), *old_way, *FULL_SPEED)
    one_error_line(result, Exit.USAGE, f"cannot write the feed {blocked}/out.jsonl")
    assert site.requests() == []
    assert stored_documents(db) == held
    out = tmp_path / "new" / "out.jsonl"
    feeds = f'FEEDS={{"{out}": {{"format": "jsonlines"}}}}'
    result = newsbot(
        "crawl", "--base-url", site.url, "--db", str(tmp_path / "b.db"), "-s", feeds, *FULL_SPEED
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(out.read_text().splitlines()) == len(held)


def test_the_demo_writes_only_a_new_archive_or_its_own(tmp_path: Path) -> None:
    mine = tmp_path / "mine.db"
    with Archive(mine, ARBUZ) as archive:
        archive.save(sample_article(1))
    result = newsbot("demo", "--articles", "20", "--db", str(mine))
    one_error_line(result, Exit.USAGE, f"--db {mine} holds 1 article the demo did not crawl")
    assert list(stored_documents(mine)) == [sample_article(1).url]
    demo = tmp_path / "demo.db"
    for _ in range(2):  # the README's first command, run again
        result = newsbot("demo", "--articles", "20", "--db", str(demo))
        assert result.returncode == Exit.OK, result.stderr[-2000:]
    assert len(stored_documents(demo)) == 20


def test_db_and_s_newsbot_db_naming_two_archives_is_a_usage_error(
    site: Replica, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    result = newsbot("crawl", "--base-url", site.url, "--db", str(a), "-s", f"NEWSBOT_DB={b}")
    one_error_line(result, Exit.USAGE, f"contradicts --db {a}")
    assert not a.exists() and not b.exists()
    assert not Path(f"{a}.lock").exists() and not Path(f"{b}.lock").exists()
    same = newsbot(
        "crawl", "--base-url", site.url, "--db", str(a), "-s", f"NEWSBOT_DB={a}",
        "-s", f"NEWSBOT_BASE_URL={site.url}", *FULL_SPEED,
    )  # fmt: skip
    assert same.returncode == 0, same.stderr[-2000:]
    assert f"Archive: {a}" in same.stdout and not b.exists()


def test_a_crawl_logs_nothing_about_the_commands_own_machinery(
    site: Replica, tmp_path: Path
) -> None:
    result = newsbot("crawl", "--base-url", site.url, "--db", str(tmp_path / "a.db"), *FULL_SPEED)
    assert result.returncode == 0
    assert "Disabled" not in result.stderr
    assert "SingleRun" not in result.stderr
    assert "deprecated" not in result.stderr.lower()
    assert "WARNING" not in result.stderr


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def _on_a_terminal(args: list[str], columns: int) -> tuple[int, list[str]]:
    """Run `python -m newsbot ARGS` with stdout and stderr on a terminal `columns` wide."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environment = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsbot", *args],
        stdin=terminal, stdout=terminal, stderr=terminal, cwd=ROOT, env=environment,
    )  # fmt: skip
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the terminal's last writer has gone
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    code = process.wait(timeout=120)
    text = ANSI.sub("", output.decode("utf-8", "replace"))
    return code, [line for chunk in text.split("\n") for line in chunk.split("\r")]


def test_on_a_narrow_terminal_log_lines_and_the_summary_are_never_broken(
    site: Replica, tmp_path: Path
) -> None:
    db = tmp_path / "a.db"
    code, lines = _on_a_terminal(
        ["backfill", "--since", "2026-11-01", "--base-url", site.url, "--db", str(db), *FULL_SPEED],
        columns=40,
    )
    assert code == 0, lines[-20:]
    assert any(re.search(r"REST: \d+ posts in 1 page\(s\) to read$", line) for line in lines)
    [summary] = [line for line in lines if line.startswith("Backfill of ")]
    assert summary.endswith(f"Archive: {db}")
