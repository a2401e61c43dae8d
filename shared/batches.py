"""Adaptive batches: a stage task that finds more of its messages waiting takes them into one unit of work.

A stage task (ingest, enrich, publish) is handed one message by Celery. Before it works, it takes further
messages of its own queue that are ready now (``basic_get`` on a connection of its own, unacknowledged) until
the batch holds ``NEWSFLOW_BATCH_SIZE`` ids, so a backlog is worked through in batches while a lone article goes
alone, at once: an empty queue costs one round trip. Every guarantee of a single message holds for a batch:

- **acks after commit**: the taken messages are acknowledged after their unit's work committed; a worker that
  dies first leaves them unacknowledged, and the broker (RabbitMQ at once, Redis after its visibility timeout)
  or the reconciler (their claims, shared/claims.py) sends them again; the stages are idempotent;
- **a poison item is isolated**: a batch that fails is split, every id sent again in a message of its own
  (``retries`` + 1), so one bad article is dead-lettered and the others go on;
- **a retried message goes alone**: taken from the queue, it is worked as a unit of its own after the batch (it
  may be the poison that split one); one due later (an ETA, Redis) is sent again for its time. No message is
  ever put back (RabbitMQ would count that against its delivery limit).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from celery import Celery
from kombu import Connection
from kombu import Queue as KombuQueue
from kombu.message import Message as KombuMessage
from pydantic import ValidationError

from shared import claims, state
from shared.deadletter import record
from shared.errors import NewsflowError, TransientError, translated
from shared.lineage import lineage_if_known
from shared.logging import get_logger
from shared.messages import StageMessage
from shared.queues import TASK_QUEUES

log = get_logger(__name__)


@dataclass(frozen=True)
class Taken:
    """A message taken from the queue: its ids, and how to settle it."""

    message: KombuMessage
    ids: tuple[str, ...]
    payload: dict[str, Any]
    task_id: str
    retries: int
    holder: str = ""  # the task that took it (its claim names it: lost with it, re-driven at once)

    @property
    def claim_key(self) -> str:
        return f"{self.holder}/{self.task_id}:{self.retries}"


@dataclass
class Unit:
    """Ids worked in one transaction: the message Celery handed over with what fitted beside it, or a taken
    message that goes on its own (retried, or a batch already)."""

    ids: list[str]
    retries: dict[str, int]  # per id: how often it was tried before
    taken: list[Taken] = field(default_factory=list)


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


def units(app: Celery, task_name: str, message_type: type[StageMessage], own: Sequence[str], retries: int,
          batch_size: int, holder: str) -> list[Unit]:
    """The units this task works: its own ids with what waits beside them (up to ``batch_size`` ids), and at
    most one more, a taken message that must go on its own. A retried message takes nothing."""
    first = Unit(list(own), dict.fromkeys(own, retries))
    room = batch_size - len(own)
    if retries > 0 or room <= 0:
        return [first]
    extra: Unit | None = None
    try:
        queue = KombuQueue(TASK_QUEUES[task_name], channel=_channel(app))
        while room > 0 and extra is None:
            message = queue.get(no_ack=False, accept=["json"])
            if message is None:
                break
            item = _taken(app, message, task_name, message_type, holder)
            if item is None:
                break
            if item.retries > 0 or len(item.ids) > room:  # goes on its own, after the batch; nothing more taken
                extra = Unit(list(item.ids), dict.fromkeys(item.ids, item.retries), [item])
            else:
                first.taken.append(item)
                first.ids += [i for i in item.ids if i not in first.retries]
                first.retries |= dict.fromkeys(item.ids, 0)
                room -= len(item.ids)
    except Exception as exc:  # noqa: BLE001 - never hold up the message Celery gave us for the others
        log.warning("batch.take_failed", task=task_name, error=f"{type(exc).__name__}: {exc}")
        _forget()  # the connection may be broken: the next task opens a fresh one (what it held comes back)
    found = [item for unit in (first, extra) if unit for item in unit.taken]
    if found:
        try:
            claims.claim_many([(item.claim_key, task_name, item.payload) for item in found])
        except Exception as exc:  # noqa: BLE001 - unclaimed, a killed worker's batch waits for the broker
            log.warning("batch.claim_failed", task=task_name, error=f"{type(exc).__name__}: {exc}")
    return [first] if extra is None else [first, extra]


def _taken(app: Celery, message: KombuMessage, task_name: str, message_type: type[StageMessage], holder: str
           ) -> Taken | None:
    """The message as a batch item; None when it was settled here (invalid, another task's, due later)."""
    headers = message.headers or {}
    retries = int(headers.get("retries") or 0)
    body = message.decode()
    args, kwargs = (body[0], body[1]) if isinstance(body, (list, tuple)) and len(body) > 1 else ([], {})
    eta = headers.get("eta")
    if headers.get("task") != task_name or (eta and _later(eta)):
        # Another task's message (never routed here) or a retry due later (Redis holds those in the queue):
        # sent again as it was, for Celery's consumer to hold until its time.
        app.send_task(str(headers.get("task")), args=args, kwargs=kwargs, queue=TASK_QUEUES.get(
            str(headers.get("task")), TASK_QUEUES[task_name]), task_id=str(headers.get("id")), retries=retries,
            eta=eta)
        message.ack()
        return None
    payload = kwargs.get("message") if isinstance(kwargs, dict) else None
    try:
        parsed = message_type.model_validate(payload)
    except ValidationError as exc:  # can never be worked
        record(task_name, payload if isinstance(payload, dict) else {"body": repr(body)[:2000]},
               exc, traceback.format_exc())
        message.ack()
        return None
    return Taken(message, parsed.ids, dict(payload), str(headers.get("id")), retries,  # type: ignore[arg-type]
                 holder)


def _later(eta: str) -> bool:
    try:
        when = datetime.fromisoformat(eta)
    except ValueError:
        return False
    return (when if when.tzinfo else when.replace(tzinfo=UTC)) > datetime.now(UTC)


def settle(taken: Sequence[Taken]) -> None:
    """A unit committed: acknowledge what it took and release their claims."""
    for item in taken:
        item.message.ack()
    if taken:
        try:
            claims.release_many([item.claim_key for item in taken])
        except Exception as exc:  # noqa: BLE001 - a leftover claim of a live worker is re-driven only when overdue
            log.warning("batch.release_failed", error=f"{type(exc).__name__}: {exc}")


def work(app: Celery, task_name: str, message_type: type[StageMessage], fn: Callable[[list[str]], Any],
         unit: Unit, max_retries: int, backoff: Callable[[int], float]) -> str:
    """Work one unit and settle it; returns the outcome (done, retry, split, dead_letter). Never raises a
    NewsflowError: a failure is sent again (alone) or dead-lettered here."""
    outcome = "done"
    try:
        with translated():
            fn(unit.ids)
    except NewsflowError as error:
        transient = isinstance(error, TransientError)
        if len(unit.ids) > 1:  # a batch: every id again alone, at once unless the trouble was transient
            for item_id in unit.ids:
                retries = unit.retries[item_id]
                _again(app, task_name, message_type, item_id, retries, error,
                       backoff(retries) if transient else 0.0, max_retries)
            log.warning("batch.split", items=len(unit.ids), error=f"{type(error).__name__}: {error}")
            outcome = "split"
        else:
            (item_id,) = unit.ids
            retries = unit.retries[item_id]
            if transient and retries < max_retries:
                countdown = backoff(retries)
                log.warning("task.retry", error=str(error), retries=retries, countdown_s=round(countdown, 2))
                _again(app, task_name, message_type, item_id, retries, error, countdown, max_retries)
                outcome = "retry"
            else:
                _dead_letter(task_name, message_type, item_id, error, traceback.format_exc())
                outcome = "dead_letter"
    settle(unit.taken)
    return outcome


def _again(app: Celery, task_name: str, message_type: type[StageMessage], item_id: str, retries: int,
           error: Exception, countdown: float, max_retries: int) -> None:
    """Send one id again in a message of its own, or dead-letter it when it has had its retries."""
    if retries >= max_retries:
        _dead_letter(task_name, message_type, item_id, error, None)
        return
    payload = message_type.of([item_id]).model_dump(mode="json")
    app.send_task(task_name, kwargs={"message": payload}, queue=TASK_QUEUES[task_name], retries=retries + 1,
                  countdown=countdown or None)


def _dead_letter(task_name: str, message_type: type[StageMessage], item_id: str, error: Exception,
                 tb: str | None) -> None:
    payload = message_type.of([item_id]).model_dump(mode="json")
    record(task_name, payload, error, tb, article_id=lineage_if_known(payload).article_id)



def redrive_lost(app: Celery, holder: str) -> int:
    """The pool process running task ``holder`` died (SIGKILL, the OOM killer): send again, at once, the messages
    it had taken into its batch. They are still unacknowledged on the dead process's connection: RabbitMQ returns
    them at once, Redis only after its visibility timeout; a second copy is a no-op. Called in the worker's main
    process; returns how many were sent."""
    from sqlalchemy import delete, select

    from shared.db import session_scope
    from shared.models import OutboxEvent, WorkClaim
    from shared.outbox import flush

    with session_scope() as session:
        held = list(session.scalars(select(WorkClaim).where(WorkClaim.key.startswith(f"{holder}/", autoescape=True))))
        events = [OutboxEvent(kind="task", name=claim.task_name, payload=claim.payload) for claim in held]
        session.add_all(events)
        session.execute(delete(WorkClaim).where(WorkClaim.key.in_([claim.key for claim in held])))
    flush(app, events)
    if events:
        log.warning("batch.lost_with_its_process", task_id=holder, redriven=len(events))
    return len(events)
