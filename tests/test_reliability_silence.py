"""A site that accepts connections and never answers is given up within about a minute (one
`Error:` line, exit 3); a slow site that answers is crawled to the end."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from tests.crawling import FULL_SPEED, newsbot
from tests.replica import running_replica

pytestmark = pytest.mark.reliability


@contextmanager
def silent_site() -> Iterator[tuple[str, list[socket.socket]]]:
    """A loopback port that accepts every connection and never sends a byte."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    finally:
        listener.close()
        for connection in accepted:
            connection.close()


def test_a_site_that_never_answers_is_given_up_with_one_line(tmp_path: Path) -> None:
    with silent_site() as (url, accepted):
        result = newsbot("crawl", "--db", str(tmp_path / "a.db"), "--base-url", url, timeout=240)
        connections = len(accepted)
    assert result.returncode == Exit.SITE_UNREACHABLE, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "accepts connections but sent no answer" in errors[0], errors
    assert "No answer from" in result.stderr  # said while it waited
    # 10 s a try, 40 s of silence: robots.txt and its retries, not 6 tries of each of 3 requests
    assert connections <= 8, connections


def test_a_slow_site_that_answers_is_not_given_up(tmp_path: Path) -> None:
    with running_replica("--articles", "30", "--slow", "3") as replica:
        result = newsbot(
            "backfill", "--since", "2019-11-01", "--db", str(tmp_path / "a.db"),
            "--base-url", replica.url, *FULL_SPEED, "-s", "NEWSBOT_SILENCE_LIMIT=5",
        )  # fmt: skip
    assert result.returncode == Exit.OK, result.stderr[-3000:]
    assert "30 new" in result.stdout
