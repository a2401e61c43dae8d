"""The running pipeline the ops tests watch: API + four workers on PostgreSQL + Redis, one recording mirror."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import httpx
import pytest

from shared.db import session_scope
from tests.e2e.stack import RecordingMirror, Stack

MANILA = 1701668
SAMPLE = resources.files("services.ingest.samples") / "manila-summit.txt"


@pytest.fixture()
def pipeline(pg_redis: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> Iterator[tuple[Stack, RecordingMirror]]:
    """Given the whole pipeline running with one mirror registered."""
    monkeypatch.setenv("NEWSFLOW_OUTBOUND_ALLOWLIST", "127.0.0.1")
    mirror = RecordingMirror()
    from services.publish import mirrors

    with session_scope() as session:
        mirrors.add(session, "ops-mirror", mirror.url, secret="whsec_" + "b3BzdGVzdHNlY3JldG9wc3Rlc3Q=")
    running = Stack(pg_redis | {"NEWSFLOW_OUTBOUND_ALLOWLIST": "127.0.0.1"}, tmp_path / "logs")
    try:
        yield running.start(), mirror
    finally:
        running.stop()
        mirror.close()


def post_sample(running: Stack) -> dict:
    """POST the Manila sample as a scraped page and wait until it is published."""
    answer = httpx.post(f"{running.base}/v1/articles", content=SAMPLE.read_bytes(),
                        headers={"content-type": "text/plain"})
    assert answer.status_code == 202, answer.text
    return running.wait_status(answer.json()["id"], "published")
