"""The machinery's own records: the outbox, dead letters, the reconciler's lease and redrives, workers and claims."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class OutboxEvent(Base):
    """A message to send, written in the same transaction as the change that causes it."""

    __tablename__ = "outbox_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # task | announce
    name: Mapped[str] = mapped_column(String(200))  # task name or routing key
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class DeadLetter(Base):
    """A message that failed for good, kept with its error until an operator retries or discards it."""

    __tablename__ = "dead_letter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_name: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]]
    article_id: Mapped[str | None] = mapped_column(String(36), index=True)
    error: Mapped[str] = mapped_column(Text)
    traceback: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class ReconcilerLease(Base):
    """Who runs the reconciler now: one row per lease, taken or renewed by one conditional UPDATE."""

    __tablename__ = "reconciler_lease"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200), default="")
    acquired_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]


class Redrive(Base):
    """One message the reconciler sent again (a stage's next step): how often and when it may again."""

    __tablename__ = "redrive"

    item: Mapped[str] = mapped_column(String(300), primary_key=True)  # task name + the id it carries
    stage: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(20))  # stalled | stale_worker | overdue
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    next_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkerBeat(Base):
    """A worker's main process (host and pid) and when it last beat: what every host sees of it."""

    __tablename__ = "worker_beat"

    worker: Mapped[str] = mapped_column(String(200), primary_key=True)  # "<host>:<pid>"
    service: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class WorkClaim(Base):
    """A message a worker holds (received, running): removed when the task ends, re-driven if the worker dies."""

    __tablename__ = "work_claim"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)  # "<task id>:<retries>"
    item: Mapped[str] = mapped_column(String(300), index=True)  # same key as Redrive.item
    worker: Mapped[str] = mapped_column(String(200), index=True)
    task_name: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]]
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
