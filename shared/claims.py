"""Which worker holds which message: beats of workers' main processes and claims on the messages they hold.

A worker's main process (``<host>:<pid>``) beats in the database every ``worker_heartbeat_interval``; every
message it receives is claimed (task name, payload, worker) before any pool process runs it, and the claim is
released when the task ends. A worker that dies (SIGKILL, a lost host) stops beating, and the reconciler sends
its claimed messages again at once instead of waiting out the broker's visibility timeout. The broker's own
late redelivery then finds the work done: every stage is idempotent.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared import state
from shared.db import get_engine, session_scope
from shared.logging import get_logger
from shared.models import WorkClaim, WorkerBeat, utcnow

log = get_logger(__name__)
_worker: str | None = None


def worker_id() -> str:
    """This worker's identity, ``<host>:<pid of its main process>`` (pool children inherit it)."""
    return _worker or f"{socket.gethostname()}:{os.getpid()}"


def become_worker() -> str:
    """Called in a worker's main process before it forks: its children claim work in its name."""
    global _worker
    _worker = f"{socket.gethostname()}:{os.getpid()}"
    return _worker


def _forget() -> None:
    global _worker
    _worker = None


# A pool child claims work in its main process's name: the identity survives the fork.
state.on_reset("worker identity", _forget, inherited=True)


def item_key(task_name: str, payload: Mapping[str, Any]) -> str:
    """One message's identity (a task and the ids it carries): claims and re-drives are keyed by it."""
    return f"{task_name}:{json.dumps(payload, sort_keys=True, separators=(',', ':'))}"[:300]


def _upsert(session: Session, model: Any, values: dict[str, Any], key: str) -> None:
    dialect = postgresql if get_engine().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(**values)
    session.execute(statement.on_conflict_do_update(
        index_elements=[key], set_={name: value for name, value in values.items() if name != key}))


def beat(service: str, worker: str | None = None) -> None:
    """Record that this worker's main process is alive now."""
    with session_scope() as session:
        _upsert(session, WorkerBeat, {"worker": worker or worker_id(), "service": service, "beat_at": utcnow()},
                "worker")


def retire(worker: str | None = None) -> None:
    """A worker stopping cleanly: forget its beat and its claims (Celery requeued what it held)."""
    worker = worker or worker_id()
    with session_scope() as session:
        session.execute(delete(WorkClaim).where(WorkClaim.worker == worker))
        session.execute(delete(WorkerBeat).where(WorkerBeat.worker == worker))


def claim(key: str, task_name: str, payload: Mapping[str, Any]) -> None:
    """Record that this worker holds the message ``key`` (a redelivery of the same message takes it over)."""
    claim_many([(key, task_name, payload)])


def claim_many(items: list[tuple[str, str, Mapping[str, Any]]]) -> None:
    """Claim several messages (key, task name, payload) at once: a batch's taken messages, one transaction."""
    with session_scope() as session:
        for key, task_name, payload in items:
            _upsert(session, WorkClaim, {"key": key, "item": item_key(task_name, payload), "worker": worker_id(),
                                         "task_name": task_name, "payload": dict(payload), "claimed_at": utcnow()},
                    "key")


def release_many(keys: list[str]) -> None:
    """The batch holding ``keys`` ended."""
    with session_scope() as session:
        session.execute(delete(WorkClaim).where(WorkClaim.key.in_(keys)))


def release(key: str) -> None:
    """The task holding ``key`` ended (done, retried as a new message, or dead-lettered)."""
    release_many([key])


def held_by_live_workers(session: Session, items: list[str], stale_after: float) -> set[str]:
    """Which of these items a live worker holds right now (a long task is in progress, not stuck)."""
    if not items:
        return set()
    fresh = utcnow() - timedelta(seconds=stale_after)
    return set(session.scalars(select(WorkClaim.item).join(WorkerBeat, WorkerBeat.worker == WorkClaim.worker)
                               .where(WorkClaim.item.in_(items), WorkerBeat.beat_at >= fresh)))


def abandoned(session: Session, stale_after: float, overdue_after: float, limit: int = 500
              ) -> list[tuple[WorkClaim, str]]:
    """Claims whose worker stopped beating (``stale_worker``) or that outlived any task (``overdue``)."""
    now = utcnow()
    stale, overdue = now - timedelta(seconds=stale_after), now - timedelta(seconds=overdue_after)
    rows = session.execute(
        select(WorkClaim, WorkerBeat.beat_at).outerjoin(WorkerBeat, WorkerBeat.worker == WorkClaim.worker)
        .where(or_(WorkClaim.claimed_at < overdue,
                   (WorkClaim.claimed_at < stale) & or_(WorkerBeat.beat_at.is_(None), WorkerBeat.beat_at < stale)))
        .order_by(WorkClaim.claimed_at).limit(limit))
    return [(found, "overdue" if _fresh(beat_at, stale) else "stale_worker") for found, beat_at in rows]


def _fresh(beat_at: datetime | None, stale: datetime) -> bool:
    if beat_at is None:
        return False
    return (beat_at if beat_at.tzinfo else beat_at.replace(tzinfo=stale.tzinfo)) >= stale


def workers(session: Session) -> list[WorkerBeat]:
    """Every worker that has beaten, freshest first (for the doctor)."""
    return list(session.scalars(select(WorkerBeat).order_by(WorkerBeat.beat_at.desc())))


def forget_gone(session: Session, older_than: float) -> None:
    """Drop the beats of workers gone for long (their claims were re-driven long ago)."""
    session.execute(delete(WorkerBeat).where(WorkerBeat.beat_at < utcnow() - timedelta(seconds=older_than)))
