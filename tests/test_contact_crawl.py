"""Crawls of the outlet's own host name whoever runs them, or do not start: real `newsbot` and
`scrapy crawl` processes, resolving names with the offline test resolver (nothing leaves the
machine: a name it is asked about fails at once, and is written to a log the test reads)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot import __version__
from newsbot.cli.demo import DEMO_STATE
from newsbot.cli.options import Exit
from newsbot.contact import MISSING_CONTACT
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, ROOT, stored_documents
from tests.offline_dns import LOG_VARIABLE
from tests.replica import Replica, running_replica
from tests.store_samples import ARBUZ, sample_article
from tests.test_crawl_failures import assert_one_line_failure

pytestmark = pytest.mark.e2e

OFFLINE = (
    "-s",
    "TWISTED_DNS_RESOLVER=tests.offline_dns.LoopbackOnlyResolver",
    "-s",
    "RETRY_TIMES=0",
)


def run(
    program: list[str], *args: str, dns_log: Path, contact: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`program ARGS` with no NEWSBOT_CONTACT in its environment unless `contact`."""
    env = {k: v for k, v in os.environ.items() if k != "NEWSBOT_CONTACT"}
    env.update({LOG_VARIABLE: str(dns_log), "PYTHONUNBUFFERED": "1"})
    if contact is not None:
        env["NEWSBOT_CONTACT"] = contact
    return subprocess.run(
        [*program, *args], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
        check=False,
    )  # fmt: skip


NEWSBOT = [sys.executable, "-m", "newsbot"]
SCRAPY = [sys.executable, "-m", "scrapy"]


def looked_up(dns_log: Path) -> list[str]:
    return dns_log.read_text().split() if dns_log.exists() else []


@pytest.mark.parametrize(
    "command",
    [["crawl"], ["backfill", "--since", "2024-01-01"], ["crawl", "--base-url", "https://www.arbuztoday.ru"],
     ["crawl", "--base-url", "http://arbuztoday.ru:8080"], ["probe"]],
)  # fmt: skip
def test_a_crawl_of_the_outlet_without_a_contact_exits_2_before_any_request(
    command: list[str], tmp_path: Path
) -> None:
    dns_log, db = tmp_path / "dns.log", tmp_path / "arbuz.db"
    database = ["--db", str(db)] if command[0] != "probe" else []
    result = run(NEWSBOT, *command, *database, *OFFLINE, dns_log=dns_log)
    assert_one_line_failure(result, Exit.USAGE, MISSING_CONTACT)
    assert looked_up(dns_log) == []
    assert not db.exists() and not Path(f"{db}.lock").exists()


def test_a_contact_that_is_none_is_a_usage_error(tmp_path: Path) -> None:
    dns_log = tmp_path / "dns.log"
    for given in (["--contact", "nobody"], ["-s", "NEWSBOT_CONTACT=nobody"]):
        result = run(NEWSBOT, "crawl", "--db", str(tmp_path / "a.db"), *given, dns_log=dns_log)
        assert result.returncode == Exit.USAGE, result.stderr
        assert "nobody" in result.stderr and "Traceback" not in result.stderr
    result = run(NEWSBOT, "crawl", "--db", str(tmp_path / "a.db"), dns_log=dns_log, contact="x y")
    assert result.returncode == Exit.USAGE and "Traceback" not in result.stderr
    assert looked_up(dns_log) == []


@pytest.mark.parametrize(
    ("given", "contact"),
    [(["--contact", "ops@example.org"], None), ([], "https://example.org/crawler"),
     (["-s", "NEWSBOT_CONTACT=ops@example.org"], None)],
)  # fmt: skip
def test_with_a_contact_the_crawl_of_the_outlet_starts(
    given: list[str], contact: str | None, tmp_path: Path
) -> None:
    """It gets as far as asking the (offline) resolver for the outlet's host."""
    dns_log = tmp_path / "dns.log"
    result = run(
        NEWSBOT, "crawl", "--db", str(tmp_path / "a.db"), *given, *OFFLINE,
        dns_log=dns_log, contact=contact,
    )  # fmt: skip
    assert_one_line_failure(result, Exit.SITE_UNREACHABLE, "host name not found")
    assert set(looked_up(dns_log)) == {"arbuztoday.ru"}


@pytest.mark.parametrize("command", [["crawl"], ["backfill", "--since", "2024-01-01"]])
def test_a_crawl_of_the_outlet_into_the_demos_archive_exits_2_before_any_request(
    command: list[str], tmp_path: Path
) -> None:
    """The demo's made-up posts and the replica's coverage would stand for the site's."""
    dns_log, db = tmp_path / "dns.log", tmp_path / "demo.db"
    with Archive(db, ARBUZ) as archive:
        archive.save(sample_article(1))
        archive.set_state(DEMO_STATE, "1")
    given = ["--db", str(db), "--contact", "ops@example.org"]
    result = run(NEWSBOT, *command, *given, *OFFLINE, dns_log=dns_log)
    assert_one_line_failure(result, Exit.USAGE, f"--db {db} is the demo's archive")
    assert looked_up(dns_log) == []
    assert list(stored_documents(db)) == [sample_article(1).url]


def test_scrapy_crawl_of_the_outlet_without_a_contact_closes_as_it_opens(tmp_path: Path) -> None:
    dns_log = tmp_path / "dns.log"
    result = run(
        SCRAPY, "crawl", "arbuz", "-s", f"NEWSBOT_DB={tmp_path / 'a.db'}", *OFFLINE, dns_log=dns_log
    )
    assert "Spider closed (no_contact)" in result.stderr, result.stderr[-3000:]
    assert f"Not crawling: {MISSING_CONTACT}" in result.stderr
    assert "'downloader/request_count'" not in result.stderr
    assert looked_up(dns_log) == []


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    with running_replica("--articles", "30") as replica:
        yield replica


@pytest.mark.parametrize(
    ("program", "contact", "agent"),
    [("newsbot", "ops@example.org", f"newsbot/{__version__} (+ops@example.org)"),
     ("newsbot", None, f"newsbot/{__version__} (+local)"),
     ("scrapy", "https://example.org/", f"newsbot/{__version__} (+https://example.org/)")],
)  # fmt: skip
def test_every_request_names_the_contact(
    site: Replica, program: str, contact: str | None, agent: str, tmp_path: Path
) -> None:
    site.clear_requests()
    db = tmp_path / "a.db"
    if program == "newsbot":
        args = [*NEWSBOT, "crawl", "--base-url", site.base_url, "--db", str(db)]
    else:
        args = [*SCRAPY, "crawl", "arbuz", "-s", f"NEWSBOT_BASE_URL={site.url}",
                "-s", f"NEWSBOT_DB={db}"]  # fmt: skip
    result = run(args, *FULL_SPEED, dns_log=tmp_path / "dns.log", contact=contact)
    assert result.returncode == 0, result.stderr[-3000:]
    agents = {entry["headers"]["User-Agent"] for entry in site.requests()}
    assert agents == {agent}
