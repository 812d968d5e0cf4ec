"""Every control input and option of the replica is bounded and checked, with one clear answer."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import click
import pytest

from newsbot.cli.replica import replica_command
from newsbot.replica.changes import MAX_CHANGE
from newsbot.replica.config import MAX_RETRY_AFTER, MAX_SLOW
from tests.replica import Fetched, Replica, fetch, running_replica


def post_raw(site: Replica, name: str, body: bytes) -> Fetched:
    return fetch(f"{site.url}__replica__/{name}", method="POST", data=body)


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    with running_replica("--articles", "100") as running:
        yield running


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"publish": 100_000_000}, "publish", str(MAX_CHANGE)),
        ({"publish": MAX_CHANGE + 1}, "publish", str(MAX_CHANGE)),
        ({"publish": -1}, "publish", "0 to"),
        ({"publish": True}, "publish", "number"),
        ({"publish": "3"}, "publish", "number"),
        ({"publish": 2.5}, "publish", "number"),
        ({"publish": [1]}, "publish", "number"),
        ({"edit": {"n": 1}}, "edit", "list of ids"),
        ({"edit": ["a"]}, "edit", "list"),
        ({"edit": list(range(MAX_CHANGE + 1))}, "edit", str(MAX_CHANGE)),
        ({"delete": [48230, 48230]}, "delete", "twice"),
        ({"delete": [1]}, "delete", "post 1 is not published"),
        ({"trash": [48213]}, "trash", "fixed post"),
        ({"restore": [48213]}, "restore", "draft or in the trash"),
        ({"publish": 2, "edit": [1]}, "edit", "post 1"),
        ({"move": 1}, "move", "unknown change"),
    ],
)
def test_bad_changes_answer_400_naming_the_field(
    site: Replica, body: dict[str, Any], field: str, says: str
) -> None:
    before = site.articles()
    answer = site.call("POST", "change", body)
    assert answer.status == 400
    error = answer.json()
    assert error["field"] == field and says in error["error"], error
    assert site.articles() == before, "a refused change changes nothing"


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"slow": MAX_SLOW + 1}, "slow", f"{MAX_SLOW:g}"),
        ({"slow": -1}, "slow", "0 to"),
        ({"retry_after": MAX_RETRY_AFTER + 1}, "retry_after", str(MAX_RETRY_AFTER)),
        ({"retry_after": 1.5}, "retry_after", "int"),
        ({"fault_rate": 2}, "fault_rate", "0 to 1"),
        ({"hang_rate": "half"}, "hang_rate", "float"),
        ({"fault_statuses": []}, "fault_statuses", "one or more"),
        ({"fault_statuses": [418]}, "fault_statuses", "among"),
        ({"fault_statuses": [500, 500]}, "fault_statuses", "distinct"),
        ({"fault_statuses": "500"}, "fault_statuses", "list of integers"),
        ({"theme": "other"}, "theme", "arbuz"),
        ({"rest": 1}, "rest", "bool"),
        ({"nope": 1}, "nope", "no such switch"),
    ],
)
def test_bad_switches_answer_400_naming_the_field(
    site: Replica, body: dict[str, Any], field: str, says: str
) -> None:
    before = site.control("GET", "config")
    answer = site.call("POST", "config", body)
    assert answer.status == 400
    assert answer.json()["field"] == field and says in answer.json()["error"], answer.json()
    assert site.control("GET", "config") == before


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_400(site: Replica, body: bytes) -> None:
    for name in ("change", "config"):
        answer = site.call("POST", name, None)
        assert answer.status == 200  # no body: nothing to change
        raw = post_raw(site, name, body)
        assert raw.status == 400 and "error" in raw.json()


def test_an_oversized_body_is_refused(site: Replica) -> None:
    answer = post_raw(site, "change", b'{"publish": 1, "x": "' + b"a" * 2_000_000 + b'"}')
    assert answer.status == 413 and "over" in answer.json()["error"]
    assert site.health()["articles"] == 100


def test_404_is_a_fault_status_from_the_command_line_and_the_control_api() -> None:
    with running_replica("--articles", "20", "--fault-rate", "1", "--fault-statuses", "404") as r:
        assert r.control("GET", "config")["fault_statuses"] == [404]
        answer = r.get("/feed/")
        assert answer.status == 404 and "Retry-After" not in answer.headers
        r.configure(fault_statuses=[502, 404])
        assert {r.get("/").status for _ in range(30)} == {404, 502}


def replica_exit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsbot", "replica", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--fault-statuses", "abc"),
        ("--fault-statuses", "418"),
        ("--fault-statuses", "500,,503"),
        ("--fault-statuses", "500,500"),
        ("--fault-rate", "2"),
        ("--slow", str(MAX_SLOW + 1)),
        ("--retry-after", str(MAX_RETRY_AFTER + 1)),
        ("--articles", "1"),
        ("--articles", "10000000"),
        ("--theme", "other"),
        ("--no-such-option",),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    result = replica_exit(*args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr


def test_every_option_has_help_text() -> None:
    options = [param for param in replica_command.params if isinstance(param, click.Option)]
    assert len(options) >= 19
    assert [option.name for option in options if not option.help] == []
