"""A database that stops answering (frozen, partitioned: connections open, nothing comes back) is a 503 within the
work timeout, never a request held forever; sent again once it answers, the article is accepted once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from services.api import READY_TIMEOUT, create_api, producer_app
from shared import state
from shared.db import session_scope, upgrade
from shared.models import Article
from tests.e2e.stack import wait_for
from tests.faults.servers import PrivatePostgres, stopped

WORK_TIMEOUT = 3


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, PrivatePostgres]]:
    postgres = PrivatePostgres().init()
    monkeypatch.setenv("NEWSFLOW_DATABASE_URL", postgres.url)
    monkeypatch.setenv("NEWSFLOW_BROKER_URL", f"sqla+sqlite:///{tmp_path}/broker.db")
    monkeypatch.setenv("NEWSFLOW_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSFLOW_API_WORK_TIMEOUT", str(WORK_TIMEOUT))
    state.reset()
    producer_app.cache_clear()
    try:
        upgrade()
        yield TestClient(create_api(relay=False), raise_server_exceptions=False), postgres
    finally:
        producer_app.cache_clear()
        state.reset()
        postgres.close()


@contextmanager
def frozen(postgres: PrivatePostgres) -> Iterator[None]:
    """Every process of the cluster stopped (SIGSTOP): the kernel still holds its connections open."""
    postmaster = psutil.Process(int((postgres.dir / "data" / "postmaster.pid").read_text().split()[0]))
    with stopped([postmaster.pid, *(child.pid for child in postmaster.children(recursive=True))]):
        yield


def article(guid: str) -> dict:
    return {"guid": guid, "source": "wire-frozen", "headline": "Harbour reopens after storm",
            "body_text": f"The harbour in Cebu reopened on Tuesday after the storm passed ({guid}).", "language": "en"}


def test_a_frozen_database_is_a_503_within_the_timeout_and_the_article_sent_again_is_accepted_once(api) -> None:  # type: ignore[no-untyped-def]
    client, postgres = api
    # Given an API whose pooled connections work
    assert client.post("/v1/articles", json=article("urn:frozen:warm")).status_code == 202
    with frozen(postgres):
        # When the database stops answering, a POST is answered 503 naming the database, with Retry-After
        started = time.monotonic()
        answer = client.post("/v1/articles", json=article("urn:frozen:1"))
        waited = time.monotonic() - started
        assert answer.status_code == 503, answer.text
        assert answer.json()["field"] == "database" and "send it again" in answer.json()["reason"]
        assert answer.headers["Retry-After"] == "5"
        assert WORK_TIMEOUT <= waited < WORK_TIMEOUT + 10
        # and so is a status read; readiness says the database does not answer; liveness still answers
        assert client.get(f"/v1/articles/{'0' * 32}").status_code == 503
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "no answer" in ready.json()["problems"]["database"]
        assert ready.json()["problems"]["database"] == f"no answer within {READY_TIMEOUT} s"
        assert client.get("/healthz").status_code == 200
    # When it answers again and the client sends the article again
    again = wait_for(lambda: (r := client.post("/v1/articles", json=article("urn:frozen:1"))).status_code < 500
                     and r, 30, 0.5)
    # Then it is accepted (or found accepted by the request given up on), once
    assert again and again.status_code in (200, 202), again and again.text

    def stored() -> int:
        with session_scope() as session:
            return session.scalar(select(func.count()).select_from(Article)
                                  .where(Article.guid == "urn:frozen:1")) or 0

    assert stored() == 1
    time.sleep(1)  # the given-up request's thread, if it was still running, has finished by now
    assert stored() == 1
