"""A worker serves its own /metrics on NEWSFLOW_WORKER_METRICS_PORT: its task counts and its heartbeat."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from shared.celery import create_app
from shared.queues import DELIVER_TASK
from tests.e2e.stack import free_port, wait_for
from tests.ops.test_metrics import samples


def test_a_worker_exposes_its_task_counts_and_heartbeat(pg_redis: dict[str, str], tmp_path: Path) -> None:
    # Given a deliver worker with a metrics port
    port = free_port()
    env = dict(os.environ) | pg_redis | {"NEWSFLOW_WORKER_METRICS_PORT": str(port)}
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - closed below
    worker = subprocess.Popen([sys.executable, "-m", "services.cli", "worker", "deliver"], env=env,
                              stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2])
    try:
        # When it is sent a delivery that does not exist (a message that fails for good)
        create_app("test").send_task(DELIVER_TASK, kwargs={"message": {"delivery_id": "no-such-delivery"}},
                                     queue="deliver")

        def scraped() -> dict:
            try:
                found = samples(httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text)
            except httpx.HTTPError:
                return {}
            return found if ("newsflow_articles_failed_total", (("stage", "deliver"),)) in found else {}

        found = wait_for(scraped, timeout=40)
        assert found, (tmp_path / "worker.log").read_text()
        # Then its endpoint counts the dead-lettered run and shows its own heartbeat
        assert found[("newsflow_tasks_total", (("outcome", "dead_letter"), ("task", DELIVER_TASK)))] == 1
        beats = {labels: age for (name, labels), age in found.items()
                 if name == "newsflow_worker_heartbeat_age_seconds"}
        assert [dict(labels)["worker"] for labels in beats] == ["deliver"] and min(beats.values()) < 60
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
        log.close()
