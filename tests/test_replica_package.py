"""The replica is a model of its own: no crawler code in it, words as data, aiohttp optional."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from newsbot.replica.corpus import Corpus
from newsbot.replica.expected import expected_document
from newsbot.replica.outlet import DEFAULT_OUTLET

REPLICA = Path(__file__).resolve().parent.parent / "newsbot" / "replica"
SEED = Path(__file__).resolve().parent / "fixtures" / "seed.txt"


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(REPLICA.glob("*.py")), ids=lambda path: path.name)
def test_the_replica_imports_only_itself_the_standard_library_and_aiohttp(path: Path) -> None:
    outside = {
        name
        for name in imported_modules(path)
        if not name.startswith("newsbot.replica")
        and name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] != "aiohttp"
    }
    assert outside == set()


def test_only_the_server_and_the_control_api_need_aiohttp() -> None:
    needing = {path.name for path in REPLICA.glob("*.py") if "aiohttp" in imported_modules(path)}
    assert needing == {"server.py", "control.py"}


def test_the_launcher_needs_only_the_standard_library() -> None:
    names = imported_modules(REPLICA / "launcher.py")
    assert all(name.split(".")[0] in sys.stdlib_module_names for name in names - {"__future__"})


def test_word_lists_are_package_data() -> None:
    data = files("newsbot.replica") / "data"
    for name in ("news.json", "terms.json", "russian.json", "fixed_posts.json"):
        assert json.loads((data / name).read_text(encoding="utf-8"))
    assert not (REPLICA / "vocabulary.py").exists()


def test_the_replica_writes_the_reference_document_itself() -> None:
    seed = Corpus.generate(2).posts[48213]
    assert expected_document(seed, DEFAULT_OUTLET) == SEED.read_text(encoding="utf-8")


def run_without_aiohttp(*args: str) -> subprocess.CompletedProcess[str]:
    program = (
        "import sys; sys.modules['aiohttp'] = None; "
        "from newsbot.cli import main; main(sys.argv[1:], prog_name='newsbot')"
    )
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", [["replica", "--port", "0"], ["demo", "--articles", "20"]])
def test_without_aiohttp_replica_and_demo_say_so_in_one_line(
    command: list[str], tmp_path: Path
) -> None:
    if command[0] == "demo":
        command += ["--db", str(tmp_path / "a.db")]
    result = run_without_aiohttp(*command)
    assert result.returncode == 2
    assert result.stderr == "Error: the replica needs aiohttp: pip install -e '.[all]'\n"
    assert not (tmp_path / "a.db").exists()


def test_the_rest_of_the_cli_works_without_aiohttp() -> None:
    result = run_without_aiohttp("--help")
    assert result.returncode == 0 and "replica" in result.stdout
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, newsbot.cli; print('aiohttp' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert loaded.stdout == "False\n"
