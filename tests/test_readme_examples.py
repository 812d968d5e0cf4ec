"""README's quick tour runs as written against the replica, and the documentation's Python
examples (the API, the export fields) against an archive that holds what they ask for."""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import ROOT, newsbot
from tests.store_samples import sample_article

README = ROOT / "README.md"
PAGES = ROOT / "docs" / "pages"
NOT_RUN = "<!-- not run:"
"""The comment above a shell block that cannot run here (the live site, a crontab, root)."""


def python_example(page: Path, section: str) -> str:
    """The first ```python block after the heading `section` of `page`."""
    text = page.read_text(encoding="utf-8")
    after = text.split(f"{section}\n", 1)[1]
    found = re.search(r"```python\n(.*?)```", after, re.DOTALL)
    assert found is not None, section
    return found.group(1)


def shell_blocks(text: str) -> list[str]:
    """The ```sh blocks of `text` that are meant to run (not marked NOT_RUN)."""
    blocks = re.finditer(r"(?:^(<!--[^\n]*-->)\n)?```sh\n(.*?)```", text, re.DOTALL | re.MULTILINE)
    return [block.group(2) for block in blocks if not (block.group(1) or "").startswith(NOT_RUN)]


def free_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return int(listener.getsockname()[1])


SERVE = """newsbot serve --port 0 >serve.log 2>&1 & served=$!
until grep -q Serving serve.log; do sleep 0.2; done; cat serve.log; kill -INT $served; wait $served
"""
"""`newsbot serve` runs until Ctrl-C: the tour's line is run until it serves, then stopped."""


def docs_blocks() -> list[str]:
    """The shell blocks of the documentation pages that run (on the archive the demo wrote)."""
    pages = sorted(PAGES.glob("*.md"))
    return [block for page in pages for block in shell_blocks(page.read_text(encoding="utf-8"))]


def tour_script(port: int) -> str:
    """README's commands from the demo on, then the documentation's, as one shell script: the
    demo of the install command, then every shell block that runs, the replica's port 8000
    replaced by a free one."""
    readme = README.read_text(encoding="utf-8")
    install, _tests, *tour = shell_blocks(readme)
    demo = install.strip().rsplit(" && ", 1)[1]
    assert demo == ".venv/bin/newsbot demo"
    lines = [demo, *"".join([*tour, *docs_blocks()]).splitlines()]
    script = ["set -e"]
    for line in lines:
        script.append(SERVE if line == "newsbot serve" else line.replace("8000", str(port)))
    return "\n".join(script) + "\n"


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """A directory holding data/newsbot.db with articles in Власть, tagged Игорь Бабушкин,
    about a bridge, one of them edited; the examples run there."""
    db = tmp_path / "data" / "newsbot.db"
    with Archive(db, ARBUZ) as archive:
        for n in range(1, 4):
            archive.save(
                sample_article(
                    n, published_at=f"2024-0{n}-10T09:00:00+00:00",
                    paragraphs=["Новый мост через Волгу откроют весной.", f"Подробности {n}."],
                    tags=["Игорь Бабушкин"], tag_slugs=["igor-babushkin"],
                    categories=["Власть"], category_slugs=["vlast"],
                    excerpt="Мост через Волгу.", image_url="https://arbuztoday.ru/most.jpg",
                    language="ru",
                )
            )  # fmt: skip
        edit = sample_article(
            1, published_at="2024-01-10T09:00:00+00:00", title="Правка",
            tags=["Игорь Бабушкин"], tag_slugs=["igor-babushkin"],
            categories=["Власть"], category_slugs=["vlast"],
        )  # fmt: skip
        archive.save(edit)
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(before)


def run(code: str) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    return printed.getvalue()


@pytest.mark.e2e
def test_the_quick_tour_runs_verbatim_on_the_replica(tmp_path: Path) -> None:
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    result = subprocess.run(
        ["bash", "-c", tour_script(free_port())], cwd=tmp_path, capture_output=True, text=True,
        timeout=600, check=False, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    assert "Traceback" not in out
    assert "First crawl (the archive was empty)" in out and "1000 new" in out
    assert "Next, in this directory" in out
    assert "Archive data/newsbot.db: 1,000 articles" in out
    assert "мосте через Волгу" in out
    assert "Exported 458 articles (jsonl)" in out and "Exported 118 articles (csv)" in out
    assert "Serving http://127.0.0.1:" in out
    assert "Recommended: --source rest" in out
    assert "Backfill of http://127.0.0.1:" in out and "458 new" in out
    assert re.search(r"Incremental crawl of .*full speed on loopback.*: \d+ requests, 542 new", out)
    assert re.search(r"Incremental crawl of .*full speed on loopback.*: 3 requests, 0 new", out)
    # The documentation's examples, on the same archive:
    assert "Exported 1000 articles (seed)" in out and "Exported 1000 articles (parquet)" in out
    assert "Imported 1000 of 1000 files: 0 new, 0 updated, 1000 unchanged" in out
    assert "Plot of 60 days written to data/report.png" in out
    assert (tmp_path / "data" / "report.png").stat().st_size > 0


def test_the_python_api_example_runs(workdir: Path) -> None:
    printed = run(python_example(PAGES / "python-api.md", "# The archive from Python"))
    printed = printed.splitlines()
    assert printed[0].startswith("2024-02-10 09:00:00+00:00 ") and "novost-nomer-2" in printed[0]
    assert len(printed) == 2 + 2  # articles 2 and 3 with the bridge, then two versions of 1
    assert printed[2].startswith("1 ") and printed[3].startswith("2 ")
    assert printed[3].endswith("Правка")


def test_the_export_fields_example_runs(workdir: Path) -> None:
    result = newsbot(
        "export", "--db", str(workdir / "data" / "newsbot.db"), "--format", "jsonl",
        "--out", str(workdir / "data" / "arbuz.jsonl"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    printed = run(python_example(PAGES / "reading.md", "## Export fields"))
    # The edit came without a description: the row keeps the one it had; the words are new.
    assert printed == "Мост через Волгу. https://arbuztoday.ru/most.jpg ru 10\n"
