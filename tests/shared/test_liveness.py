"""The stall watchdog: a worker that takes nothing while its queue holds messages ends itself."""

from __future__ import annotations

import multiprocessing
import time

from celery.signals import task_received

from shared.celery import create_app
from shared.liveness import EXIT_WEDGED, Watchdog, ready_messages
from shared.queues import ENRICH_QUEUE, ENRICH_TASK


def _watchdog(configure, broker: str, **settings: str) -> Watchdog:  # type: ignore[no-untyped-def]
    configure(broker_url=broker, worker_stall_timeout="0.2", **settings)
    return Watchdog(create_app("enrich"), "enrich", [ENRICH_QUEUE], concurrency=1)


def test_an_idle_worker_with_an_empty_queue_is_not_wedged(configure, redis_broker: str) -> None:  # type: ignore[no-untyped-def]
    watchdog = _watchdog(configure, redis_broker)
    time.sleep(0.3)
    assert not watchdog.wedged()


def test_a_worker_taking_nothing_while_messages_wait_is_wedged_until_it_receives(configure, redis_broker: str) -> None:  # type: ignore[no-untyped-def]
    # Given a message waiting in the worker's queue
    watchdog = _watchdog(configure, redis_broker)
    create_app("test").send_task(ENRICH_TASK, kwargs={"message": {"version_id": "v"}}, queue=ENRICH_QUEUE)
    assert ready_messages(watchdog.app, [ENRICH_QUEUE]) == 1
    # When the worker receives nothing for the stall timeout from when the message is seen waiting, it is wedged
    time.sleep(0.3)
    assert not watchdog.wedged()
    time.sleep(0.3)
    assert watchdog.wedged()
    # And a message received counts as progress
    task_received.send(sender=None, request=None)
    assert not watchdog.wedged()


def test_the_stall_timeout_zero_turns_the_watchdog_off(configure, redis_broker: str) -> None:  # type: ignore[no-untyped-def]
    watchdog = _watchdog(configure, redis_broker)
    configure(broker_url=redis_broker, worker_stall_timeout="0")
    create_app("test").send_task(ENRICH_TASK, kwargs={"message": {"version_id": "v"}}, queue=ENRICH_QUEUE)
    time.sleep(0.3)
    assert not watchdog.wedged()


def test_an_idle_worker_whose_first_message_just_arrived_gets_a_whole_stall_timeout_to_take_it(  # type: ignore[no-untyped-def]
        configure, redis_broker: str) -> None:
    # Given a worker idle (and checked) for longer than the stall timeout
    watchdog = _watchdog(configure, redis_broker)
    time.sleep(0.3)
    assert not watchdog.wedged()
    # When a message arrives, the check that sees it waiting is not a stall (seen on a loaded machine: an idle
    # deliver worker called wedged the second its first delivery was queued, and nothing restarted it)
    create_app("test").send_task(ENRICH_TASK, kwargs={"message": {"version_id": "v"}}, queue=ENRICH_QUEUE)
    assert not watchdog.wedged()
    time.sleep(0.1)
    assert not watchdog.wedged()
    # Then only a message left waiting for the whole stall timeout is
    time.sleep(0.15)
    assert watchdog.wedged()


def test_a_queue_emptied_by_another_consumer_starts_the_clock_again(configure, redis_broker: str) -> None:  # type: ignore[no-untyped-def]
    watchdog = _watchdog(configure, redis_broker)
    create_app("test").send_task(ENRICH_TASK, kwargs={"message": {"version_id": "v"}}, queue=ENRICH_QUEUE)
    time.sleep(0.3)
    assert not watchdog.wedged()
    # When another worker takes the message, and a new one arrives
    with watchdog.app.connection_for_write() as conn:
        conn.default_channel.queue_purge(ENRICH_QUEUE)
    assert not watchdog.wedged()
    create_app("test").send_task(ENRICH_TASK, kwargs={"message": {"version_id": "w"}}, queue=ENRICH_QUEUE)
    # Then the new message gets its own whole stall timeout
    time.sleep(0.1)
    assert not watchdog.wedged()
    time.sleep(0.15)
    assert not watchdog.wedged()
    time.sleep(0.1)
    assert watchdog.wedged()


def test_a_wedged_worker_exits_non_zero_so_its_supervisor_restarts_it(configure, redis_broker: str) -> None:  # type: ignore[no-untyped-def]
    watchdog = _watchdog(configure, redis_broker)
    create_app("test").send_task(ENRICH_TASK, kwargs={"message": {"version_id": "v"}}, queue=ENRICH_QUEUE)
    time.sleep(0.3)
    assert not watchdog.wedged()
    time.sleep(0.3)
    process = multiprocessing.get_context("fork").Process(target=watchdog.check)
    process.start()
    process.join(30)
    assert process.exitcode == EXIT_WEDGED


def test_the_embedded_broker_s_waiting_messages_are_seen_too(configure, tmp_path) -> None:  # type: ignore[no-untyped-def]
    watchdog = _watchdog(configure, f"sqla+sqlite:///{tmp_path}/broker.db")
    create_app("test").send_task(ENRICH_TASK, kwargs={"message": {"version_id": "v"}}, queue=ENRICH_QUEUE)
    assert ready_messages(watchdog.app, [ENRICH_QUEUE]) == 1


def test_a_consumer_that_is_reconnecting_is_not_wedged_and_its_stall_clock_starts_when_it_connects(  # type: ignore[no-untyped-def]
        configure, redis_broker: str) -> None:
    # Given a message waiting and a consumer whose broker connection dropped (it is backing off between retries)
    connected = [False]
    configure(broker_url=redis_broker, worker_stall_timeout="0.2")
    watchdog = Watchdog(create_app("enrich"), "enrich", [ENRICH_QUEUE], concurrency=1,
                        connected=lambda: connected[0])
    create_app("test").send_task(ENRICH_TASK, kwargs={"message": {"version_id": "v"}}, queue=ENRICH_QUEUE)
    # When longer than the stall timeout passes while it reconnects, it is not wedged
    time.sleep(0.3)
    assert not watchdog.wedged()
    # And once connected it gets a whole stall timeout to receive before it is called wedged
    connected[0] = True
    assert not watchdog.wedged()
    time.sleep(0.3)
    assert not watchdog.wedged()  # the message is seen waiting: its clock starts
    time.sleep(0.3)
    assert watchdog.wedged()


def test_a_worker_that_was_frozen_is_not_wedged_when_it_thaws(configure, redis_broker: str) -> None:  # type: ignore[no-untyped-def]
    # Given a message waiting and a watchdog whose process did not run for longer than the stall timeout (SIGSTOP:
    # its checks, one per beat, stopped too)
    configure(broker_url=redis_broker, worker_stall_timeout="0.2", worker_heartbeat_interval="0.05")
    watchdog = Watchdog(create_app("enrich"), "enrich", [ENRICH_QUEUE], concurrency=1)
    create_app("test").send_task(ENRICH_TASK, kwargs={"message": {"version_id": "v"}}, queue=ENRICH_QUEUE)
    time.sleep(0.3)
    # When it checks on thawing, it is not wedged: its consumer gets a whole stall timeout from now
    assert not watchdog.wedged()
    # And checked once per beat from then on, a consumer that still takes nothing is wedged
    deadline = time.monotonic() + 0.5  # idle for the stall timeout, then its message waiting for as long
    while time.monotonic() < deadline:
        watchdog.wedged()
        time.sleep(0.04)
    assert watchdog.wedged()
