"""Running a service's Celery worker: the relay loop (and reconciler), heartbeats, claims, a stall watchdog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from celery import Celery
from celery.signals import (
    task_postrun,
    task_received,
    worker_process_init,
    worker_process_shutdown,
    worker_ready,
    worker_shutdown,
)

from shared import claims, metrics, state
from shared.heartbeat import Heartbeat
from shared.liveness import Watchdog
from shared.logging import configure_logging, get_logger
from shared.outbox import RelayLoop, mark_sent_now
from shared.queues import SERVICE_QUEUES
from shared.reconcile import Reconciler
from shared.settings import get_settings

log = get_logger(__name__)


def _claim_key(task_id: str | None, retries: int | None) -> str:
    return f"{task_id}:{retries or 0}"


def _connect_claims() -> None:
    """Claim each message as the main process receives it; release it when its task ends (in the child)."""

    @task_received.connect(weak=False)
    def _received(request: Any = None, **_: Any) -> None:
        message = (request.kwargs or {}).get("message")
        if not isinstance(message, dict):
            return  # not a newsflow task message: nothing the reconciler could send again
        try:
            claims.claim(_claim_key(request.id, request.request_dict.get("retries")), request.name, message)
        except Exception as exc:  # never hold the consumer up: the stalled-work path still covers the message
            log.warning("worker.claim_failed", task_id=request.id, error=f"{type(exc).__name__}: {exc}")

    @task_postrun.connect(weak=False)
    def _finished(task_id: str | None = None, task: Any = None, **_: Any) -> None:
        try:
            claims.release(_claim_key(task_id, getattr(task.request, "retries", 0) if task else 0))
        except Exception as exc:  # a leftover claim of a live worker is only re-driven once overdue
            log.warning("worker.release_failed", task_id=task_id, error=f"{type(exc).__name__}: {exc}")


def run_worker(app: Celery, service: str, concurrency: int, pool: str,
               hooks: Sequence[Callable[[Celery], Any]] = ()) -> None:
    """Run the worker for ``service`` in the foreground until it is told to stop."""
    configure_logging()
    worker = claims.become_worker()
    background: list[Any] = []
    _connect_claims()

    @worker_process_init.connect(weak=False)
    def _child_started(**_: Any) -> None:
        state.reset(child=True)  # a forked child must not share its parent's connections and clients

    @worker_ready.connect(weak=False)
    def _ready(sender: Any = None, **_: Any) -> None:
        # sender is the consumer; while it reconnects its connection is None (celery.worker.consumer)
        watchdog = Watchdog(app, service, SERVICE_QUEUES[service], concurrency,
                            connected=lambda: getattr(sender, "connection", None) is not None)
        background.extend([RelayLoop(app, [*hooks, Reconciler()]), Heartbeat(service, watchdog)])
        for thread in background:
            thread.start()
        metrics.serve_worker(service)
        log.info("worker.ready", service=service, worker=worker, queues=SERVICE_QUEUES[service], pool=pool,
                 concurrency=concurrency)

    @worker_process_shutdown.connect(weak=False)
    def _child_stopping(**_: Any) -> None:
        mark_sent_now()  # what this child's fast path sent is not sent again by a relay

    @worker_shutdown.connect(weak=False)
    def _shutdown(**_: Any) -> None:
        for thread in background:
            thread.stopped.set()
        mark_sent_now()
        try:
            claims.retire(worker)  # what it held went back to the broker with the warm shutdown
        except Exception as exc:  # its claims are re-driven once its beat is stale: a delay, not a loss
            log.warning("worker.retire_failed", error=f"{type(exc).__name__}: {exc}")

    app.worker_main([
        "worker", "--queues", ",".join(SERVICE_QUEUES[service]), "--concurrency", str(concurrency),
        "--pool", pool, "--hostname", f"{service}@%h", "--loglevel", get_settings().log_level,
        "--without-mingle", "--without-gossip",
    ])
