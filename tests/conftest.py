"""Shared test fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.replica import Replica, running_replica
from tests.wordpress.environment import require_wordpress
from tests.wordpress.site import Site
from tests.wordpress.stack import THEME_NAMES, WordPress, running_wordpress

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `fuzz` (long profiles) run only when the marker expression names them."""
    if "fuzz" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="the long fuzz profile runs with -m fuzz")
    for item in items:
        if item.get_closest_marker("fuzz") is not None:
            item.add_marker(skip)


@pytest.fixture
def fixtures() -> Path:
    """The directory of saved pages, the seed document and golden outputs."""
    return FIXTURES


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    """A replica of the default corpus, shared by the tests of one module."""
    with running_replica() as running:
        yield running


@pytest.fixture(scope="session")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPress]:
    """A real WordPress with the test content, one per test process (skipped without Debian's
    packages, failed under CI=true); `wordpress.new_site()` serves a copy of its site to change."""
    require_wordpress()
    with running_wordpress(tmp_path_factory.mktemp("wordpress")) as running:
        yield running


@pytest.fixture(scope="session", params=THEME_NAMES)
def wordpress_site(request: pytest.FixtureRequest, wordpress: WordPress) -> Iterator[Site]:
    """The test site in each theme, shared: tests must not change it (use `new_site()` for that)."""
    site = wordpress.new_site(request.param)
    yield site
    site.close()
