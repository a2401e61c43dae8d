"""The cap and the breaker in the database, on PostgreSQL and on the embedded SQLite default."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from services.cli import main
from services.publish import admission, dispatch, mirrors
from services.publish.breaker import CLOSED, HALF_OPEN, OPEN, aware
from services.publish.deliveries import Outcome
from shared.db import session_scope
from shared.models import Delivery, DeliveryState, Mirror, MirrorLease, utcnow
from tests.publish.conftest import publish

URL = "http://127.0.0.1:9/push"


@pytest.fixture(params=["database", "embedded"])
def backend(request: pytest.FixtureRequest, configure, monkeypatch: pytest.MonkeyPatch) -> str:  # type: ignore[no-untyped-def]
    """Given PostgreSQL (and Redis) or SQLite, a cap of 2 and a breaker that trips on the 3rd failure."""
    request.getfixturevalue(request.param)
    configure(outbound_allowlist="127.0.0.1", mirror_concurrency="2", breaker_threshold="3",
              breaker_cooldown="30")
    return str(request.param)


def _deliveries(count: int, mirror_name: str = "m1") -> tuple[int, list[str]]:
    """A mirror and ``count`` deliveries to it, oldest first."""
    with session_scope() as session:
        mirror_id = mirrors.add(session, mirror_name, URL).id
    for n in range(count):
        with session_scope() as session:
            publish(session, f"g{mirror_name}{n}", f"Harbour cranes stand still, day {n}")
    with session_scope() as session:
        ids = session.scalars(select(Delivery.id).where(Delivery.mirror_id == mirror_id).order_by(
            Delivery.created_at, Delivery.id)).all()
    return mirror_id, list(ids)


def _admit(mirror_id: int, delivery_id: str) -> str | None:
    with session_scope() as session:
        return admission.admit(session, delivery_id, mirror_id)


def _settle(mirror_id: int, lease: str, ok: bool) -> None:
    with session_scope() as session:
        admission.settle(session, mirror_id, lease, ok, counted=True)


def _fail(mirror_id: int, delivery_id: str) -> None:
    """One attempt that timed out, recorded as the deliver task records it."""
    lease = _admit(mirror_id, delivery_id)
    assert lease is not None
    with session_scope() as session:
        dispatch.record(session, delivery_id, Outcome(ok=False, status=None, error="timeout: ReadTimeout",
                                                      retry_after=None, permanent=False, gone=False))
        admission.settle(session, mirror_id, lease, ok=False, counted=True)


def _delivery(delivery_id: str) -> Delivery:
    with session_scope() as session:
        delivery = session.get_one(Delivery, delivery_id)
        session.expunge(delivery)
        return delivery


def _mirror(mirror_id: int) -> Mirror:
    with session_scope() as session:
        mirror = session.get_one(Mirror, mirror_id)
        session.expunge(mirror)
        return mirror


def test_a_mirror_at_its_cap_defers_the_next_delivery_without_counting_an_attempt(backend: str) -> None:
    mirror_id, ids = _deliveries(3)
    # Given two attempts in flight to a mirror capped at 2
    leases = [_admit(mirror_id, ids[0]), _admit(mirror_id, ids[1])]
    assert all(leases)
    # When a third delivery to it comes up, then it waits (retrying, later, no attempt counted)
    assert _admit(mirror_id, ids[2]) is None
    waiting = _delivery(ids[2])
    assert waiting.state == DeliveryState.RETRYING and waiting.attempts == 0
    assert aware(waiting.next_attempt_at) > utcnow()  # type: ignore[operator]
    # And once one attempt is over, the slot is free again
    _settle(mirror_id, leases[0], ok=True)  # type: ignore[arg-type]
    assert _admit(mirror_id, ids[2]) is not None


def test_the_cap_holds_when_many_workers_ask_at_once(backend: str) -> None:
    mirror_id, ids = _deliveries(8)
    results: list[str | None] = []
    barrier = threading.Barrier(len(ids))

    def ask(delivery_id: str) -> None:
        barrier.wait()
        results.append(_admit(mirror_id, delivery_id))

    threads = [threading.Thread(target=ask, args=(delivery_id,)) for delivery_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(1 for lease in results if lease) == 2 and len(results) == 8
    with session_scope() as session:
        assert len(session.scalars(select(MirrorLease)).all()) == 2


def test_a_dead_workers_lease_expires_and_frees_its_slot(backend: str) -> None:
    mirror_id, ids = _deliveries(3)
    assert _admit(mirror_id, ids[0]) and _admit(mirror_id, ids[1])
    # Given both slots held by workers that died mid-attempt (their leases ran out)
    with session_scope() as session:
        session.execute(update(MirrorLease).values(expires_at=utcnow() - timedelta(seconds=1)))
    # Then the next delivery gets a slot
    assert _admit(mirror_id, ids[2]) is not None


def test_failures_in_a_row_park_the_mirror_and_its_deliveries_wait_for_the_cooldown(backend: str) -> None:
    mirror_id, ids = _deliveries(4)
    # Given three failed attempts in a row
    for delivery_id in ids[:3]:
        _fail(mirror_id, delivery_id)
    parked = _mirror(mirror_id)
    assert parked.breaker_state == OPEN and parked.breaker_failures == 3
    # When the next delivery comes up, then it is not attempted: it waits until the cool-down ends
    assert _admit(mirror_id, ids[3]) is None
    waiting = _delivery(ids[3])
    assert waiting.state == DeliveryState.RETRYING and waiting.attempts == 0
    assert aware(waiting.next_attempt_at) == aware(parked.parked_until)
    # And the operator sees it
    listed = CliRunner().invoke(main, ["mirrors", "list"]).output
    assert "parked until" in listed and "after 3 failures in a row" in listed


def test_after_the_cooldown_one_probe_goes_and_its_success_sends_the_parked_deliveries_oldest_first(
        backend: str) -> None:
    mirror_id, ids = _deliveries(5)
    for delivery_id in ids[:3]:
        _fail(mirror_id, delivery_id)
    for delivery_id in ids[3:]:
        assert _admit(mirror_id, delivery_id) is None
    # Given the cool-down is over
    with session_scope() as session:
        session.execute(update(Mirror).values(parked_until=utcnow() - timedelta(seconds=1)))
    # When two deliveries come up, then the first is the probe and the second waits for it
    probe = _admit(mirror_id, ids[3])
    assert probe is not None and _mirror(mirror_id).breaker_state == HALF_OPEN
    assert _admit(mirror_id, ids[4]) is None
    # When the probe succeeds, then the breaker closes and every waiting delivery is due now, oldest first
    _settle(mirror_id, probe, ok=True)
    assert _mirror(mirror_id).breaker_state == CLOSED
    with session_scope() as session:
        session.execute(update(Delivery).where(Delivery.id == ids[3]).values(state=DeliveryState.DELIVERED))
        events = dispatch.enqueue_due(session)
    assert [event.payload["delivery_id"] for event in events] == [ids[0], ids[1], ids[2], ids[4]]


def test_a_failed_probe_parks_the_mirror_again_for_longer(backend: str) -> None:
    mirror_id, ids = _deliveries(4)
    for delivery_id in ids[:3]:
        _fail(mirror_id, delivery_id)
    with session_scope() as session:
        session.execute(update(Mirror).values(parked_until=utcnow() - timedelta(seconds=1)))
    _fail(mirror_id, ids[3])
    reparked = _mirror(mirror_id)
    assert reparked.breaker_state == OPEN and reparked.breaker_trips == 2
    assert aware(reparked.parked_until) > utcnow() + timedelta(seconds=45)  # type: ignore[operator]


def test_enabling_a_parked_mirror_closes_its_breaker_and_makes_its_deliveries_due(backend: str) -> None:
    mirror_id, ids = _deliveries(4)
    for delivery_id in ids[:3]:
        _fail(mirror_id, delivery_id)
    assert _admit(mirror_id, ids[3]) is None
    result = CliRunner().invoke(main, ["mirrors", "enable", "m1"])
    assert result.exit_code == 0, result.output
    assert _mirror(mirror_id).breaker_state == CLOSED
    assert aware(_delivery(ids[3]).next_attempt_at) <= utcnow()  # type: ignore[operator]


def test_one_mirror_parked_leaves_another_alone(backend: str) -> None:
    bad, bad_ids = _deliveries(3, "bad")
    good, good_ids = _deliveries(1, "good")
    for delivery_id in bad_ids:
        _fail(bad, delivery_id)
    assert _mirror(bad).breaker_state == OPEN
    assert _admit(good, good_ids[0]) is not None


def test_a_parked_mirror_shows_in_status_and_in_the_metrics(backend: str) -> None:
    from services.cli.status import breaker_text
    from services.console.collector import PipelineCollector
    from services.console.state import mirrors as mirror_rows

    mirror_id, ids = _deliveries(3)
    _deliveries(0, "fine")
    for delivery_id in ids:
        _fail(mirror_id, delivery_id)
    with session_scope() as session:
        rows = {row["name"]: row for row in mirror_rows(session)}
    assert rows["m1"]["parked"] and rows["m1"]["breaker"] == OPEN and not rows["fine"]["parked"]
    assert breaker_text(rows["m1"]).startswith("parked until ") and breaker_text(rows["fine"]) == "closed"
    samples = {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
               for family in PipelineCollector().collect() for sample in family.samples}
    assert samples[("newsflow_mirror_parked", (("mirror", "m1"),))] == 1
    assert samples[("newsflow_mirror_parked", (("mirror", "fine"),))] == 0
    assert samples[("newsflow_mirrors_parked", ())] == 1
