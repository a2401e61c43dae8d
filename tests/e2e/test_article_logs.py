"""Operators follow one article through the logs: `grep <article id>` over every service's output shows its
acceptance, ingest, enrichment, publication and every delivery, and every stage line about it, Celery's own
included, carries ``article_id`` (and the POST's ``request_id``) as fields."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shared.db import session_scope
from tests.e2e.stack import RecordingMirror, Stack, wait_for

pytestmark = pytest.mark.e2e
ARTICLE = {"guid": "urn:test:follow-1", "headline": "Harbour in Cebu reopens after the storm", "source": "wire-a",
           "body_text": "CEBU, Philippines (Wire) — The harbour in Cebu reopened on Tuesday after the storm "
                        "passed, officials in Manila said.", "versioncreated": "2026-11-20T10:00:00Z",
           "language": "en"}
REQUEST_ID = "req-follow-the-article-1"


@pytest.fixture()
def stack(pg_redis: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[tuple[Stack, list[RecordingMirror]]]:
    """The real stack (API + ingest, enrich, publish, deliver workers) on PostgreSQL + Redis, two mirrors."""
    from services.publish import mirrors as registry

    monkeypatch.setenv("NEWSFLOW_OUTBOUND_ALLOWLIST", "127.0.0.1")
    sites = [RecordingMirror(), RecordingMirror()]
    with session_scope() as session:
        for n, site in enumerate(sites):
            registry.add(session, f"follow-{n}", site.url)
    running = Stack(pg_redis | {"NEWSFLOW_OUTBOUND_ALLOWLIST": "127.0.0.1"}, tmp_path / "logs")
    try:
        yield running.start(), sites
    finally:
        running.stop()
        for site in sites:
            site.close()


def grep(log_dir: Path, needle: str) -> dict[str, list[dict]]:
    """`grep <needle>` over each service's log: the matching lines, parsed (each must be one JSON object)."""
    found: dict[str, list[dict]] = {}
    for path in sorted(log_dir.glob("*.log")):
        for line in path.read_text(errors="replace").splitlines():
            if needle in line:
                assert line.startswith("{"), f"{path.name}: a line about the article is not a JSON log line: {line}"
                found.setdefault(path.stem, []).append(json.loads(line))
    return found


def test_grep_for_an_article_id_shows_its_whole_journey_with_the_id_on_every_line(stack) -> None:  # type: ignore[no-untyped-def]
    running, sites = stack
    # Given an article POSTed with a request id, published and delivered to two mirrors
    answer = httpx.post(f"{running.base}/v1/articles", json=ARTICLE, headers={"x-request-id": REQUEST_ID})
    assert answer.status_code == 202, answer.text
    article_id = answer.json()["id"]
    running.wait_status(article_id, "published")
    assert wait_for(lambda: all(site.received for site in sites), 60), running.logs()
    httpx.get(f"{running.base}/v1/articles/{article_id}")  # and read once

    def delivered_lines() -> int:
        return sum(1 for line in grep(running.log_dir, article_id).get("deliver", [])
                   if line.get("event") == "task.finished")

    assert wait_for(lambda: delivered_lines() >= 2, 30), running.logs()
    # When an operator greps the services' logs for the article id
    lines = grep(running.log_dir, article_id)
    # Then every stage is there: accepted, read, ingested, enriched, published, and one delivery per mirror
    events = {service: {line["event"] for line in found} for service, found in lines.items()}
    assert {"article.accepted", "http.request"} <= events["api"], events
    for stage in ("ingest", "enrich", "publish", "deliver"):
        assert "task.finished" in events.get(stage, set()), (stage, events)
    finished = {service: [line for line in found if line["event"] == "task.finished"]
                for service, found in lines.items()}
    assert len(finished["deliver"]) >= len(sites)
    # And Celery's own lines about the tasks are among them
    celery_lines = [line for found in lines.values() for line in found if line["event"].startswith("Task ")]
    assert any("received" in line["event"] for line in celery_lines), events
    assert any("succeeded" in line["event"] for line in celery_lines), events
    # And every line that mentions the article in a stage carries it as a field, with the POST's request id
    for service, found in lines.items():
        for line in found:
            assert line.get("article_id") == article_id, (service, line)
            if service != "api" or line["event"] == "article.accepted":
                assert line.get("request_id") == REQUEST_ID, (service, line)
