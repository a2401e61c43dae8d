"""`newsflow up` runs the whole pipeline as processes, and brings back a service that dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.e2e.stack import free_port, wait_for

pytestmark = pytest.mark.e2e


def _service_pids(parent: int, command: str) -> list[int]:
    """Pids of `newsflow <command>` processes started by ``parent``."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    found = []
    for child in children:
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_text().replace("\0", " ")
        except FileNotFoundError:
            continue
        if f"services.cli {command}" in cmdline:
            found.append(int(child))
    return found


@pytest.mark.parametrize("backend", ["pg_redis", "pg_rabbitmq"])
def test_up_restarts_a_service_that_dies_and_the_pipeline_keeps_working(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    port = free_port()
    env = os.environ | request.getfixturevalue(backend) | {"NEWSFLOW_API_PORT": str(port)}
    up = subprocess.Popen([sys.executable, "-m", "services.cli", "up"], env=env,
                          stdout=open(tmp_path / "up.log", "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    try:
        def ready() -> bool:
            try:
                return httpx.get(f"{base}/readyz", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        assert wait_for(ready, 60), (tmp_path / "up.log").read_text()[-3000:]
        # When the ingest worker is killed outright
        [ingest] = wait_for(lambda: _service_pids(up.pid, "worker ingest"), 10)
        os.kill(ingest, signal.SIGKILL)
        # Then `up` starts a new one, and an article still goes all the way through
        assert wait_for(lambda: (p := _service_pids(up.pid, "worker ingest")) and p != [ingest], 20)
        answer = httpx.post(f"{base}/v1/articles", json={"guid": "urn:up:1", "headline": "Lima port reopens",
                                                         "body_text": "The port of Lima reopened on Monday."})
        article_id = answer.json()["id"]
        status = wait_for(lambda: httpx.get(f"{base}/v1/articles/{article_id}").json()["status"] == "published", 60)
        assert status, (tmp_path / "up.log").read_text()[-3000:]
    finally:
        up.send_signal(signal.SIGTERM)
        up.wait(60)
    assert up.returncode == 0, "Ctrl-C/SIGTERM stops every service cleanly"
