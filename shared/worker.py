"""Running a service's Celery worker: the relay loop, a heartbeat file, fresh connections per child."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown, worker_ready, worker_shutdown

from shared import metrics
from shared.db import reset_engine
from shared.logging import configure_logging, get_logger
from shared.outbox import RelayLoop, mark_sent_now
from shared.queues import SERVICE_QUEUES
from shared.settings import get_settings

log = get_logger(__name__)
HEARTBEAT_INTERVAL_S = 10.0


def heartbeat_file(service: str) -> Path:
    """The file a worker touches while it is alive (Kubernetes liveness reads its age)."""
    return get_settings().var_dir / f"heartbeat-{service}"


class Heartbeat(threading.Thread):
    """Touches the heartbeat file every few seconds while the worker's main process runs."""

    def __init__(self, service: str) -> None:
        super().__init__(name="heartbeat", daemon=True)
        self.path = heartbeat_file(service)
        self.stopped = threading.Event()

    def run(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            self.path.touch()
            if self.stopped.wait(HEARTBEAT_INTERVAL_S):
                return


def heartbeat_age(service: str) -> float | None:
    """Seconds since the worker last beat, or None if it never did."""
    path = heartbeat_file(service)
    return time.time() - path.stat().st_mtime if path.exists() else None


def run_worker(app: Celery, service: str, concurrency: int, pool: str,
               hooks: Sequence[Callable[[Celery], Any]] = ()) -> None:
    """Run the worker for ``service`` in the foreground until it is told to stop."""
    configure_logging()
    background: list[Any] = []

    @worker_process_init.connect(weak=False)
    def _child_started(**_: Any) -> None:
        reset_engine()  # a forked child must not share its parent's database connections

    @worker_ready.connect(weak=False)
    def _ready(**_: Any) -> None:
        background.extend([RelayLoop(app, hooks), Heartbeat(service)])
        for thread in background:
            thread.start()
        metrics.serve_worker(service)
        log.info("worker.ready", service=service, queues=SERVICE_QUEUES[service], pool=pool,
                 concurrency=concurrency)

    @worker_process_shutdown.connect(weak=False)
    def _child_stopping(**_: Any) -> None:
        mark_sent_now()  # what this child's fast path sent is not sent again by a relay

    @worker_shutdown.connect(weak=False)
    def _shutdown(**_: Any) -> None:
        for thread in background:
            thread.stopped.set()
        mark_sent_now()

    app.worker_main([
        "worker", "--queues", ",".join(SERVICE_QUEUES[service]), "--concurrency", str(concurrency),
        "--pool", pool, "--hostname", f"{service}@%h", "--loglevel", get_settings().log_level,
        "--without-mingle", "--without-gossip",
    ])
