"""The ingest API against PostgreSQL and Redis: what a wire service sees, errors included."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from shared.db import session_scope
from shared.models import Article, OutboxEvent, Submission
from tests.outbox_helpers import wait_until_all_marked_sent

NINJS = {"guid": "urn:test:1", "headline": "Harbour reopens after storm", "source": "wire-a",
         "body_text": "The harbour in Cebu reopened on Tuesday after the storm passed, officials said.",
         "versioncreated": "2026-11-20T10:00:00Z", "language": "en"}


def _count(model: type) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_ninjs_article_is_accepted_with_its_id_and_status_url(client: TestClient) -> None:
    answer = client.post("/v1/articles", json=NINJS)
    assert answer.status_code == 202
    body = answer.json()
    assert body["status_url"] == f"/v1/articles/{body['id']}"
    status = client.get(body["status_url"]).json()
    assert status["status"] == "received" and status["guid"] == "urn:test:1"


def test_acceptance_writes_the_submission_and_its_outbox_event_together(client: TestClient) -> None:
    client.post("/v1/articles", json=NINJS)
    assert (_count(Article), _count(Submission), _count(OutboxEvent)) == (1, 1, 1)


def test_the_outbox_event_reaches_the_ingest_queue(client: TestClient, redis_broker: str) -> None:
    import redis

    client.post("/v1/articles", json=NINJS)
    queued = redis.Redis.from_url(redis_broker).lrange("ingest", 0, -1)
    assert len(queued) == 1
    assert json.loads(queued[0])["headers"]["task"] == "newsflow.ingest.process"
    assert wait_until_all_marked_sent() == []


def test_the_same_source_and_guid_answers_the_same_id_and_creates_nothing(client: TestClient) -> None:
    first = client.post("/v1/articles", json=NINJS).json()
    again = client.post("/v1/articles", json=NINJS)
    assert again.status_code == 200 and again.json()["id"] == first["id"] and again.json()["duplicate"]
    assert (_count(Article), _count(Submission)) == (1, 1)


def test_the_same_text_under_another_guid_is_the_same_article(client: TestClient) -> None:
    first = client.post("/v1/articles", json=NINJS).json()
    again = client.post("/v1/articles", json=NINJS | {"guid": "urn:test:other"}).json()
    assert again["id"] == first["id"] and _count(Submission) == 1


def test_a_newer_version_of_an_article_is_a_new_submission_of_the_same_article(client: TestClient) -> None:
    first = client.post("/v1/articles", json=NINJS).json()
    update = NINJS | {"versioncreated": "2026-11-20T12:00:00Z", "body_text": NINJS["body_text"] + " More."}
    second = client.post("/v1/articles", json=update)
    assert second.status_code == 202 and second.json()["id"] == first["id"]
    assert (_count(Article), _count(Submission)) == (1, 2)


def test_an_earlier_text_sent_again_as_a_newer_version_is_the_articles_newest(client: TestClient) -> None:
    # Given text 1 at 10:00, then text 2 at 11:00 (fresh-eyes finding: a correction taken back was lost)
    first = client.post("/v1/articles", json=NINJS).json()
    changed = NINJS | {"versioncreated": "2026-11-20T11:00:00Z", "body_text": "Cebu harbour stays closed."}
    assert client.post("/v1/articles", json=changed).status_code == 202
    # When text 1 comes again dated 12:00
    reverted = client.post("/v1/articles", json=NINJS | {"versioncreated": "2026-11-20T12:00:00Z"})
    # Then it is a new submission of the same article, not a duplicate
    assert reverted.status_code == 202 and reverted.json() == reverted.json() | {"id": first["id"], "duplicate": False}
    assert _count(Submission) == 3
    # and sent again (the same date, or with no newer one) it is a repeat
    assert client.post("/v1/articles", json=NINJS | {"versioncreated": "2026-11-20T12:00:00Z"}).status_code == 200
    assert client.post("/v1/articles", json=NINJS).status_code == 200
    assert _count(Submission) == 3


def test_an_older_version_than_the_one_held_changes_nothing(client: TestClient) -> None:
    client.post("/v1/articles", json=NINJS)
    stale = NINJS | {"versioncreated": "2026-11-19T12:00:00Z", "body_text": "Old text about Cebu harbour."}
    assert client.post("/v1/articles", json=stale).status_code == 200
    assert _count(Submission) == 1


def test_an_ndjson_batch_answers_one_item_per_line(client: TestClient) -> None:
    lines = [json.dumps(NINJS | {"guid": f"urn:test:{n}", "body_text": f"Story {n} from Davao City."})
             for n in range(3)]
    answer = client.post("/v1/articles", content="\n".join(lines),
                         headers={"content-type": "application/x-ndjson"})
    assert answer.status_code == 202
    assert len({item["id"] for item in answer.json()["items"]}) == 3


@pytest.mark.parametrize(
    ("content_type", "body", "status", "field"),
    [
        ("application/json", b'{"headline": "x"', 422, "body"),
        ("application/json", json.dumps(NINJS | {"versioncreated": "yesterday"}).encode(), 422, "versioncreated"),
        ("text/plain", b"\xff\xfe broken", 422, "body"),
        ("application/pdf", b"%PDF-1.4", 415, "content-type"),
        ("text/plain", b"", 422, "body"),
    ],
)
def test_bad_input_gets_a_4xx_naming_the_field_and_the_reason(
    client: TestClient, content_type: str, body: bytes, status: int, field: str
) -> None:
    answer = client.post("/v1/articles", content=body, headers={"content-type": content_type})
    assert answer.status_code == status, answer.text
    error = answer.json()
    assert error["field"] == field and error["reason"]
    assert _count(Submission) == 0


def test_a_body_over_the_limit_is_refused_with_413(client: TestClient, configure) -> None:  # type: ignore[no-untyped-def]
    answer = client.post("/v1/articles", content=b"word " * (1024 * 1024 + 1),
                         headers={"content-type": "text/plain"})
    assert answer.status_code == 413 and answer.json()["field"] == "body"


def test_an_unknown_article_id_is_a_404_naming_the_id(client: TestClient) -> None:
    answer = client.get("/v1/articles/0000")
    assert answer.status_code == 404 and answer.json()["field"] == "id"


def test_a_trailing_slash_is_a_404_naming_the_path_without_it_and_nothing_is_accepted(client: TestClient) -> None:
    # A 307 redirect (Starlette's default) has no body, and a client that does not follow it for a POST loses the
    # article without a word; a 404 that names the right path says what to fix.
    answer = client.post("/v1/articles/", json=NINJS, follow_redirects=False)
    assert answer.status_code == 404
    assert answer.json() == {"error": "NotFound", "field": "path", "reason": "no such resource: /v1/articles/ "
                             "(did you mean /v1/articles, without the trailing slash?)"}
    assert _count(Submission) == 0
    assert client.get("/nowhere/").json()["reason"] == "no such resource: /nowhere/"


@pytest.mark.parametrize("name", ["Authorization", "Content-Type", "Idempotency-Key", "Content-Encoding",
                                  "webhook-id"])
def test_a_header_that_may_appear_once_sent_twice_is_a_400_naming_it_and_nothing_is_accepted(
        client: TestClient, name: str) -> None:
    # Read as its first copy, a doubled header could mean one thing to us and another to a proxy or a signer.
    values = {"Authorization": ["Bearer a", "Bearer b"], "Content-Type": ["application/json", "text/plain"],
              "Idempotency-Key": ["one", "two"], "Content-Encoding": ["identity", "identity"],
              "webhook-id": ["msg_1", "msg_2"]}[name]
    headers = [(key, value) for key, value in [("Content-Type", "application/json")] if key != name]
    answer = client.post("/v1/articles", content=json.dumps(NINJS).encode(),
                         headers=headers + [(name, value) for value in values])
    assert answer.status_code == 400
    assert answer.json() == {"error": "MalformedRequest", "field": name, "reason": "sent 2 times; it may be sent once"
                             + (" (list the codings in one header)" if name == "Content-Encoding" else "")}
    assert _count(Submission) == 0


def test_health_readiness_and_openapi_answer(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
    spec = client.get("/openapi.json").json()
    assert "text/plain" in spec["paths"]["/v1/articles"]["post"]["requestBody"]["content"]


def test_the_post_documents_every_header_it_reads(client: TestClient) -> None:
    # Fresh-eyes finding: a client generated from the OpenAPI document could not send an Idempotency-Key or a
    # signature, because the document did not name them.
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/v1/articles"]["post"]
    documented = {(parameter["in"], parameter["name"].lower()) for parameter in post["parameters"]}
    assert documented >= {("header", name) for name in ("idempotency-key", "content-encoding", "webhook-id",
                                                         "webhook-timestamp", "webhook-signature", "x-request-id")}
    assert "decompressed" in next(p for p in post["parameters"] if p["name"] == "webhook-signature")["description"]
    # The key is a security scheme: OpenAPI says tools SHALL ignore a header parameter named Authorization
    assert post["security"] == [{"sourceKey": []}, {}]
    assert spec["components"]["securitySchemes"]["sourceKey"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["sourceKey"][
            "description"]}
    everywhere = [(path, method, parameter["name"]) for path, operations in spec["paths"].items()
                  for method, operation in operations.items() for parameter in operation.get("parameters", [])
                  if parameter["name"].lower() == "authorization"]
    assert everywhere == []
    assert spec["paths"]["/v1/mirrors"]["get"]["security"] == [{"adminKey": []}]


def test_the_post_s_answers_match_the_schemas_its_openapi_document_declares(client: TestClient) -> None:
    """Fresh-eyes finding: the 202's schema was empty and 503 was not listed. Given the OpenAPI document, then a
    new article (202), its repeat (200), an NDJSON batch (202) and a refusal (422) each validate against the
    schema declared for their status, and 503 (the database away) is declared with the error body."""
    from jsonschema import Draft202012Validator

    spec = client.get("/openapi.json").json()
    declared = spec["paths"]["/v1/articles"]["post"]["responses"]

    def valid(status: int, body: object) -> None:
        schema = declared[str(status)]["content"]["application/json"]["schema"]
        # The document's components beside it, so its "#/components/schemas/..." references resolve
        Draft202012Validator(schema | {"components": spec["components"]}).validate(body)

    lines = "\n".join(json.dumps(NINJS | {"guid": f"urn:test:nd:{n}", "body_text": f"Ferry {n} sailed from Cebu."})
                      for n in range(2))
    answers = [client.post("/v1/articles", json=NINJS), client.post("/v1/articles", json=NINJS),
               client.post("/v1/articles", content=lines, headers={"content-type": "application/x-ndjson"}),
               client.post("/v1/articles", json=NINJS | {"versioncreated": "yesterday"})]
    assert [answer.status_code for answer in answers] == [202, 200, 202, 422]
    for answer in answers:
        valid(answer.status_code, answer.json())
    assert "items" in answers[2].json()
    assert declared["503"]["content"]["application/json"]["schema"]["required"] == ["error", "field", "reason"]


def test_the_callers_request_id_follows_the_submission_and_comes_back(client: TestClient) -> None:
    """Given a POST with X-Request-ID, then the answer echoes it and the stored submission carries it; a POST
    without one gets a fresh id, different for every request."""
    answer = client.post("/v1/articles", json=NINJS, headers={"x-request-id": "wire-a-42"})
    assert answer.headers["x-request-id"] == "wire-a-42"
    with session_scope() as session:
        assert session.scalar(select(Submission.request_id)) == "wire-a-42"
    fresh = {client.get("/healthz").headers["x-request-id"] for _ in range(2)}
    assert len(fresh) == 2 and all(len(value) == 32 for value in fresh)


@pytest.mark.parametrize("given", ["caf\u00e9", "a\u202eb", "two words", "x" * 65])
def test_a_request_id_that_is_no_usable_id_is_a_400_naming_it_and_never_echoed(client: TestClient,
                                                                                given: str) -> None:
    # Fresh-eyes finding: a request id with a bidirectional control was echoed raw and stored as mojibake.
    answer = client.post("/v1/articles", json=NINJS, headers={"x-request-id": given.encode("utf-8")})
    assert answer.status_code == 400
    assert answer.json()["error"] == "MalformedRequest" and answer.json()["field"] == "X-Request-ID"
    assert len(answer.headers["x-request-id"]) == 32 and answer.headers["x-request-id"] != given
    assert _count(Submission) == 0


def test_an_unexpected_failure_answers_500_with_the_one_error_body(client: TestClient) -> None:
    """Given a stored version whose enrichment cannot be read (a writer's bug), GET of its article answers the one
    JSON error body with 500, not a plain-text page."""
    from sqlalchemy import JSON, type_coerce, update

    from services.enrich.store import save_enrichment
    from shared.enrichment import Enrichment
    from shared.models import ArticleVersion
    from tests.ingest.stages import in_transaction, ingest, post

    version_id = ingest(post("urn:broken:1", "Ferry leaves", "The ferry left Manila on time."))
    in_transaction(save_enrichment, version_id, Enrichment())
    with session_scope() as session:
        article_id = session.get_one(ArticleVersion, version_id).article_id
        session.execute(update(ArticleVersion).where(ArticleVersion.id == version_id).values(
            enrichment=type_coerce({"places": [{"name": "X", "geonameid": "not a number"}]}, JSON)))
    with TestClient(client.app, raise_server_exceptions=False) as quiet:
        answer = quiet.get(f"/v1/articles/{article_id}")
    assert answer.status_code == 500 and answer.json()["error"] == "InternalError", answer.text
