"""Fixtures for tests that break things on purpose: the pipeline on private servers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.harness import Pipeline, article, running_pipeline

__all__ = ["Pipeline", "article"]


@pytest.fixture()
def pipeline(tmp_path: Path, gazetteer_path: Path) -> Iterator[Pipeline]:
    """Given the whole pipeline on private Redis + PostgreSQL, with short time limits and retries."""
    with running_pipeline(tmp_path, gazetteer_path) as running:
        yield running


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/faults/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.faults)
