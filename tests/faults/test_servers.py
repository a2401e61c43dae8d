"""The broker or the database goes away and comes back: nothing accepted is lost or published twice."""

from __future__ import annotations

import time

import pytest

from tests.faults.harness import Pipeline, article
from tests.faults.test_workers import _assert_clean


@pytest.mark.brokers
def test_a_broker_restart_with_a_backlog_loses_nothing_and_consumers_recover(pipeline: Pipeline) -> None:
    # Given a backlog waiting for enrichment while the enrich worker is stopped
    pipeline.process("enrich").terminate()
    pipeline.process("enrich").wait(30)
    ids = pipeline.post_many(10)
    # When the broker restarts (Redis's append-only file and RabbitMQ's quorum queues keep the backlog; a
    # Redis keeping nothing on disk loses it, and the database's record must bring it back) and the worker
    # comes back
    pipeline.broker.restart()
    restarted = time.monotonic()
    pipeline.restart("enrich")
    # Then the backlog is published once, and the workers that lived through the restart still consume
    pipeline.recovered("broker restart with a backlog -> drained", restarted, ids)
    _assert_clean(pipeline, ids)
    later = pipeline.post_many(3, tag="after-restart-")
    _assert_clean(pipeline, ids + later)


@pytest.mark.brokers
@pytest.mark.broker_stays_up
def test_a_postgresql_restart_mid_stream_loses_nothing(pipeline: Pipeline) -> None:
    # Given articles flowing
    ids = pipeline.post_many(8)
    # When PostgreSQL restarts under the workers
    pipeline.postgres.stop()
    time.sleep(1)
    pipeline.postgres.start()
    restarted = time.monotonic()
    # Then the stages retry their transient errors and everything is published once
    more = pipeline.post_many(4, tag="after-pg-")
    pipeline.recovered("postgresql restart -> drained", restarted, ids + more)
    _assert_clean(pipeline, ids + more)


def test_articles_accepted_while_the_broker_is_down_are_published_when_it_returns(pipeline: Pipeline) -> None:
    # Given the broker is down
    pipeline.broker.stop()
    # When articles are POSTed, they are still accepted: the outbox holds their events
    ids = pipeline.post_many(5, tag="outage-")
    # And when the broker returns, the relay sends the events and the pipeline catches up
    pipeline.broker.start()
    _assert_clean(pipeline, ids)


@pytest.mark.broker_stays_up
def test_a_crash_between_the_commit_and_the_publish_is_covered_by_the_relay(pipeline: Pipeline) -> None:
    # Given a submission and its outbox event committed by a process that died before publishing
    # (the same transaction the API runs, without the publish that follows it)
    import json

    from services.ingest.formats import parse
    from services.ingest.store import accept
    from shared.db import session_scope

    body = json.dumps(article(1, "crashed-")).encode()
    with session_scope() as session:
        accepted = accept(session, parse("application/json", body)[0], "application/json", None)
    # Then the relay loop of a running service sends it, and the article is published once
    _assert_clean(pipeline, [accepted.article_id])
