"""The Celery app factory and the one task decorator every service uses.

Common configuration lives here once: JSON only, late acks, requeue on worker loss, no result
backend, explicit queues, one visibility timeout longer than the hard time limit. The decorator
``newsflow_task`` gives every task the same message validation, log context, retry policy for
transient errors and dead-lettering for permanent ones. On RabbitMQ (``amqp://``) the task queues
are quorum queues with a delivery limit and publishes wait for the broker's confirm
(shared/rabbit.py).
"""

from __future__ import annotations

import math
import random
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import structlog
from billiard.exceptions import WorkerLostError
from celery import Celery, Task
from celery.worker.request import Request
from kombu import Exchange, Queue
from pydantic import ValidationError

from shared import metrics, rabbit, redis_close
from shared.deadletter import record
from shared.errors import NewsflowError, PoisonMessage, TransientError, translated
from shared.lineage import Lineage, lineage_if_known, lineage_of
from shared.logging import get_logger, remember_task
from shared.messages import Message, StageMessage
from shared.queues import ALL_QUEUES, TASK_QUEUES
from shared.settings import Settings, get_settings

log = get_logger(__name__)
M = TypeVar("M", bound=Message)
SM = TypeVar("SM", bound=StageMessage)


def broker_url(settings: Settings) -> str:
    """The broker URL, with the embedded SQLite broker's folder created."""
    url = settings.broker_url
    if url.startswith("sqla+sqlite:///"):
        path = url.removeprefix("sqla+sqlite:///")
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    return url


def transport_options(settings: Settings) -> dict[str, Any]:
    """Broker options: Redis gets the visibility timeout; the SQLite broker a lock timeout; RabbitMQ confirms."""
    if rabbit.is_amqp(settings.broker_url):
        return rabbit.transport_options()
    if settings.broker_url.startswith("sqla+"):
        # kombu's SQLAlchemy transport hands every option to create_engine(), so the polling
        # interval (1 s by default: a second of latency per hop) is set on the class instead.
        from kombu.transport import sqlalchemy as sqla_transport

        from shared import sqla_broker

        sqla_transport.Transport.polling_interval = settings.broker_polling_interval
        sqla_broker.install()  # one channel's session used by two threads crashed the worker (see there)
        return {"connect_args": {"timeout": 30}}
    redis_close.install()  # a Redis restart must not kill the worker while it closes the old connection
    return {
        "visibility_timeout": settings.visibility_timeout,
        "polling_interval": settings.broker_polling_interval,
        # A killed worker's unacknowledged messages come back once the visibility timeout passes:
        # sweep for them every tenth of it (kombu's default sweep is every 100 s whatever the timeout).
        "unacked_restore_interval": max(1, settings.visibility_timeout // 10),
        "unacked_restore_throttle": 1,
        # A broker that vanishes without closing TCP must not hang a publish or a consumer forever.
        "socket_timeout": 15,
        "socket_connect_timeout": 5,
        "socket_keepalive": True,
        "health_check_interval": 10,
    }


def create_app(service: str) -> Celery:
    """A Celery app for ``service`` with newsflow's common configuration."""
    settings = get_settings()
    app = Celery(f"newsflow-{service}", broker=broker_url(settings), set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_backend=None,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        task_soft_time_limit=settings.task_soft_time_limit,
        task_time_limit=settings.task_time_limit,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        worker_send_task_events=True,
        task_send_sent_event=False,
        # True crashes the consumer on some reconnections (celery#9250: "Unrecoverable error:
        # AttributeError ... NoneType", seen here after a Redis restart). Left False, a task whose
        # ack is lost with the connection runs again after the visibility timeout: tasks are idempotent.
        worker_cancel_long_running_tasks_on_connection_loss=False,
        # Remote control stays on: `celery -A services.ingest.tasks inspect active` and Flower ask workers
        # through it. The crash a Redis restart caused while closing the broken connection is patched in
        # shared/redis_close.py.
        worker_enable_remote_control=True,
        # A cold shutdown (second SIGTERM, or the orchestrator's deadline) first gives running tasks this
        # long; whatever is still running is requeued (acks_late), never lost.
        worker_soft_shutdown_timeout=float(settings.task_time_limit),
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options(settings),
        task_create_missing_queues=False,
        task_queues=task_queues(settings),
        task_routes={name: {"queue": q, "routing_key": q} for name, q in TASK_QUEUES.items()},
        task_default_queue=ALL_QUEUES[0],
    )
    if rabbit.is_amqp(settings.broker_url):
        rabbit.configure(app, settings)
    return app


def task_queues(settings: Settings) -> list[Queue]:
    """One durable queue per stage, each behind its own exchange (quorum queues on RabbitMQ)."""
    if rabbit.is_amqp(settings.broker_url):
        return rabbit.task_queues(settings)
    return [Queue(q, Exchange(q, type="direct"), routing_key=q) for q in ALL_QUEUES]


def backoff(retries: int, base: float = 1.0, cap: float = 60.0) -> float:
    """Exponential backoff with full jitter; capped well below the visibility timeout."""
    return random.uniform(0, min(cap, base * 2**retries))


class LineageRequest(Request):  # type: ignore[misc]
    """Celery's request for a newsflow task: looks up the message's article and request ids as the worker's main
    process takes it, so Celery's "Task … received" line (logged next) carries them (shared/logging.py).

    The lookup runs in the consumer loop, so it is bounded (``LOOKUP_WAIT_MS``): a table locked by a migration
    costs that line its ids, never the worker its remote control or its heartbeat.
    """

    LOOKUP_WAIT_MS = 200

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        message = (self.kwargs or {}).get("message") if isinstance(self.kwargs, dict) else None
        if isinstance(message, dict):
            try:
                remember_task(self.id, lineage_of(message, wait_ms=self.LOOKUP_WAIT_MS).context())
            except Exception as exc:  # a log field must never hold up the consumer
                log.warning("task.lineage_unavailable", task_id=self.id, error=f"{type(exc).__name__}: {exc}")

    def on_failure(self, exc_info: Any, send_failed_event: bool = True, return_ok: bool = False) -> Any:
        """A pool process lost mid-task: Celery requeues this message; the ones it had taken into its batch
        (shared/batches.py) are sent again here, at once, instead of after the broker's visibility timeout."""
        exc = getattr(exc_info.exception, "exc", exc_info.exception)
        if isinstance(exc, (WorkerLostError, SystemExit, KeyboardInterrupt)):
            from shared import batches

            try:
                batches.redrive_lost(self.task.app, self.id)
            except Exception as error:  # the reconciler re-drives them once overdue: a delay, not a loss
                log.warning("batch.redrive_failed", task_id=self.id, error=f"{type(error).__name__}: {error}")
        return super().on_failure(exc_info, send_failed_event=send_failed_event, return_ok=return_ok)


def newsflow_task(
    app: Celery, name: str, message_type: type[M]
) -> Callable[[Callable[[M], Any]], Task]:
    """Register ``fn(message)`` as task ``name``: validate, retry transient errors, dead-letter the rest."""

    def decorator(fn: Callable[[M], Any]) -> Task:
        @app.task(name=name, bind=True, max_retries=get_settings().task_max_retries, Request=LineageRequest)
        def run(self: Task, message: dict[str, Any]) -> None:
            structlog.contextvars.clear_contextvars()
            structlog.contextvars.bind_contextvars(task_id=self.request.id, task=name)
            started = time.perf_counter()
            outcome = "done"
            lineage = Lineage()
            try:
                with translated():  # the boundary: whatever a library raised leaves as one of ours
                    lineage = lineage_of(message)
                    # Once per task: every line this task logs, in any stage, carries its article and request;
                    # Celery's lines about it after it returned ("succeeded", "retry") get them from remember_task.
                    structlog.contextvars.bind_contextvars(**lineage.context())
                    remember_task(self.request.id, lineage.context())
                    try:
                        parsed = message_type.model_validate(message)
                    except ValidationError as exc:
                        raise PoisonMessage(f"invalid message: {exc}") from exc
                    fn(parsed)
            except NewsflowError as error:
                if isinstance(error, TransientError) and self.request.retries < self.max_retries:
                    outcome = "retry"
                    # Whole seconds, at least one: RabbitMQ's delayed delivery counts in whole seconds.
                    countdown = float(math.ceil(backoff(self.request.retries)))
                    log.warning("task.retry", error=str(error), retries=self.request.retries,
                                countdown_s=round(countdown, 2))
                    raise self.retry(countdown=countdown, exc=error) from error
                outcome = "dead_letter"
                record(name, message, error, traceback.format_exc(), article_id=lineage.article_id)
            finally:
                seconds = time.perf_counter() - started
                metrics.task_finished(name, outcome, seconds)
                log.info("task.finished", outcome=outcome, duration_ms=round(seconds * 1000, 1))
                structlog.contextvars.clear_contextvars()

        return run

    return decorator


def newsflow_stage_task(app: Celery, name: str, message_type: type[SM]) -> Callable[[Callable[[list[str]], Any]],
                                                                                     Task]:
    """Register ``fn(ids)``, a stage's work on a batch of ids in one transaction, as task ``name``.

    The message Celery hands over is worked with what waits beside it in the queue, up to
    ``NEWSFLOW_BATCH_SIZE`` ids (shared/batches.py). Alone (one id, nothing waiting) the task behaves as
    ``newsflow_task``: transient errors are tried again with backoff (a message of its own, ``retries`` + 1),
    the rest dead-lettered. A batch that fails is split: each id again alone.
    """
    from shared import batches

    def decorator(fn: Callable[[list[str]], Any]) -> Task:
        @app.task(name=name, bind=True, max_retries=get_settings().task_max_retries, Request=LineageRequest)
        def run(self: Task, message: dict[str, Any]) -> None:
            structlog.contextvars.clear_contextvars()
            structlog.contextvars.bind_contextvars(task_id=self.request.id, task=name)
            started = time.perf_counter()
            outcomes = ["done"]
            try:
                try:
                    own = list(message_type.model_validate(message).ids)
                except ValidationError as exc:
                    outcomes = ["dead_letter"]
                    record(name, message, PoisonMessage(f"invalid message: {exc}"), traceback.format_exc(),
                           article_id=lineage_if_known(message).article_id)
                    return
                # Only a worker consuming the queue takes more from it: a direct call (a script, a test) works
                # what it was given.
                size = 1 if self.request.called_directly else get_settings().batch_size
                work = batches.units(app, name, message_type, own, self.request.retries or 0, size,
                                     str(self.request.id))
                ids = [i for unit in work for i in unit.ids]
                lineage = lineage_if_known(message) if len(ids) == 1 else Lineage()
                structlog.contextvars.bind_contextvars(**lineage.context(), items=len(ids))
                remember_task(self.request.id, lineage.context())
                retry = lambda retries: float(math.ceil(backoff(retries)))  # noqa: E731 - whole seconds
                outcomes = [batches.work(app, name, message_type, fn, unit, self.max_retries, retry) for unit in work]
                metrics.batch_worked(name, len(ids))
            finally:
                seconds = time.perf_counter() - started
                outcome = next((o for o in ("dead_letter", "split", "retry") if o in outcomes), "done")
                metrics.task_finished(name, outcome, seconds)
                log.info("task.finished", outcome=outcome, duration_ms=round(seconds * 1000, 1))
                structlog.contextvars.clear_contextvars()

        return run

    return decorator
