"""The outbox: an accepted article's event reaches the queue even when the broker was down."""

from __future__ import annotations

import redis

from shared import outbox
from shared.celery import create_app
from shared.db import session_scope
from shared.messages import IngestRequested
from shared.models import OutboxEvent
from shared.queues import INGEST_TASK
from tests.outbox_helpers import unsent_ids, wait_until_all_marked_sent


def _write_event() -> OutboxEvent:
    with session_scope() as session:
        return outbox.add_task(session, INGEST_TASK, IngestRequested(submission_id="s-1"))




def test_an_event_written_while_the_broker_is_down_is_sent_when_it_returns(
    configure, pg_database: str, redis_broker: str  # type: ignore[no-untyped-def]
) -> None:
    # Given the broker is unreachable when the event is written
    configure(database_url=pg_database, broker_url="redis://127.0.0.1:1/0")
    event = _write_event()
    outbox.flush(create_app("test"), [event])
    assert unsent_ids() == [event.id]
    # When the broker is back and the relay runs
    configure(database_url=pg_database, broker_url=redis_broker)
    assert outbox.relay(create_app("test"), min_age=0) == 1
    # Then the task message is on the ingest queue, once, and the row is marked sent
    assert redis.Redis.from_url(redis_broker).llen("ingest") == 1
    assert unsent_ids() == []
    assert outbox.relay(create_app("test"), min_age=0) == 0
    assert redis.Redis.from_url(redis_broker).llen("ingest") == 1


def test_an_event_sent_by_the_fast_path_is_not_sent_again_by_the_relay(
    pg_redis: dict[str, str], redis_broker: str
) -> None:
    event = _write_event()
    outbox.flush(create_app("test"), [event])
    assert outbox.relay(create_app("test"), min_age=0) == 0
    assert redis.Redis.from_url(redis_broker).llen("ingest") == 1
    assert unsent_ids() == []


def test_events_sent_by_the_fast_path_are_marked_sent_in_the_background_before_any_relay_may_claim_them(
    pg_redis: dict[str, str], redis_broker: str
) -> None:
    """Given three events sent by the fast path, when no relay runs, then the process's marker marks them sent
    within the grace period a relay of another process waits, so none is sent twice."""
    events = [_write_event() for _ in range(3)]
    outbox.flush(create_app("test"), events)
    assert wait_until_all_marked_sent() == []
    assert redis.Redis.from_url(redis_broker).llen("ingest") == 3
