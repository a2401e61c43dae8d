"""The reconciler: one at a time under a lease, re-drives stalled and abandoned work with backoff."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import redis
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from services.cli import main
from services.ingest.formats import parse
from services.ingest.store import accept
from shared import claims
from shared.db import session_scope
from shared.messages import DeliveryRequested, IngestRequested
from shared.models import (
    Article,
    Delivery,
    DeliveryState,
    Mirror,
    OutboxEvent,
    Redrive,
    WorkClaim,
    WorkerBeat,
    utcnow,
)
from shared.queues import DELIVER_TASK, INGEST_TASK
from shared.reconcile import Reconciler, reconcile, take_lease

LONG_AGO = timedelta(hours=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    """Each test runs on the embedded SQLite database and on PostgreSQL."""
    request.getfixturevalue("embedded" if request.param == "sqlite" else "pg_redis")
    return str(request.param)


def _article(n: int = 1, age: timedelta = LONG_AGO) -> tuple[str, str]:
    """An accepted article (its ingest message sent and then lost) that has not changed for ``age``."""
    body = json.dumps({"guid": f"urn:reconcile:{n}", "headline": f"Ferry {n} resumes in Cebu",
                       "body_text": "The ferry service between Cebu and Bohol resumed on Friday."}).encode()
    with session_scope() as session:
        accepted = accept(session, parse("application/json", body)[0], "application/json", None)
        session.execute(update(Article).where(Article.id == accepted.article_id)
                        .values(updated_at=utcnow() - age))
        session.execute(update(OutboxEvent).values(published_at=utcnow()))
        submission_id = session.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == INGEST_TASK)).all()
    return accepted.article_id, submission_id[-1]["submission_id"]


def _ingest(submission_id: str) -> dict:
    return IngestRequested(submission_id=submission_id).model_dump()


def _run() -> list[tuple[str, dict, str]]:
    with session_scope() as session:
        return [(event.name, event.payload, reason) for event, reason in reconcile(session)]


def _beat(worker: str, age: timedelta) -> None:
    with session_scope() as session:
        session.add(WorkerBeat(worker=worker, service="ingest", beat_at=utcnow() - age))


def test_one_holder_at_a_time_and_an_expired_lease_passes_on(database: str) -> None:
    with session_scope() as session:
        assert take_lease(session, "host-a:1", ttl=60)
    with session_scope() as session:
        assert not take_lease(session, "host-b:2", ttl=60)
    with session_scope() as session:
        assert take_lease(session, "host-a:1", ttl=60), "the holder renews its own lease"
    with session_scope() as session:
        assert take_lease(session, "host-a:1", ttl=-1)  # renewed into the past: expired
    with session_scope() as session:
        assert take_lease(session, "host-b:2", ttl=60)
    with session_scope() as session:
        assert not take_lease(session, "host-a:1", ttl=60)


def test_of_many_processes_racing_for_a_fresh_lease_exactly_one_wins(pg_redis: dict[str, str]) -> None:
    def attempt(n: int) -> bool:
        with session_scope() as session:
            return take_lease(session, f"host-{n}:{n}", ttl=60)

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(attempt, range(8))) == 1


def test_a_stalled_article_is_re_driven_once_then_after_its_backoff(database: str, configure) -> None:  # type: ignore[no-untyped-def]
    # Given an article whose ingest message was lost an hour ago, and one that is merely young
    _, submission_id = _article(1)
    _article(2, age=timedelta(0))
    # When the reconciler runs twice in a row
    first, second = _run(), _run()
    # Then the stalled one's next step is queued through the outbox once, with its attempt recorded
    assert first == [(INGEST_TASK, _ingest(submission_id), "stalled")]
    assert second == []
    with session_scope() as session:
        assert session.scalar(select(OutboxEvent.id).where(OutboxEvent.published_at.is_(None))) is not None
        row = session.scalars(select(Redrive)).one()
        assert (row.stage, row.attempts) == ("ingest", 1)
        # And once its backoff has passed, it is sent again and the wait doubles
        session.execute(update(Redrive).values(next_at=utcnow() - timedelta(seconds=1)))
    assert [reason for *_, reason in _run()] == ["stalled"]
    with session_scope() as session:
        row = session.scalars(select(Redrive)).one()
        assert row.attempts == 2
        assert (row.next_at - row.last_at).total_seconds() == pytest.approx(2 * 120.0, rel=0.01)


def test_work_held_by_a_live_worker_waits_and_by_a_dead_one_is_re_driven_at_once(database: str) -> None:
    # Given two young articles (not stalled), each claimed by a worker: one beating, one silent for a minute
    _, live_submission = _article(1, age=timedelta(0))
    _, dead_submission = _article(2, age=timedelta(0))
    _beat("host-a:10", timedelta(0))
    _beat("host-b:20", timedelta(minutes=1))
    with session_scope() as session:
        for key, worker, submission in (("t1:0", "host-a:10", live_submission), ("t2:0", "host-b:20", dead_submission)):
            payload = _ingest(submission)
            session.add(WorkClaim(key=key, item=claims.item_key(INGEST_TASK, payload), worker=worker,
                                  task_name=INGEST_TASK, payload=payload, claimed_at=utcnow() - timedelta(minutes=1)))
    # When the reconciler runs
    sent = _run()
    # Then only the dead worker's message is sent again, and its claim is gone
    assert sent == [(INGEST_TASK, _ingest(dead_submission), "stale_worker")]
    with session_scope() as session:
        assert list(session.scalars(select(WorkClaim.key))) == ["t1:0"]
    # And the live worker's long task, stalled by the clock, is left to it while it beats
    with session_scope() as session:
        session.execute(update(Article).values(updated_at=utcnow() - LONG_AGO))
        session.execute(delete(Redrive))
    assert [payload for _, payload, _ in _run()] == [_ingest(dead_submission)]


def test_a_claim_older_than_any_task_is_re_driven_even_if_its_worker_beats(database: str) -> None:
    _, submission = _article(1, age=timedelta(0))
    _beat("host-a:10", timedelta(0))
    payload = _ingest(submission)
    with session_scope() as session:
        session.add(WorkClaim(key="t1:0", item=claims.item_key(INGEST_TASK, payload), worker="host-a:10",
                              task_name=INGEST_TASK, payload=payload, claimed_at=utcnow() - LONG_AGO))
    assert _run() == [(INGEST_TASK, payload, "overdue")]


def test_a_pending_delivery_to_an_active_mirror_is_re_driven_and_others_are_not(database: str) -> None:
    from tests.publish.conftest import publish

    # Given a published article with a delivery to each of two mirrors, one of them since retired
    with session_scope() as session:
        session.add_all([Mirror(name="up", url="http://127.0.0.1:9/a", secret="s"),
                         Mirror(name="retired", url="http://127.0.0.1:9/b", secret="s", active=True)])
        session.flush()
        publish(session, "urn:reconcile:delivery", "Ferry resumes")
        session.execute(update(Mirror).where(Mirror.name == "retired").values(active=False))
        session.execute(update(Delivery).values(updated_at=utcnow() - LONG_AGO))
        up = session.scalar(select(Delivery.id).join(Mirror).where(Mirror.name == "up"))
    # When the reconciler runs, only the active mirror's pending delivery is sent again
    assert _run() == [(DELIVER_TASK, DeliveryRequested(delivery_id=up).model_dump(), "stalled")]
    # And a delivered one never is
    with session_scope() as session:
        session.execute(update(Delivery).values(state=DeliveryState.DELIVERED))
        session.execute(delete(Redrive))
    assert _run() == []


def test_the_hook_sends_through_the_broker_counts_and_the_doctor_shows_it(pg_redis: dict[str, str],
                                                                         redis_broker: str) -> None:
    from shared.celery import create_app
    from shared.metrics import exposition

    # Given a stalled article and a worker that runs the reconciler hook
    _, submission = _article(1)
    claims.become_worker()
    # When the hook runs
    Reconciler()(create_app("test"))
    # Then the ingest message is on its queue, the re-drive is counted, and the doctor names the lease holder
    queued = redis.Redis.from_url(redis_broker).lrange("ingest", 0, -1)
    assert [json.loads(m)["headers"]["task"] for m in queued] == [INGEST_TASK]
    assert 'newsflow_redrives_total{reason="stalled",stage="ingest"} 1.0' in exposition().decode()
    result = CliRunner().invoke(main, ["doctor", "--json"])
    state = json.loads(result.stdout)["reconciler"]
    assert state["lease_holder"] == claims.worker_id()
    assert [(r["stage"], r["reason"], r["sends"]) for r in state["redrives"]] == [("ingest", "stalled", 1)]
    text = CliRunner().invoke(main, ["doctor"]).output
    assert f"reconciler: lease held by {claims.worker_id()}" in text and "re-driven\tingest\tstalled" in text
