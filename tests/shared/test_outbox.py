"""The outbox: an accepted article's event reaches the queue even when the broker was down."""

from __future__ import annotations

import redis
from sqlalchemy import select

from shared import outbox
from shared.celery import create_app
from shared.db import session_scope
from shared.messages import IngestRequested
from shared.models import OutboxEvent
from shared.queues import INGEST_TASK


def _write_event() -> OutboxEvent:
    with session_scope() as session:
        return outbox.add_task(session, INGEST_TASK, IngestRequested(submission_id="s-1"))


def _unsent() -> list[int]:
    with session_scope() as session:
        return list(session.scalars(select(OutboxEvent.id).where(OutboxEvent.published_at.is_(None))))


def test_an_event_written_while_the_broker_is_down_is_sent_when_it_returns(
    configure, pg_database: str, redis_broker: str  # type: ignore[no-untyped-def]
) -> None:
    # Given the broker is unreachable when the event is written
    configure(database_url=pg_database, broker_url="redis://127.0.0.1:1/0")
    event = _write_event()
    outbox.flush(create_app("test"), [event])
    assert _unsent() == [event.id]
    # When the broker is back and the relay runs
    configure(database_url=pg_database, broker_url=redis_broker)
    assert outbox.relay(create_app("test"), min_age=0) == 1
    # Then the task message is on the ingest queue, once, and the row is marked sent
    assert redis.Redis.from_url(redis_broker).llen("ingest") == 1
    assert _unsent() == []
    assert outbox.relay(create_app("test"), min_age=0) == 0
    assert redis.Redis.from_url(redis_broker).llen("ingest") == 1


def test_an_event_sent_by_the_fast_path_is_not_sent_again_by_the_relay(
    pg_redis: dict[str, str], redis_broker: str
) -> None:
    event = _write_event()
    outbox.flush(create_app("test"), [event])
    assert outbox.relay(create_app("test"), min_age=0) == 0
    assert redis.Redis.from_url(redis_broker).llen("ingest") == 1
    assert _unsent() == []
