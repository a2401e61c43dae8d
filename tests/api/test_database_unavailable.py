"""When the database refuses connections, every route answers 503 naming it, with Retry-After, never 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.api import create_api, producer_app
from shared import state


@pytest.fixture
def down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The API configured for a PostgreSQL server that is not there (nothing listens on port 9)."""
    monkeypatch.setenv("NEWSFLOW_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/newsflow?connect_timeout=2")
    monkeypatch.setenv("NEWSFLOW_BROKER_URL", f"sqla+sqlite:///{tmp_path}/broker.db")
    monkeypatch.setenv("NEWSFLOW_VAR_DIR", str(tmp_path))
    state.reset()
    producer_app.cache_clear()
    yield TestClient(create_api(relay=False), raise_server_exceptions=False)
    producer_app.cache_clear()
    state.reset()


@pytest.mark.parametrize(("method", "path", "params", "headers"), [
    ("GET", "/v1/articles", {"q": "ceasefire"}, {}),
    ("GET", "/v1/articles", {"place": "703448", "include": "contained"}, {"Accept": "application/x-ndjson"}),
    ("GET", "/v1/articles/facets", {"country": "UA"}, {}),
    ("GET", "/feeds/search.atom", {"q": "ceasefire"}, {}),
    ("POST", "/v1/articles", {}, {"Content-Type": "text/plain"}),
])
def test_a_database_that_refuses_connections_is_a_503_naming_it(down, method, path, params, headers) -> None:  # type: ignore[no-untyped-def]
    answer = down.request(method, path, params=params, headers=headers,
                          content=b"KYIV (Reuters) - Talks resumed." if method == "POST" else None)
    assert answer.status_code == 503, answer.text
    assert answer.json()["field"] == "database" and "retry" in answer.json()["reason"]
    assert answer.headers["Retry-After"] == "5"
