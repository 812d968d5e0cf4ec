"""A fresh headless Chromium with every request routed through a loopback guard."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "apt-get install chromium fonts-dejavu-core (tests/browser/packages.txt)"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip
"""Root, no network: no sandbox, nothing the browser would fetch for itself."""
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
"""Screenshots are copied here (gitignored) for people to look at after a run."""


def require_chromium() -> None:
    """Skip when Chromium or Playwright is missing; under CI=true, fail instead."""
    missing = [] if CHROMIUM.exists() else [str(CHROMIUM)]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -e '.[test]')")
    if not missing:
        return
    message = f"the browser tests need {', '.join(missing)}: {INSTALL}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class Guard:
    """Every request the browser made, and those that named a host off loopback (aborted)."""

    def __init__(self) -> None:
        self.requested: list[str] = []
        self.refused: list[str] = []

    def check(self, route: Route) -> None:
        url = route.request.url
        self.requested.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK:
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()


@contextmanager
def browser_page(profile: Path) -> Iterator[tuple[Page, Guard]]:
    """A page of a new headless Chromium whose profile is `profile` (a fresh directory)."""
    from playwright.sync_api import sync_playwright

    guard = Guard()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=list(FLAGS),
            viewport={"width": 1400, "height": 1000},
            locale="ru-RU",
        )
        try:
            context.route("**/*", guard.check)
            yield context.pages[0] if context.pages else context.new_page(), guard
        finally:
            context.close()


def keep(screenshot: Path) -> Path:
    """Copy a screenshot into `test-artifacts/`; return the copy."""
    ARTIFACTS.mkdir(exist_ok=True)
    return Path(shutil.copy2(screenshot, ARTIFACTS / screenshot.name))
