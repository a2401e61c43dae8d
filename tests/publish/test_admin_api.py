"""The admin API for mirrors and deliveries, on a real database and broker, behind the admin key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.api import create_api, producer_app
from services.publish import dispatch
from services.publish.deliveries import Outcome
from shared.db import session_scope
from shared.models import Delivery, DeliveryState, Mirror, OutboxEvent
from tests.outbox_helpers import wait_until_all_marked_sent
from tests.publish.conftest import KYIV, publish

ADMIN = {"authorization": "Bearer test-admin-key"}
MIRROR_URL = "http://127.0.0.1:9/push"
SECRET = "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="
ADMIN_ROUTES = [("GET", "/v1/mirrors"), ("POST", "/v1/mirrors"), ("PATCH", "/v1/mirrors/m1"),
                ("DELETE", "/v1/mirrors/m1"), ("GET", "/v1/deliveries"), ("POST", "/v1/deliveries/x/retry"),
                ("POST", "/v1/deliveries/retry-failed")]


@pytest.fixture()
def client(configure, pg_database: str, redis_broker: str) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """The HTTP app on this test's database, with a known admin key and 127.0.0.1 allowed for mirrors."""
    configure(database_url=pg_database, broker_url=redis_broker, admin_key="test-admin-key",
              outbound_allowlist="127.0.0.1")
    producer_app.cache_clear()
    yield TestClient(create_api(relay=False))
    producer_app.cache_clear()


def _dead_delivery(client: TestClient) -> str:
    """A mirror, an article, and that article's delivery dead-lettered after a 400."""
    client.post("/v1/mirrors", json={"name": "m1", "url": MIRROR_URL}, headers=ADMIN)
    with session_scope() as session:
        published = publish(session, "g1", "Trams return to Kyiv", KYIV)
        delivery_id = session.query(Delivery.id).filter_by(article_id=published.article_id).scalar()
        dispatch.record(session, delivery_id, Outcome(ok=False, status=400, error="HTTP 400", retry_after=None,
                                                      permanent=True, gone=False))
    return delivery_id


@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer wrong"}, {"authorization": "Basic x"}])
def test_admin_routes_answer_401_json_without_the_admin_key(client, headers) -> None:  # type: ignore[no-untyped-def]
    for method, path in ADMIN_ROUTES:
        answer = client.request(method, path, headers=headers, json={})
        assert answer.status_code == 401, path
        assert answer.json()["error"] == "Unauthorized" and answer.json()["field"] == "authorization"


def test_adding_a_mirror_shows_its_generated_secret_once(client) -> None:  # type: ignore[no-untyped-def]
    added = client.post("/v1/mirrors", json={"name": "m1", "url": MIRROR_URL, "filter": ["country=ua"]},
                        headers=ADMIN)
    assert added.status_code == 201
    assert added.json()["secret"].startswith("whsec_")
    [listed] = client.get("/v1/mirrors", headers=ADMIN).json()["mirrors"]
    assert listed["name"] == "m1" and listed["state"] == "active" and listed["filter"] == {"country": ["UA"]}
    assert "secret" not in listed


@pytest.mark.parametrize("body,field", [
    ({"name": "m", "url": "ftp://127.0.0.1/x"}, "url"),
    ({"name": "m", "url": "http://10.1.2.3/x"}, "url"),
    ({"name": "m", "url": MIRROR_URL, "secret": "plain"}, "secret"),
    ({"name": "m", "url": MIRROR_URL, "secret": "whsec_not base64!"}, "secret"),
    ({"name": "m", "url": MIRROR_URL, "format": "pdf"}, "format"),
    ({"name": "m", "url": MIRROR_URL, "filter": ["colour=red"]}, "filter"),
])
def test_a_bad_mirror_is_refused_naming_the_field(client, body, field) -> None:  # type: ignore[no-untyped-def]
    answer = client.post("/v1/mirrors", json=body, headers=ADMIN)
    assert answer.status_code == 422 and answer.json()["field"] == field
    assert client.get("/v1/mirrors", headers=ADMIN).json()["mirrors"] == []


def test_a_second_mirror_with_the_same_name_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/v1/mirrors", json={"name": "m1", "url": MIRROR_URL}, headers=ADMIN)
    answer = client.post("/v1/mirrors", json={"name": "m1", "url": MIRROR_URL}, headers=ADMIN)
    assert answer.status_code == 422 and answer.json()["field"] == "name"


def test_patch_disables_and_enables_a_mirror(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/v1/mirrors", json={"name": "m1", "url": MIRROR_URL}, headers=ADMIN)
    assert client.patch("/v1/mirrors/m1", json={"active": False}, headers=ADMIN).json()["state"] == "disabled"
    assert client.get("/v1/mirrors", headers=ADMIN).json()["mirrors"][0]["state"] == "disabled"
    assert client.patch("/v1/mirrors/m1", json={"active": True}, headers=ADMIN).json()["state"] == "active"


def test_patch_rotates_the_secret_and_keeps_the_previous_one_signing(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/v1/mirrors", json={"name": "m1", "url": MIRROR_URL, "secret": SECRET}, headers=ADMIN)
    rotated = client.patch("/v1/mirrors/m1", json={"rotate_secret": True}, headers=ADMIN).json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != SECRET and rotated["rotating"]
    with session_scope() as session:
        mirror = session.query(Mirror).filter_by(name="m1").one()
        assert (mirror.secret, mirror.previous_secret) == (rotated["secret"], SECRET)


def test_patch_or_delete_of_an_unknown_mirror_is_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.patch("/v1/mirrors/nope", json={"active": False}, headers=ADMIN).status_code == 404
    assert client.delete("/v1/mirrors/nope", headers=ADMIN).status_code == 404


def test_delete_retires_a_mirror_so_new_articles_skip_it(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/v1/mirrors", json={"name": "m1", "url": MIRROR_URL}, headers=ADMIN)
    assert client.delete("/v1/mirrors/m1", headers=ADMIN).status_code == 204
    assert [m["state"] for m in client.get("/v1/mirrors", headers=ADMIN).json()["mirrors"]] == ["disabled"]
    with session_scope() as session:
        published = publish(session, "g2", "Kyiv library reopens", KYIV)
        assert session.query(Delivery).filter_by(article_id=published.article_id).count() == 0


def test_deliveries_are_listed_and_filtered_by_state_and_mirror(client) -> None:  # type: ignore[no-untyped-def]
    delivery_id = _dead_delivery(client)
    [dead] = client.get("/v1/deliveries?state=dead", headers=ADMIN).json()["deliveries"]
    assert dead["id"] == delivery_id and dead["mirror"] == "m1" and dead["last_status"] == 400
    assert client.get("/v1/deliveries?state=failed&mirror=m1", headers=ADMIN).json()["deliveries"] == [dead]
    assert client.get("/v1/deliveries?state=delivered", headers=ADMIN).json()["deliveries"] == []
    assert client.get("/v1/deliveries?mirror=other", headers=ADMIN).json()["deliveries"] == []
    assert client.get("/v1/deliveries?state=lost", headers=ADMIN).json()["field"] == "state"


def test_retrying_a_dead_delivery_makes_it_pending_and_queues_it(client) -> None:  # type: ignore[no-untyped-def]
    delivery_id = _dead_delivery(client)
    answer = client.post(f"/v1/deliveries/{delivery_id}/retry", headers=ADMIN)
    assert answer.status_code == 202 and answer.json() == {"queued": [delivery_id]}
    with session_scope() as session:
        delivery = session.get_one(Delivery, delivery_id)
        assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 0)
        queued = session.query(OutboxEvent).filter_by(kind="task").order_by(OutboxEvent.id.desc()).first()
        assert queued is not None and queued.payload["delivery_id"] == delivery_id
    assert wait_until_all_marked_sent([queued.id]) == [], "handed to the broker at once"


def test_retry_failed_replays_every_dead_delivery(client) -> None:  # type: ignore[no-untyped-def]
    delivery_id = _dead_delivery(client)
    assert client.post("/v1/deliveries/retry-failed", headers=ADMIN).json() == {"queued": [delivery_id]}
    assert client.post("/v1/deliveries/retry-failed", headers=ADMIN).json() == {"queued": []}


def test_retrying_an_unknown_or_delivered_delivery_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/v1/deliveries/nope/retry", headers=ADMIN).status_code == 404
    delivery_id = _dead_delivery(client)
    with session_scope() as session:
        session.get_one(Delivery, delivery_id).state = DeliveryState.DELIVERED
    answer = client.post(f"/v1/deliveries/{delivery_id}/retry", headers=ADMIN)
    assert answer.status_code == 422 and answer.json()["field"] == "delivery_id"


def test_unknown_admin_routes_malformed_json_and_non_uuid_delivery_ids_answer_in_the_house_format(
    client: TestClient,
) -> None:
    """404/405 and a JSON body that does not parse name the path, method or body, never pydantic's offset."""
    answers = [client.post("/v1/mirrors", content=b'{"name": "m1", ',
                           headers=ADMIN | {"content-type": "application/json"}),
               client.get("/v1/mirrors/a%00b", headers=ADMIN),
               client.put("/v1/mirrors", headers=ADMIN),
               client.get("/v1/mirrorz", headers=ADMIN),
               client.post("/v1/deliveries/99999999999999999999/retry", headers=ADMIN)]
    assert [(a.status_code, a.json().get("field"), bool(a.json().get("reason"))) for a in answers] == [
        (422, "body", True), (405, "method", True), (405, "method", True), (404, "path", True), (404, "id", True)]
    assert "malformed JSON" in answers[0].json()["reason"] and "UUID" in answers[4].json()["reason"]
