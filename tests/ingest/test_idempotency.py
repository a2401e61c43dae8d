"""Idempotency-Key: the same key from the same source replays the first answer and creates nothing."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from services.ingest import idempotency, sources
from shared.db import session_scope
from shared.models import Article, IdempotentRequest, Submission, utcnow

NINJS = {"guid": "urn:test:idem:1", "headline": "Harbour reopens after storm",
         "body_text": "The harbour in Cebu reopened on Tuesday after the storm passed, officials said."}


def _count(model: type) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _post(client: TestClient, key: str, body: dict[str, str], extra: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return client.post("/v1/articles", json=body, headers={"idempotency-key": key} | (extra or {}))


def test_the_same_key_and_body_replay_the_first_answer_and_create_nothing(client: TestClient) -> None:
    first = _post(client, "k-1", NINJS)
    again = _post(client, "k-1", NINJS)
    assert first.status_code == 202
    # Without the key the repeat would answer 200 "duplicate"; with it, the very first answer comes back.
    assert (again.status_code, again.json()) == (202, first.json())
    assert again.headers["idempotent-replayed"] == "true"
    assert (_count(Article), _count(Submission)) == (1, 1)


def test_the_same_key_with_a_different_body_is_422_naming_the_header(client: TestClient) -> None:
    _post(client, "k-1", NINJS)
    changed = _post(client, "k-1", NINJS | {"guid": "urn:test:idem:2", "body_text": "Another story from Davao."})
    assert changed.status_code == 422 and changed.json()["field"] == "Idempotency-Key"
    assert _count(Article) == 1


def test_keys_are_per_source(client: TestClient) -> None:
    with session_scope() as session:
        keys = [sources.add(session, name)[1] for name in ("wire-a", "wire-b")]
    bodies = [NINJS, NINJS | {"body_text": "Ferries to Bohol resumed on Wednesday, the coast guard said."}]
    answers = [_post(client, "same-key", body, {"authorization": f"Bearer {key}"})
               for key, body in zip(keys, bodies, strict=True)]
    # Had the key been shared, the second body would be a reused key (422).
    assert [answer.status_code for answer in answers] == [202, 202] and _count(Article) == 2


def test_a_refused_request_does_not_use_up_its_key(client: TestClient) -> None:
    assert _post(client, "k-1", NINJS | {"versioncreated": "yesterday"}).status_code == 422
    assert _post(client, "k-1", NINJS).status_code == 202


def test_while_a_request_is_in_flight_the_same_key_is_409(client: TestClient) -> None:
    """Given a request holding key k-1 in flight, when the same request arrives, then it is told to retry."""
    body = client.build_request("POST", "/v1/articles", json=NINJS).content
    claim = idempotency.claim_for("", {"idempotency-key": "k-1"}, "application/json", body)
    seen: list[tuple[int, str | None, str]] = []

    with session_scope() as session, idempotency.once(session, claim) as reply:
        answer = _post(client, "k-1", NINJS)
        seen.append((answer.status_code, answer.headers.get("retry-after"), answer.json()["field"]))
        reply.answer = idempotency.Answer(202, {"id": "x"})
    assert seen == [(409, "1", "Idempotency-Key")]
    # And once the first has answered, the twin's retry gets that answer
    assert _post(client, "k-1", NINJS).json() == {"id": "x"}


def _left_behind(client: TestClient, key: str, age: timedelta) -> None:
    """A pending reservation of ``key`` for NINJS, made ``age`` ago by a process that is gone (it holds no lock)."""
    body = client.build_request("POST", "/v1/articles", json=NINJS).content
    claim = idempotency.claim_for("", {"idempotency-key": key}, "application/json", body)
    assert claim is not None
    with session_scope() as session:
        session.add(IdempotentRequest(scope="", key=key, fingerprint=claim.fingerprint, status=idempotency.PENDING,
                                      body={}, created_at=utcnow() - age))


def test_a_reservation_whose_process_died_a_moment_ago_is_taken_over_at_once(client: TestClient) -> None:
    """Fresh-eyes finding: after an API process was killed mid-request its key answered 409 for 5 minutes. Given
    k-1 reserved a second ago by a process that no longer holds it (its connection, and the key's lock, are gone),
    when the request comes again, then it is done at once."""
    _left_behind(client, "k-1", timedelta(seconds=1))
    assert _post(client, "k-1", NINJS).status_code == 202
    assert _count(Article) == 1


def test_a_reservation_left_by_a_dead_process_is_taken_over(client: TestClient) -> None:
    """Given k-1 reserved 10 minutes ago by a process that died, when the request comes again, it is done."""
    _left_behind(client, "k-1", timedelta(minutes=10))
    assert _post(client, "k-1", NINJS).status_code == 202


def test_a_key_older_than_a_day_is_forgotten(client: TestClient) -> None:
    _post(client, "k-1", NINJS)
    with session_scope() as session:
        session.execute(update(IdempotentRequest).values(created_at=utcnow() - timedelta(days=2)))
    fresh = _post(client, "k-1", NINJS | {"guid": "urn:test:idem:2", "body_text": "Another story from Davao."})
    assert fresh.status_code == 202 and _count(Article) == 2


def test_an_unusable_key_is_422_naming_the_header(client: TestClient) -> None:
    unusable = ["", "   ", "k" * 256, "caf\u00e9", "tab\there"]
    answers = [client.post("/v1/articles", json=NINJS, headers={"idempotency-key": key.encode("latin-1")})
               for key in unusable]
    assert [(a.status_code, a.json()["field"]) for a in answers] == [(422, "Idempotency-Key")] * len(unusable)
    assert _count(Submission) == 0
