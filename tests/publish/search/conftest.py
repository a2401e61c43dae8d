"""Search against both engines: one migrated database per engine and test module, loaded in bulk once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.api import create_api, producer_app
from shared import state
from shared.db import get_engine, upgrade
from tests.conftest import GAZETTEER, new_pg_database

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(scope="module", params=ENGINES)
def engine_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, configured database of each engine for the whole module (SQLite file or PostgreSQL)."""
    var: Path = tmp_path_factory.mktemp("search")
    with ExitStack() as stack:
        url = (stack.enter_context(new_pg_database()) if request.param == "postgresql"
               else f"sqlite:///{var}/newsflow.db")
        yield from _configured(url, var)


def _configured(url: str, var: Path) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        for key, value in {"DATABASE_URL": url, "VAR_DIR": str(var), "LOG_FORMAT": "json",
                           "BROKER_URL": f"sqla+sqlite:///{var}/broker.db", "GAZETTEER_PATH": str(GAZETTEER)}.items():
            patch.setenv(f"NEWSFLOW_{key}", value)
        state.reset()
        upgrade(url)
        yield url
        state.reset()


@pytest.fixture(scope="module")
def client(engine_url: str) -> Iterator[TestClient]:
    """The HTTP app (no relay loop) on the module's database."""
    producer_app.cache_clear()
    yield TestClient(create_api(relay=False))
    producer_app.cache_clear()


def write(stories: list) -> list[str]:  # type: ignore[type-arg]
    """Load stories into the configured database in one transaction; their article ids."""
    from benchmarks.harness.stories import load

    with get_engine().begin() as connection:
        return load(connection, stories)
