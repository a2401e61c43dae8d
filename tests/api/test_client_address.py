"""The client address a served API counts failed authentications against: the connection's, unless the request
came through a proxy named in NEWSFLOW_FORWARDED_ALLOW_IPS (fresh-eyes finding: uvicorn believed X-Forwarded-For
from 127.0.0.1 by default, so anyone reaching the API through localhost chose an address per guess)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from services.ingest import sources
from shared.db import session_scope, upgrade
from tests.e2e.stack import free_port

BODY = {"guid": "urn:test:address:1", "headline": "Harbour reopens",
        "body_text": "The harbour in Cebu reopened on Tuesday after the storm passed, officials said."}


@contextmanager
def _served(env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    port = free_port()
    with open(tmp_path / "api.log", "wb") as log:
        api = subprocess.Popen([sys.executable, "-m", "services.cli", "api", "--port", str(port)],
                               env=os.environ | env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        api.terminate()
        api.wait(20)


def _guesses(base: str) -> list[int]:
    """Five wrong keys, each claiming to come from a different client."""
    return [httpx.post(f"{base}/v1/articles", json=BODY, timeout=10,
                       headers={"authorization": f"Bearer nfk_guess{n}", "x-forwarded-for": f"198.51.100.{n}"}
                       ).status_code for n in range(5)]


@pytest.mark.parametrize(("trusted", "statuses"), [
    ("", [401, 401, 429, 429, 429]),  # the header is believed from no one: every guess is the connection's
    ("127.0.0.1", [401] * 5),  # a named proxy: each guess is its forwarded client's
])
def test_x_forwarded_for_names_the_client_only_from_a_proxy_named_in_the_settings(  # type: ignore[no-untyped-def]
        pg_redis: dict[str, str], configure, tmp_path: Path, trusted: str, statuses: list[int]) -> None:
    env = configure(**{name.removeprefix("NEWSFLOW_").lower(): value for name, value in pg_redis.items()
                       if name.startswith("NEWSFLOW_")} | {
        "auth_failure_rate_per_second": "0.01", "auth_failure_burst": "2", "forwarded_allow_ips": trusted})
    upgrade()
    with session_scope() as session:
        sources.add(session, "wire-a")  # keys are required
    with _served(env, tmp_path) as base:
        assert _guesses(base) == statuses
