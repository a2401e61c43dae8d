"""Every HTTP request leaves one log line and one metric sample: route template, status, and why a refusal."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from structlog.testing import capture_logs

from services.api import create_api, producer_app

ARTICLE = {"guid": "urn:test:log-1", "headline": "Harbour reopens after storm", "source": "wire-a",
           "body_text": "The harbour in Cebu reopened on Tuesday after the storm passed, officials said.",
           "versioncreated": "2026-11-20T10:00:00Z", "language": "en"}
READ = "/v1/articles/{article_id}"


@pytest.fixture()
def client(configure, pg_database: str, redis_broker: str, gazetteer_path) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    configure(database_url=pg_database, broker_url=redis_broker, admin_key="test-admin-key",
              gazetteer_path=str(gazetteer_path))
    producer_app.cache_clear()
    with TestClient(create_api(relay=False)) as test_client:
        yield test_client
    producer_app.cache_clear()


def _samples(scrape: str, name: str) -> dict[tuple[str, str, str], float]:
    """{(method, route, status): value} of one series in a scrape."""
    return {(s.labels["method"], s.labels["route"], s.labels["status"]): s.value
            for family in text_string_to_metric_families(scrape) for s in family.samples if s.name == name}


def test_requests_are_counted_and_timed_by_route_template_and_status(client: TestClient) -> None:
    # Given an accepted article, read twice, and two requests for things that do not exist
    article_id = client.post("/v1/articles", json=ARTICLE).json()["id"]
    assert client.get(f"/v1/articles/{article_id}").status_code == 200
    assert client.get(f"/v1/articles/{article_id}").status_code == 200
    assert client.get("/v1/articles/no-such-article").status_code == 404
    assert client.get("/no/such/route").status_code == 404
    # When Prometheus scrapes
    scrape = client.get("/metrics").text
    # Then each is counted under its route template (never the raw path, so no id becomes a label) and status
    counts = _samples(scrape, "newsflow_http_requests_total")
    assert counts[("POST", "/v1/articles", "202")] == 1
    assert counts[("GET", READ, "200")] == 2
    assert counts[("GET", READ, "404")] == 1
    assert counts[("GET", "unmatched", "404")] == 1
    assert not any(article_id in route or "no-such" in route for _, route, _ in counts)
    durations = _samples(scrape, "newsflow_http_request_duration_seconds_count")
    assert durations[("GET", READ, "200")] == 2
    assert _samples(scrape, "newsflow_http_request_duration_seconds_sum")[("GET", READ, "200")] > 0


def test_a_refusal_is_logged_at_info_with_its_reason_and_request_id_and_no_secret(client: TestClient) -> None:
    with capture_logs() as logs:
        answer = client.patch("/v1/mirrors/desk", json={"enabled": False},
                              headers={"authorization": "Bearer not-the-key", "x-request-id": "req-refused-1"})
        assert answer.status_code == 401
        too_big = client.post("/v1/articles", content=b"x", headers={"content-type": "application/x-unknown",
                                                                      "x-request-id": "req-refused-2"})
        assert too_big.status_code == 415
    lines = [line for line in logs if line["event"] == "http.request"]
    refused = {line["request_id"]: line for line in lines}
    assert refused["req-refused-1"] | {"duration_ms": 0} == {
        "event": "http.request", "log_level": "info", "method": "PATCH", "route": "/v1/mirrors/{name}",
        "status": 401, "request_id": "req-refused-1", "error": "Unauthorized", "field": "authorization",
        "reason": "wrong admin key", "duration_ms": 0}
    assert refused["req-refused-2"]["status"] == 415 and refused["req-refused-2"]["field"]
    assert refused["req-refused-2"]["log_level"] == "info"
    assert "not-the-key" not in repr(logs)


def test_a_read_of_an_article_is_logged_with_the_article_id(client: TestClient) -> None:
    article_id = client.post("/v1/articles", json=ARTICLE).json()["id"]
    with capture_logs() as logs:
        client.get(f"/v1/articles/{article_id}", headers={"x-request-id": "req-read-1"})
    (line,) = [line for line in logs if line["event"] == "http.request"]
    assert (line["log_level"], line["status"], line["route"], line["article_id"], line["request_id"]) == (
        "info", 200, READ, article_id, "req-read-1")


def test_promtool_accepts_a_real_scrape(client: TestClient) -> None:
    """`promtool check metrics` (Prometheus' own linter) on what /metrics really serves."""
    promtool = shutil.which("promtool")
    assert promtool is not None, "promtool is missing: install Debian's 'prometheus' package (.ci/run does)"
    client.post("/v1/articles", json=ARTICLE)
    client.get("/v1/articles/nothing")
    scrape = client.get("/metrics").text
    assert "newsflow_http_requests_total" in scrape
    result = subprocess.run([promtool, "check", "metrics"], input=scrape, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_openapi_document_and_the_docs_assets_are_counted_under_their_own_routes(client: TestClient) -> None:
    """Found by a tester who had not seen the code: Starlette's own routes and mounts were counted as unmatched."""
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs/assets/favicon.png").status_code == 200
    scrape = client.get("/metrics").text
    counted = _samples(scrape, "newsflow_http_requests_total")
    assert counted.get(("GET", "/openapi.json", "200"), 0) >= 1
    assert counted.get(("GET", "/docs/assets/{path}", "200"), 0) >= 1


def test_the_posts_own_line_names_the_article_it_made(client: TestClient) -> None:
    """Found by a tester who had not seen the code: the POST's http.request line carried no article_id."""
    with capture_logs() as logs:
        article_id = client.post("/v1/articles", json=ARTICLE | {"guid": "urn:test:log-post"}).json()["id"]
    lines = [line for line in logs if line["event"] == "http.request" and line["route"] == "/v1/articles"]
    assert [line.get("article_id") for line in lines] == [article_id]


def test_every_reference_in_the_openapi_document_resolves(client: TestClient) -> None:
    """Found by a tester who had not seen the code: /redoc failed on a $ref to a schema that was not there."""
    document = client.get("/openapi.json").json()
    refs: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            refs.update(v for k, v in node.items() if k == "$ref" and isinstance(v, str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    schemas = {f"#/components/schemas/{name}" for name in document["components"]["schemas"]}
    assert "#/components/schemas/NinjsArticle" in refs
    assert refs <= schemas
