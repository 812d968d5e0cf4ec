"""Shared test fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.replica import Replica, running_replica

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
