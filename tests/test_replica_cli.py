"""`newsbot replica` as a user runs it: flags, a busy port, loopback only, a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest

from tests.replica import running_replica


def replica_process(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsbot", "replica", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )


def test_flags_set_the_switches() -> None:
    flags = (
        "--articles", "50", "--seed", "3", "--no-rest", "--theme", "redesign", "--no-categories",
        "--no-sitemap-lastmod", "--no-validators", "--fault-rate", "0.25",
        "--fault-statuses", "503,429", "--retry-after", "9", "--slow", "0.01",
        "--hang-rate", "0.01", "--truncate-rate", "0.02", "--faults-on-robots",
    )  # fmt: skip
    with running_replica(*flags) as replica:
        assert replica.health() == {"ok": True, "articles": 50}
        assert replica.control("GET", "config") == {
            "rest": False,
            "theme": "redesign",
            "categories": False,
            "sitemaps": "yoast",
            "sitemap_lastmod": False,
            "validators": False,
            "fault_rate": 0.25,
            "fault_statuses": [503, 429],
            "retry_after": 9,
            "slow": 0.01,
            "hang_rate": 0.01,
            "truncate_rate": 0.02,
            "faults_on_robots": True,
            "failing": [],
        }


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_it_cleanly(signum: int) -> None:
    process = replica_process("--port", "0", "--articles", "20")
    assert process.stdout is not None
    first = process.stdout.readline().decode()
    assert first.startswith("Serving http://127.0.0.1:") and first.endswith(" (20 articles)\n")
    process.send_signal(signum)
    _stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert b"Traceback" not in stderr


def test_a_busy_port_is_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        process = replica_process("--port", str(port), "--articles", "20")
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode != 0
    assert stdout == b""
    message = stderr.decode().strip()
    assert len(message.splitlines()) == 1 and str(port) in message
    assert "Traceback" not in message


def test_only_loopback_unless_host_is_given() -> None:
    process = replica_process("--port", "0", env={"NEWSBOT_REPLICA_HOST": "0.0.0.0"})
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode != 0 and stdout == b""
    assert "--host" in stderr.decode() and len(stderr.decode().strip().splitlines()) == 1


def test_too_many_articles_is_one_line() -> None:
    process = replica_process("--port", "0", "--articles", "10000000")
    _, stderr = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "at most" in stderr.decode() and b"Traceback" not in stderr
