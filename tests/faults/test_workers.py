"""Workers die, are killed or are told to stop mid-stream: nothing accepted is lost or published twice."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.e2e.stack import wait_for
from tests.faults.harness import Pipeline, running_pipeline

pytestmark = pytest.mark.broker_stays_up  # workers die here, never the broker
CLEAN = {"lost_at_exchange": 0, "lost_at_mirror": 0, "duplicated_at_exchange": 0, "duplicated_at_mirror": 0}


def _assert_clean(pipeline: Pipeline, ids: list[str]) -> None:
    statuses = pipeline.wait_published(ids)
    assert statuses["published"] == len(ids), f"{statuses}\n{pipeline.stack.logs()}"
    report = pipeline.reconcile(ids)
    assert {key: report[key] for key in CLEAN} == CLEAN, report


def test_sigkill_of_an_enrich_pool_child_mid_task_loses_nothing(pipeline: Pipeline) -> None:
    # Given a stream of articles flowing through enrichment
    ids = pipeline.post_many(12)
    # When the pool process running an enrich task is killed outright
    children = wait_for(lambda: pipeline.children("enrich"), 10)
    assert children, "the enrich worker has a pool process"
    os.kill(children[0], signal.SIGKILL)
    # Then every article is still published once (the task is requeued: acks_late + reject_on_worker_lost)
    _assert_clean(pipeline, ids)


def _kill_worker(pipeline: Pipeline, service: str) -> None:
    """SIGKILL a whole worker: its pool processes and its main process, nothing flushed or closed."""
    for child in pipeline.children(service):
        os.kill(child, signal.SIGKILL)
    pipeline.process(service).kill()
    pipeline.process(service).wait(10)


@pytest.mark.brokers
def test_sigkill_of_a_whole_worker_loses_nothing(pipeline: Pipeline) -> None:
    # Given articles waiting in the enrich queue
    ids = pipeline.post_many(12)
    # When the whole enrich worker (main process and pool) is killed and later started again
    _kill_worker(pipeline, "enrich")
    killed = time.monotonic()
    pipeline.restart("enrich")
    # Then unacknowledged messages come back (Redis: after the visibility timeout; RabbitMQ: when the
    # connection closes) and all are published once
    pipeline.recovered("worker SIGKILL -> all published", killed, ids)
    _assert_clean(pipeline, ids)


def test_on_rabbitmq_a_dead_consumers_messages_come_back_at_once(tmp_path: Path, gazetteer_path: Path) -> None:
    """RabbitMQ redelivers a killed consumer's messages when its connection drops: no visibility timeout."""
    # Given a pipeline on RabbitMQ whose visibility timeout (a Redis notion) is an hour
    with running_pipeline(tmp_path, gazetteer_path, {"NEWSFLOW_VISIBILITY_TIMEOUT": "3600"}, broker="rabbitmq",
                          restartable=False) as pipeline:
        # And an enrich worker busy with a backlog (it holds messages it has not acknowledged)
        ids = pipeline.post_many(30, tag="held-")
        assert wait_for(lambda: pipeline.statuses(ids)["enriched"] + pipeline.statuses(ids)["published"] > 0, 60)
        assert pipeline.statuses(ids)["received"] > 0, "the worker still has a backlog when it is killed"
        # When the whole worker is killed and started again
        _kill_worker(pipeline, "enrich")
        killed = time.monotonic()
        pipeline.restart("enrich")
        # Then every article is published long before an hour: the broker gave the messages back at once
        pipeline.recovered("worker SIGKILL, 3600 s visibility timeout -> all published", killed, ids)
        _assert_clean(pipeline, ids)


def test_sigterm_during_work_finishes_or_requeues_every_task(pipeline: Pipeline) -> None:
    # Given a backlog being enriched
    ids = pipeline.post_many(12)
    # When the enrich worker is asked to stop (warm shutdown) and then started again
    pipeline.process("enrich").send_signal(signal.SIGTERM)
    pipeline.process("enrich").wait(30)
    pipeline.restart("enrich")
    # Then nothing is lost or doubled
    _assert_clean(pipeline, ids)


def test_a_poison_message_is_dead_lettered_and_others_keep_flowing(pipeline: Pipeline) -> None:
    from sqlalchemy import select

    from shared.celery import create_app
    from shared.db import session_scope
    from shared.models import DeadLetter
    from shared.queues import ENRICH_QUEUE, ENRICH_TASK

    # Given a malformed message and a message naming nothing, sent straight to the enrich queue
    app = create_app("faults")
    app.send_task(ENRICH_TASK, kwargs={"message": {"version_id": 7, "bogus": True}}, queue=ENRICH_QUEUE)
    app.send_task(ENRICH_TASK, kwargs={"message": {"version_id": "no-such-version"}}, queue=ENRICH_QUEUE)
    # When good articles follow them
    ids = pipeline.post_many(5)
    # Then the good ones are published and both bad ones wait in the dead-letter table with their error
    _assert_clean(pipeline, ids)

    def letters() -> list[str]:
        with session_scope() as session:
            return list(session.scalars(select(DeadLetter.error)))

    found = wait_for(lambda: len(letters()) == 2 and letters(), 10)
    assert found and any("invalid message" in error for error in found), letters()


def test_the_same_article_posted_twenty_times_at_once_is_published_once(pipeline: Pipeline) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.faults.harness import article

    # When one article is POSTed 20 times concurrently
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda _: pipeline.post(article(1, "same")), range(20)))
    # Then every answer names the same article and it is published and delivered exactly once
    assert all(a.status_code in (200, 202) for a in answers), [a.text for a in answers]
    ids = {a.json()["id"] for a in answers}
    assert len(ids) == 1
    _assert_clean(pipeline, list(ids))
    time.sleep(1)
    assert len(pipeline.mirror.received) == 1
