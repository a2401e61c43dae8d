"""Self-healing: a dead worker's work, a broker's lost messages and a wedged consumer are recovered by the
reconciler and the watchdog, with no human action; every accepted article is published and delivered once.

Each test ends by counting and prints its recovery time (kill or restart → every article published).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from tests.e2e.stack import wait_for
from tests.faults.harness import Pipeline, article, running_pipeline
from tests.faults.test_workers import CLEAN

# Time limits a young enrich worker's first task (loading its model on a busy machine) stays within.
LIMITS = {"NEWSFLOW_TASK_SOFT_TIME_LIMIT": "20", "NEWSFLOW_TASK_TIME_LIMIT": "25"}
# The transport's own recovery would take this long: nothing here may wait for it.
LONG_VISIBILITY = LIMITS | {"NEWSFLOW_VISIBILITY_TIMEOUT": "600"}


def _clean(pipeline: Pipeline, ids: list[str], timeout: float = 90.0) -> dict:
    statuses = pipeline.wait_published(ids, timeout)
    assert statuses["published"] == len(ids), f"{statuses}\n{pipeline.stack.logs()}"
    report = pipeline.reconcile(ids)
    assert {key: report[key] for key in CLEAN} == CLEAN, report
    return report


def _kill_whole(pipeline: Pipeline, service: str) -> None:
    """SIGKILL a worker's main process and its pool, as a lost host or the OOM killer would."""
    children = pipeline.children(service)
    pipeline.process(service).kill()
    for child in children:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
    pipeline.process(service).wait(10)


def _unacked(pipeline: Pipeline) -> int:
    """Messages Redis holds for consumers that have not acknowledged them (a dead worker's among them)."""
    return int(redis.Redis.from_url(pipeline.redis.url).hlen("unacked"))


@pytest.fixture()
def slow_transport(tmp_path: Path, gazetteer_path: Path) -> Iterator[Pipeline]:
    """The pipeline with the default ten-minute visibility timeout: only the reconciler can be quick."""
    with running_pipeline(tmp_path, gazetteer_path, LONG_VISIBILITY) as running:
        yield running


KILLS = [("enrich", "old", True), ("enrich", "young", False), ("ingest", "old", True), ("publish", "young", True)]


def test_a_killed_worker_s_work_is_re_driven_without_waiting_for_the_visibility_timeout(
        slow_transport: Pipeline) -> None:
    pipeline, everything = slow_transport, []
    for round_number, (service, age, backlog) in enumerate(KILLS):
        # Given a worker that is young (just restarted) or old, holding work, with or without a backlog
        if age == "young":
            pipeline.process(service).terminate()
            pipeline.process(service).wait(30)
            pipeline.restart(service)
        ids = pipeline.post_many(12 if backlog else 3, tag=f"{round_number}-{service}-")
        everything += ids
        assert wait_for(lambda: _unacked(pipeline), 30, 0.05), "the worker holds messages when it is killed"
        # When the whole worker is SIGKILLed and started again
        killed = time.monotonic()
        _kill_whole(pipeline, service)
        pipeline.restart(service)
        # Then all is published while Redis still keeps the dead worker's messages for its ten minutes
        statuses = pipeline.wait_published(ids, timeout=120)
        recovered = time.monotonic() - killed
        assert statuses["published"] == len(ids), f"{service} {age}: {statuses}\n{pipeline.stack.logs()}"
        assert _unacked(pipeline) > 0, "Redis still holds the dead worker's messages: no visibility timeout passed"
        print(f"\n{service} ({age}, backlog={backlog}) SIGKILL -> all {len(ids)} published: {recovered:.1f} s")
    # And, counted: each article published once and delivered once
    _clean(pipeline, everything)


def test_the_broker_s_late_redelivery_after_a_re_drive_is_a_no_op(tmp_path: Path, gazetteer_path: Path) -> None:
    with running_pipeline(tmp_path, gazetteer_path, LIMITS | {"NEWSFLOW_VISIBILITY_TIMEOUT": "30"}) as pipeline:
        # Given a killed enrich worker whose messages the reconciler has already re-driven
        ids = pipeline.post_many(10, tag="late-")
        assert wait_for(lambda: _unacked(pipeline), 30, 0.05)
        _kill_whole(pipeline, "enrich")
        pipeline.restart("enrich")
        _clean(pipeline, ids)
        # When Redis hands the dead worker's messages out again after its visibility timeout
        assert wait_for(lambda: _unacked(pipeline) == 0, 90, 0.5), "Redis restored the unacknowledged messages"
        time.sleep(3)
        # Then nothing is published or delivered a second time
        report = _clean(pipeline, ids)
        mirrored = [r for r in pipeline.mirror.received if r["status"] == 200]
        assert len(mirrored) == len(ids), report


def test_a_redis_restart_without_persistence_losing_a_backlog_is_healed_by_the_reconciler(
        tmp_path: Path, gazetteer_path: Path) -> None:
    appendonly = False  # with AOF on, the backlog survives (test_servers.py and the mid-ack test below)
    with running_pipeline(tmp_path, gazetteer_path, LIMITS | {"NEWSFLOW_VISIBILITY_TIMEOUT": "30"},
                          appendonly=appendonly) as pipeline:
        # Given a backlog in the enrich queue while its worker is stopped
        pipeline.process("enrich").terminate()
        pipeline.process("enrich").wait(30)
        ids = pipeline.post_many(10, tag="restart-")
        wait_for(lambda: pipeline.statuses(ids)["received"] == len(ids) and
                 redis.Redis.from_url(pipeline.redis.url).llen("enrich") == len(ids), 30, 0.2)
        # When Redis restarts (without AOF the backlog is gone) and the worker comes back
        restarted = time.monotonic()
        pipeline.redis.restart()
        pipeline.restart("enrich")
        # Then the reconciler re-sends what the broker forgot, and every article is published once
        _clean(pipeline, ids)
        print(f"\nRedis restart (appendonly={appendonly}) -> drained: {time.monotonic() - restarted:.1f} s")


def test_a_young_worker_mid_ack_through_a_redis_restart_recovers(tmp_path: Path, gazetteer_path: Path) -> None:
    with running_pipeline(tmp_path, gazetteer_path, LIMITS | {"NEWSFLOW_VISIBILITY_TIMEOUT": "30"},
                          appendonly=True) as pipeline:
        supervisor = pipeline.supervisor
        supervisor.every_exit = True  # the killed worker is started again by the supervisor, as in production
        ids: list[str] = []

        def stream() -> None:  # articles keep arriving at about 10 a second
            for n in range(60):
                answer = pipeline.post(article(n, "stream-"))
                if answer.status_code in (200, 202):
                    ids.append(answer.json()["id"])
                time.sleep(0.1)

        poster = threading.Thread(target=stream)
        poster.start()
        # Given an enrich worker SIGKILLed mid-stream and started again, acknowledging its first tasks
        wait_for(lambda: len(ids) >= 10, 30, 0.1)
        _kill_whole(pipeline, "enrich")
        supervisor.exits.clear()
        log = pipeline.stack.log_dir / "enrich.restart.log"
        wait_for(lambda: log.exists() and b"task.finished" in log.read_bytes(), 60, 0.05)
        # When Redis restarts under it (down about 2 s, append-only file on)
        pipeline.redis.stop()
        time.sleep(2)
        restarted = time.monotonic()
        pipeline.redis.start()
        poster.join()
        # Then, with no human action, every accepted article is published and delivered once
        _clean(pipeline, ids, timeout=120)
        print(f"\nyoung worker + Redis restart -> all {len(ids)} published: {time.monotonic() - restarted:.1f} s;"
              f" worker exits (restarted by the supervisor): {supervisor.exits}")


def test_embedded_sigkill_of_enrich_pool_processes_never_stops_the_worker(tmp_path: Path,
                                                                          gazetteer_path: Path) -> None:
    """SQLite database and SQLite broker: killed pool processes are replaced and their tasks requeued."""
    import psutil

    from shared.db import reset_engine, upgrade
    from shared.settings import get_settings
    from tests.e2e.stack import Stack

    var = tmp_path / "var"
    env = {"NEWSFLOW_DATABASE_URL": f"sqlite:///{var}/newsflow.db", "NEWSFLOW_BROKER_URL": f"sqla+sqlite:///{var}/b.db",
           "NEWSFLOW_VAR_DIR": str(var), "NEWSFLOW_GAZETTEER_PATH": str(gazetteer_path), "NEWSFLOW_LOG_FORMAT": "json",
           "NEWSFLOW_RATE_LIMIT_PER_SECOND": "0", "NEWSFLOW_RECONCILE_AFTER": "5", "NEWSFLOW_RECONCILE_INTERVAL": "1",
           "NEWSFLOW_WORKER_HEARTBEAT_INTERVAL": "1"} | LIMITS | {"NEWSFLOW_VISIBILITY_TIMEOUT": "30"}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    get_settings.cache_clear()
    reset_engine()
    upgrade()
    stack = Stack(env, tmp_path / "logs").start()
    enrich, ids, kills = psutil.Process(stack.processes[2].pid), [], 0
    try:
        # Given articles flowing through enrichment, round after round
        for round_number in range(4):
            for n in range(5):
                answer = httpx.post(f"{stack.base}/v1/articles", json=article(n, f"emb{round_number}-"), timeout=30)
                ids.append(answer.json()["id"])
            # When a pool process is SIGKILLed while the worker's threads settle messages on the SQLite broker
            busy = wait_for(lambda: _busy_children(enrich), 10, 0.05)
            for child in busy[:1]:
                os.kill(child, signal.SIGKILL)
                kills += 1
        # Then the worker lives on and every article is published once
        assert wait_for(lambda: _embedded_statuses(ids).get("published") == len(ids), 120, 0.5), (
            _embedded_statuses(ids), stack.logs())
        assert stack.processes[2].poll() is None, stack.logs()
        assert b"Unrecoverable error" not in (tmp_path / "logs" / "enrich.log").read_bytes()
        assert kills >= 3
    finally:
        stack.stop()
        reset_engine()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def _busy_children(process: object) -> list[int]:
    """Pids of the pool processes using the CPU right now (running a task)."""
    import psutil

    busy = []
    for child in process.children():  # type: ignore[attr-defined]
        try:
            if child.cpu_percent(0.05) > 0:
                busy.append(child.pid)
        except psutil.Error:
            pass
    return busy


def _embedded_statuses(ids: list[str]) -> dict[str, int]:
    from collections import Counter

    from sqlalchemy import func, select

    from shared.db import session_scope
    from shared.models import Article

    with session_scope() as session:
        return dict(Counter(dict(session.execute(select(Article.status, func.count()).where(
            Article.id.in_(ids)).group_by(Article.status)).all())))
