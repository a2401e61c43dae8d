"""A database that stops answering (frozen, partitioned: connections open, nothing comes back) is a 503 within the
work timeout, never a request held forever, however many reads wait on it; liveness keeps answering; sent again
once it answers, an article is accepted once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import pytest
from sqlalchemy import func, select

from services.api import READY_TIMEOUT
from services.deadline import SLACK
from shared.db import reset_engine, session_scope, upgrade
from shared.models import Article
from shared.settings import get_settings
from tests.e2e.stack import free_port, wait_for
from tests.faults.servers import PrivatePostgres, stopped

WORK_TIMEOUT = 3


class Api:
    def __init__(self, base: str, postgres: PrivatePostgres) -> None:
        self.base, self.postgres = base, postgres

    def post(self, guid: str) -> httpx.Response:
        return httpx.post(f"{self.base}/v1/articles", json=article(guid), timeout=60)

    def get(self, path: str, **params: str) -> httpx.Response:
        return httpx.get(f"{self.base}{path}", params=params, timeout=60)


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """The API as its own process (uvicorn, its thread pool) on a private PostgreSQL."""
    postgres = PrivatePostgres().init()
    port = free_port()
    env = {"NEWSFLOW_DATABASE_URL": postgres.url, "NEWSFLOW_BROKER_URL": f"sqla+sqlite:///{tmp_path}/broker.db",
           "NEWSFLOW_VAR_DIR": str(tmp_path), "NEWSFLOW_API_WORK_TIMEOUT": str(WORK_TIMEOUT),
           "NEWSFLOW_RATE_LIMIT_PER_SECOND": "0", "NEWSFLOW_LOG_FORMAT": "json"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    reset_engine()
    process = None
    try:
        upgrade()
        with open(tmp_path / "api.log", "wb") as log:
            process = subprocess.Popen([sys.executable, "-m", "services.cli", "api", "--port", str(port)],
                                       env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: _answers(f"{base}/readyz"), 60, 0.2), (tmp_path / "api.log").read_text()
        yield Api(base, postgres)
    finally:
        if process is not None:
            process.terminate()
            process.wait(30)
        reset_engine()
        postgres.close()
        get_settings.cache_clear()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def frozen(postgres: PrivatePostgres) -> Iterator[None]:
    """Every process of the cluster stopped (SIGSTOP): the kernel still holds its connections open."""
    postmaster = psutil.Process(int((postgres.dir / "data" / "postmaster.pid").read_text().split()[0]))
    with stopped([postmaster.pid, *(child.pid for child in postmaster.children(recursive=True))]):
        yield


def article(guid: str) -> dict:
    return {"guid": guid, "source": "wire-frozen", "headline": "Harbour reopens after storm",
            "body_text": f"The harbour in Cebu reopened on Tuesday after the storm passed ({guid}).", "language": "en"}


def timed(call):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    answer = call()
    return answer, time.monotonic() - started


def stored(guid: str) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(Article).where(Article.guid == guid)) or 0


def test_a_frozen_database_is_a_503_within_the_timeout_and_the_article_sent_again_is_accepted_once(api: Api) -> None:
    # Given an API whose pooled connections work
    assert api.post("urn:frozen:warm").status_code == 202
    with frozen(api.postgres):
        # When the database stops answering, a POST is answered 503 naming the database, with Retry-After
        answer, waited = timed(lambda: api.post("urn:frozen:1"))
        assert answer.status_code == 503, answer.text
        assert answer.json()["field"] == "database" and "send it again" in answer.json()["reason"]
        assert answer.headers["Retry-After"] == "5"
        assert WORK_TIMEOUT <= waited < WORK_TIMEOUT + 10
        # and so is a status read; readiness says the database does not answer; liveness still answers
        assert api.get(f"/v1/articles/{'0' * 32}").status_code == 503
        ready = api.get("/readyz")
        assert ready.status_code == 503 and ready.json()["problems"] == {
            "database": f"no answer within {min(READY_TIMEOUT, WORK_TIMEOUT)} s"}
        assert api.get("/healthz").status_code == 200
    # When it answers again and the client sends the article again
    again = wait_for(lambda: (r := api.post("urn:frozen:1")).status_code < 500 and r, 30, 0.5)
    # Then it is accepted (or found accepted by the request given up on), once
    assert again and again.status_code in (200, 202), again and again.text
    assert stored("urn:frozen:1") == 1
    time.sleep(1)  # the given-up request's thread, if it was still running, has finished by now
    assert stored("urn:frozen:1") == 1


def test_reads_piling_up_on_a_frozen_database_starve_nothing(api: Api) -> None:
    """Fresh-eyes finding: 45 public reads during a freeze filled the thread pool; then the POST, /readyz and even
    /healthz answered nothing at all for as long as the freeze lasted."""
    assert api.post("urn:frozen:warm").status_code == 202
    with frozen(api.postgres), ThreadPoolExecutor(60) as pool:
        # Given more reads waiting on the frozen database than the API has threads
        reads = [pool.submit(timed, lambda n=n: api.get("/v1/articles", q=f"storm{n}")) for n in range(45)]
        feeds = [pool.submit(timed, lambda: api.get("/feeds/all.atom")) for _ in range(10)]
        time.sleep(1)
        # Then liveness answers at once, and the POST and readiness within their deadlines
        health, health_s = timed(lambda: api.get("/healthz"))
        assert health.status_code == 200 and health_s < 2, health_s
        posted, posted_s = timed(lambda: api.post("urn:frozen:2"))
        assert posted.status_code == 503 and posted_s < WORK_TIMEOUT + SLACK + 3, (posted.text, posted_s)
        ready, ready_s = timed(lambda: api.get("/readyz"))
        assert ready.status_code == 503 and ready_s < READY_TIMEOUT + 3, (ready.text, ready_s)
        # and every read is a 503 naming the server, with Retry-After, within the work timeout and its slack
        for answer, seconds in [future.result() for future in reads + feeds]:
            assert answer.status_code == 503 and answer.json()["field"] in ("server", "database"), answer.text
            assert answer.headers["Retry-After"] == "5" and seconds < WORK_TIMEOUT + SLACK + 5, seconds
    # When it thaws, the API answers again by itself
    assert wait_for(lambda: api.get("/v1/articles", q="storm").status_code == 200, 60, 0.5)
    assert wait_for(lambda: api.post("urn:frozen:2").status_code in (200, 202), 30, 0.5)
    assert stored("urn:frozen:2") == 1
