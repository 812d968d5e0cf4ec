"""The documentation site builds without a warning, and documents every command and setting."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from newsbot import settings
from newsbot.cli import main
from newsbot.cli.overrides import EXPECTED
from tests.crawling import ROOT

DOCS = ROOT / "docs"
PAGES = DOCS / "pages"


def test_the_site_builds_in_strict_mode(tmp_path: Path) -> None:
    """A broken link, an anchor that is not there or a page left out of the nav fails."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
         "--config-file", str(DOCS / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (tmp_path / "site" / "health" / "index.html").is_file()


def test_every_command_is_documented() -> None:
    commands = (PAGES / "commands.md").read_text(encoding="utf-8")
    missing = [name for name in main.commands if f"| `newsbot {name}` |" not in commands]
    assert missing == []


def test_every_newsbot_setting_is_documented() -> None:
    names = {name for name in vars(settings) if name.startswith("NEWSBOT_")}
    names |= {name for name in EXPECTED if name.startswith("NEWSBOT_")}
    table = (PAGES / "settings.md").read_text(encoding="utf-8")
    assert sorted(name for name in names if f"| `{name}` |" not in table) == []


def test_readme_links_name_files_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(((?!https?:)[^)#]+)(?:#[^)]*)?\)", readme)
    assert targets, "README links to the documentation"
    assert [target for target in targets if not (ROOT / target).exists()] == []
