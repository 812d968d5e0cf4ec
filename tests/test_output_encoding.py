"""Output on a terminal of any encoding: characters it cannot show are replaced, never a
UnicodeEncodeError, on stdout and stderr, for results, reports and errors alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.store import Archive
from tests.crawling import ROOT
from tests.store_samples import ARBUZ, sample_article

ENCODINGS = ["koi8-r", "latin-1", "cp1251", "cp437", "iso8859-5", "mac-roman", "ascii"]
COMMANDS = [
    ["search", "музей"],
    ["search", "--json", "музей"],
    ["stats"],
    ["stats", "--check"],
    ["export", "--format", "jsonl", "--out", "-"],
    ["export", "--format", "csv", "--out", "-"],
    ["search", "«ёлка» 🍉"],
    ["stats", "--db", "/nonexistent/«архив».db"],
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("encodings") / "arbuz.db"
    with Archive(db, ARBUZ) as opened:
        for n in range(3):
            opened.save(sample_article(n, paragraphs=[f"Музей «кремль» — ёлка №{n} 🍉."]))
    return db


@settings(max_examples=12, deadline=None, derandomize=True)
@given(encoding=st.sampled_from(ENCODINGS), command=st.sampled_from(COMMANDS))
def test_any_terminal_encoding_gets_replaced_characters_not_a_crash(
    archive: Path, encoding: str, command: list[str]
) -> None:
    args = command if "--db" in command else [*command, "--db", str(archive)]
    done = subprocess.run(
        [sys.executable, "-m", "newsbot", *args],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        timeout=120,
    )
    stderr = done.stderr.decode(encoding, errors="replace")
    assert b"Traceback" not in done.stderr, stderr[-2000:]
    assert done.returncode in (0, 4), stderr[-2000:]
