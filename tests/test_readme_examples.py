"""README's examples of the Python API and of the export fields run as written, against an
archive that holds what they ask for."""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import ROOT, newsbot
from tests.store_samples import sample_article


def python_example(section: str) -> str:
    """The first ```python block after the heading `section` of README.md."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme.split(f"\n{section}\n", 1)[1]
    found = re.search(r"```python\n(.*?)```", after, re.DOTALL)
    assert found is not None, section
    return found.group(1)


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """A directory holding data/newsbot.db with articles in Политика, tagged Игорь Бабушкин,
    about a bridge, one of them edited; the examples run there."""
    db = tmp_path / "data" / "newsbot.db"
    with Archive(db, ARBUZ) as archive:
        for n in range(1, 4):
            archive.save(
                sample_article(
                    n, published_at=f"2024-0{n}-10T09:00:00+00:00",
                    paragraphs=["Новый мост через Волгу откроют весной.", f"Подробности {n}."],
                    tags=["Игорь Бабушкин"], tag_slugs=["igor-babushkin"],
                    excerpt="Мост через Волгу.", image_url="https://arbuztoday.ru/most.jpg",
                    language="ru",
                )
            )  # fmt: skip
        edit = sample_article(
            1, published_at="2024-01-10T09:00:00+00:00", title="Правка",
            tags=["Игорь Бабушкин"], tag_slugs=["igor-babushkin"],
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


def test_the_python_api_example_runs(workdir: Path) -> None:
    printed = run(python_example("## The archive from Python")).splitlines()
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
    printed = run(python_example("### Export fields"))
    # The edit came without a description: the row keeps the one it had; the words are new.
    assert printed == "Мост через Волгу. https://arbuztoday.ru/most.jpg ru 10\n"
