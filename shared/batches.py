"""Adaptive batches: a stage task that finds more of its messages waiting takes them into one unit of work.

A stage task (ingest, enrich, publish) is handed one message by Celery. Before it works, it takes up to
``NEWSFLOW_BATCH_SIZE`` − 1 further messages of its own queue that are ready now (``basic_get`` on a connection
of its own, unacknowledged), so a backlog is worked through in batches while a lone article goes alone, at
once: an empty queue costs one round trip. Every guarantee of a single message holds for the batch:

- **acks after commit**: the taken messages are acknowledged after the batch's work committed; a worker that
  dies first leaves them unacknowledged, and the broker (RabbitMQ at once, Redis after its visibility timeout)
  or the reconciler (their claims, shared/claims.py) sends them again; the stages are idempotent;
- **a poison item is isolated**: a batch that fails is split, every item sent again as a message of its own
  (``retries`` + 1: a retried message goes alone and takes no others), so one bad article is dead-lettered
  and the others go on;
- a message retried (``retries`` > 0) or due later (an ETA) is never taken into a batch: it is put back.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from celery import Celery
from kombu import Connection
from kombu import Queue as KombuQueue
from kombu.message import Message as KombuMessage
from pydantic import ValidationError

from shared import claims, state
from shared.deadletter import record
from shared.lineage import lineage_of
from shared.logging import get_logger
from shared.messages import StageMessage
from shared.queues import TASK_QUEUES

log = get_logger(__name__)


@dataclass(frozen=True)
class Taken:
    """A message taken from the queue into a batch: its ids, and how to settle it."""

    message: KombuMessage
    ids: tuple[str, ...]
    payload: dict[str, Any]
    task_id: str
    retries: int

    @property
    def claim_key(self) -> str:
        return f"{self.task_id}:{self.retries}"


class _Connections(threading.local):
    """One broker connection per thread of a worker process, for taking messages (opened on first use)."""

    connection: Connection | None = None


_local = _Connections()


def _forget() -> None:
    connection, _local.connection = _local.connection, None
    if connection is not None:
        try:
            connection.release()
        except Exception:  # noqa: BLE001 - a forked child's copy of its parent's socket: dropped either way
            pass


state.on_reset("batch connections", _forget)


def _channel(app: Celery) -> Any:
    if _local.connection is None:
        _local.connection = app.connection_for_read()
        _local.connection.ensure_connection(max_retries=1, timeout=5)
    return _local.connection.default_channel


def take(app: Celery, task_name: str, message_type: type[StageMessage], limit: int) -> list[Taken]:
    """Up to ``limit`` more messages of ``task_name``'s queue that are ready now, claimed for this worker.

    Never raises: a broker that does not answer makes the task go alone. A message that is not valid is
    dead-lettered here (it can never be worked) and acknowledged.
    """
    if limit <= 0:
        return []
    taken: list[Taken] = []
    try:
        queue = KombuQueue(TASK_QUEUES[task_name], channel=_channel(app))
        while len(taken) < limit:
            message = queue.get(no_ack=False, accept=["json"])
            if message is None:
                break
            item = _taken(message, task_name, message_type)
            if item is None:
                break
            taken.append(item)
    except Exception as exc:  # noqa: BLE001 - never hold the message Celery gave us up for the others
        log.warning("batch.take_failed", task=task_name, error=f"{type(exc).__name__}: {exc}")
        _forget()  # the connection may be broken: the next task opens a fresh one (its unacked return)
        return []
    if taken:
        try:
            claims.claim_many([(item.claim_key, task_name, item.payload) for item in taken])
        except Exception as exc:  # noqa: BLE001 - unclaimed, a killed worker's batch waits for the broker
            log.warning("batch.claim_failed", task=task_name, error=f"{type(exc).__name__}: {exc}")
    return taken


def _taken(message: KombuMessage, task_name: str, message_type: type[StageMessage]) -> Taken | None:
    """The message as a batch item; None (and the message put back) when it must not join a batch."""
    headers = message.headers or {}
    retries = int(headers.get("retries") or 0)
    if headers.get("task") != task_name or retries > 0 or headers.get("eta"):
        message.requeue()  # another task, a retried item (it goes alone), or one due later: Celery's
        return None
    body = message.decode()
    kwargs = body[1] if isinstance(body, (list, tuple)) and len(body) > 1 else {}
    payload = kwargs.get("message") if isinstance(kwargs, dict) else None
    try:
        parsed = message_type.model_validate(payload)
    except ValidationError as exc:
        record(task_name, payload if isinstance(payload, dict) else {"body": repr(body)[:2000]},
               exc, traceback.format_exc())
        message.ack()
        return Taken(message, (), {}, str(headers.get("id")), retries)
    return Taken(message, parsed.ids, dict(payload), str(headers.get("id")), retries)  # type: ignore[arg-type]


def settle(taken: Sequence[Taken]) -> None:
    """The batch committed: acknowledge what was taken and release its claims."""
    for item in taken:
        if item.ids:  # an invalid one was acknowledged when it was dead-lettered
            item.message.ack()
    if taken:
        try:
            claims.release_many([item.claim_key for item in taken])
        except Exception as exc:  # noqa: BLE001 - a leftover claim of a live worker is re-driven only when overdue
            log.warning("batch.release_failed", error=f"{type(exc).__name__}: {exc}")


def split(app: Celery, task_name: str, message_type: type[StageMessage], items: Sequence[tuple[str, int]],
          error: Exception, countdown: float, max_retries: int, taken: Sequence[Taken]) -> None:
    """A batch failed: every id goes again alone (``retries`` + 1), or to the dead letters when it has had its
    retries; then what was taken is acknowledged (each id is now in a message of its own)."""
    for item_id, retries in items:
        payload = message_type.of([item_id]).model_dump(mode="json")
        if retries >= max_retries:
            record(task_name, payload, error, None, article_id=lineage_of(payload).article_id)
            continue
        app.send_task(task_name, kwargs={"message": payload}, queue=TASK_QUEUES[task_name], retries=retries + 1,
                      countdown=countdown or None)
    settle(taken)
    log.warning("batch.split", items=len(items), error=f"{type(error).__name__}: {error}",
                countdown_s=round(countdown, 2))
