"""Transactional outbox: messages are rows first, broker messages second.

A change and the message it causes are written in one transaction (``add_task``, ``add_announcement``).
After the commit the writer publishes them at once from memory (``flush``: the fast path) and a per-process
thread marks them sent in batches; a relay loop in every process publishes whatever is still unsent after a
grace period (broker down, crash between commit and publish).
Delivery is at least once; every consumer makes a repeat a no-op.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from celery import Celery
from kombu import Exchange, Queue
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from shared import rabbit, state
from shared.db import get_engine, session_scope
from shared.logging import get_logger
from shared.messages import Message
from shared.models import OutboxEvent, utcnow
from shared.queues import ARTICLES_EXCHANGE, TASK_QUEUES
from shared.settings import get_settings

log = get_logger(__name__)
ARTICLES = Exchange(ARTICLES_EXCHANGE, type="topic", durable=True)
_declared_subscriptions = False
FAST_PATH_GRACE_S = 2.0  # seconds
# Short: a request must not hang on a dead broker; the relay loop keeps trying in the background.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def add_task(session: Session, task_name: str, message: Message) -> OutboxEvent:
    """Record that ``task_name`` must run with ``message`` once this transaction commits."""
    event = OutboxEvent(kind="task", name=task_name, payload=message.model_dump(mode="json"))
    session.add(event)
    return event


def add_announcement(session: Session, routing_key: str, body: dict[str, Any]) -> OutboxEvent:
    """Record a message for the topic exchange under ``routing_key``."""
    event = OutboxEvent(kind="announce", name=routing_key, payload=body)
    session.add(event)
    return event


def subscription_queues() -> list[Queue]:
    """The queues settings bind to the exchange ("name=pattern"), declared before each announcement."""
    queues = []
    for item in get_settings().exchange_subscriptions:
        name, _, pattern = item.partition("=")
        queues.append(Queue(name.strip(), ARTICLES, routing_key=(pattern or "#").strip(), durable=True))
    return queues


def _publish(app: Celery, event: OutboxEvent) -> None:
    global _declared_subscriptions
    if event.kind == "task":
        app.send_task(event.name, kwargs={"message": event.payload}, queue=TASK_QUEUES[event.name],
                      retry=True, retry_policy=RETRY_POLICY)
        return
    with app.producer_or_acquire() as producer:
        declare: list[Any] = [ARTICLES]
        if not _declared_subscriptions:
            declare += subscription_queues()
        elif not rabbit.is_amqp(get_settings().broker_url):
            # Redis keeps an exchange's bindings as keys: a restart without persistence forgets them, and
            # redis-py reconnects without kombu noticing, so every announcement binds the subscription queues
            # again (a set insertion each; nothing to do when there are none).
            for queue in subscription_queues():
                queue(producer.channel).declare()
        producer.publish(
            event.payload,
            exchange=ARTICLES,
            routing_key=event.name,
            serializer="json",
            declare=declare,
            delivery_mode=2,
            headers={"outbox_id": event.id},
            retry=True,
            retry_policy=RETRY_POLICY,
        )
        _declared_subscriptions = True


def _claim(session: Session, ids: Sequence[int] | None, limit: int, min_age: float) -> list[OutboxEvent]:
    query = select(OutboxEvent).where(OutboxEvent.published_at.is_(None)).order_by(OutboxEvent.id)
    if ids is not None:
        query = query.where(OutboxEvent.id.in_(ids))
    else:
        # Leave fresh rows to the fast path of the process that wrote them: fewer duplicates.
        query = query.where(OutboxEvent.created_at < utcnow() - timedelta(seconds=min_age))
    query = query.limit(limit)
    if get_engine().dialect.name == "postgresql":
        # Two relays never send the same row in parallel: each skips rows another has locked.
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def relay(app: Celery, ids: Iterable[int] | None = None, limit: int = 200,
          min_age: float = FAST_PATH_GRACE_S) -> int:
    """Publish unsent events (only ``ids`` when given, else those older than ``min_age`` s); returns the count."""
    sent = 0
    _marks.mark()  # what this process's fast path already sent is not sent again
    with session_scope() as session:
        for event in _claim(session, list(ids) if ids is not None else None, limit, min_age):
            try:
                _publish(app, event)
            except Exception as exc:  # the broker is down: keep the row, the loop tries again
                event.attempts += 1
                event.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("outbox.publish_failed", outbox_id=event.id, error=event.last_error)
                break
            event.published_at = utcnow()
            sent += 1
    return sent


def flush(app: Celery, events: Sequence[OutboxEvent]) -> None:
    """The fast path after a commit: send these events now; the relay loop covers any failure.

    The events are sent from memory (they were just committed); marking them sent is left to this process's
    marker, which does it for every stage and article of the last moment in one UPDATE, well before any
    relay would consider them (``FAST_PATH_GRACE_S``). The fast path thus costs no transaction of its own.
    """
    sent: list[int] = []
    for event in events:
        try:
            _publish(app, event)
        except Exception as exc:  # the broker is down: the rows stay unsent for the relay loop
            log.warning("outbox.flush_deferred", outbox_id=event.id, error=f"{type(exc).__name__}: {exc}")
            break
        sent.append(event.id)
    if sent:
        _marks.add(sent)


class _SentMarks:
    """Ids the fast path has sent, marked sent in batches by a daemon thread of this process (one per pid).

    Ids are kept with the engine they were written through, so a process that switches databases (tests do)
    marks each id in its own database.
    """

    INTERVAL_S = 0.25  # far below FAST_PATH_GRACE_S: rows are marked before another relay may claim them

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[Engine, list[int]] = {}
        self._pid: int | None = None

    def add(self, ids: list[int]) -> None:
        engine = get_engine()
        with self._lock:
            if self._pid != os.getpid():  # first use in this process (or a forked child): start its thread
                self._pid, self._pending = os.getpid(), {}
                threading.Thread(target=self._run, name="outbox-marks", daemon=True).start()
            self._pending.setdefault(engine, []).extend(ids)

    def _run(self) -> None:
        while True:
            time.sleep(self.INTERVAL_S)
            self.mark()

    def mark(self) -> None:
        """Mark every pending id sent now (the relay calls this before it claims rows)."""
        with self._lock:
            pending, self._pending = self._pending, {}
        for engine, ids in pending.items():
            try:
                with Session(engine) as session, session.begin():
                    session.execute(update(OutboxEvent)
                                    .where(OutboxEvent.id.in_(ids), OutboxEvent.published_at.is_(None))
                                    .values(published_at=utcnow()))
            except Exception as exc:  # sent but not marked: the relay sends them again, consumers are idempotent
                log.warning("outbox.mark_deferred", outbox_ids=ids, error=f"{type(exc).__name__}: {exc}")


_marks = _SentMarks()


def mark_sent_now() -> None:
    """Mark what this process's fast path sent, now (a process about to stop calls it)."""
    _marks.mark()


def _forget() -> None:
    global _declared_subscriptions
    _marks.mark()  # before the engine they were written through is forgotten
    _declared_subscriptions = False


# The marks keep their own pid (a child starts its own marker); what the parent declared stays declared.
state.on_reset("outbox marks and declarations", _forget, inherited=True)


class RelayLoop(threading.Thread):
    """Background thread: every interval, publish what the fast path left behind, then run hooks."""

    def __init__(self, app: Celery, hooks: Sequence[Any] = (), interval: float | None = None) -> None:
        super().__init__(name="outbox-relay", daemon=True)
        self.app = app
        self.hooks = hooks
        self.interval = interval or get_settings().outbox_relay_interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                relay(self.app)
                for hook in self.hooks:
                    hook(self.app)
            except Exception as exc:  # keep looping: a database restart must not kill the relay
                log.warning("outbox.relay_error", error=f"{type(exc).__name__}: {exc}")

    def stop(self) -> None:
        self.stopped.set()
