"""Fixtures for the ingest tests: the HTTP API on real PostgreSQL and Redis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.api import create_api, producer_app


@pytest.fixture()
def client(pg_redis: dict[str, str]) -> Iterator[TestClient]:
    """An API client on a fresh PostgreSQL database and a clean Redis broker."""
    producer_app.cache_clear()
    with TestClient(create_api(relay=False)) as test_client:
        yield test_client
    producer_app.cache_clear()
