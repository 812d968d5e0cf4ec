"""Shared test fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.replica import Replica, running_replica

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    """The directory of saved pages, the seed document and golden outputs."""
    return FIXTURES


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    """A replica of the default corpus, shared by the tests of one module."""
    with running_replica() as running:
        yield running
