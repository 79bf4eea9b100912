"""Fixtures for exchange tests: table laptops of the demo event and an archive path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.plan.model import Plan
from tests.exchange.helpers import Laptop, make_laptop


@pytest.fixture
def laptop(tmp_path: Path, demo_plan: Plan) -> Iterator[Laptop]:
    """A laptop serving table 1."""
    made = make_laptop(tmp_path / "laptop-a.sqlite", demo_plan, 1)
    yield made
    made.store.close()


@pytest.fixture
def second_laptop(tmp_path: Path, demo_plan: Plan) -> Iterator[Laptop]:
    """Another laptop serving table 1 (the first one's battery ran flat)."""
    made = make_laptop(tmp_path / "laptop-b.sqlite", demo_plan, 1)
    yield made
    made.store.close()


@pytest.fixture
def archive(archive_at: Path | str) -> Path | str:
    """Each archive test runs on a file and on a PostgreSQL server (tests/conftest.py)."""
    return archive_at
