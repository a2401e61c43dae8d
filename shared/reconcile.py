"""The reconciler: the database is the record, the broker a wake-up.

Whatever a broker loses (a Redis restart without persistence, a worker killed holding messages), the
database still knows: an article in ``received`` or ``enriched``, a delivery still ``pending``, a claim
held by a worker that stopped beating. One process at a time (the holder of a lease row) reads those and
sends the next step again through the outbox:

- work claimed by a dead worker (no beat for ``worker_stale_after``) or held longer than any task may run:
  at once, without waiting for the transport's visibility timeout;
- an article or delivery that has not advanced for ``reconcile_after`` and that no live worker holds:
  then again after ``reconcile_after`` × 2^attempts (capped at ``reconcile_backoff_max``).

Every stage is idempotent, so a re-drive of work that was merely slow, and the broker's own late
redelivery of work already re-driven, change nothing.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from celery import Celery
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared import claims, metrics
from shared.db import session_scope
from shared.lineage import lineage_of
from shared.logging import get_logger
from shared.messages import DeliveryRequested, EnrichRequested, IngestRequested, PublishRequested
from shared.models import (
    Article,
    ArticleStatus,
    ArticleVersion,
    Delivery,
    DeliveryState,
    Mirror,
    OutboxEvent,
    ReconcilerLease,
    Redrive,
    Submission,
    utcnow,
)
from shared.queues import DELIVER_TASK, ENRICH_TASK, INGEST_TASK, PUBLISH_TASK
from shared.settings import get_settings

log = get_logger(__name__)
LEASE = "reconciler"
FORGET_AFTER_S = 24 * 3600.0  # re-drive records and beats of long-gone workers are kept this long
BATCH = 500
# A claim outlives any task after twice the hard time limit, plus the longest retry countdown a worker holds.
OVERDUE_MARGIN_S = 60.0


def take_lease(session: Session, holder: str, ttl: float) -> bool:
    """Take or renew the reconciler's lease for ``ttl`` seconds; False while someone else holds it."""
    now = utcnow()
    taken = session.execute(update(ReconcilerLease).where(
        ReconcilerLease.name == LEASE, (ReconcilerLease.holder == holder) | (ReconcilerLease.expires_at < now)
    ).values(holder=holder, expires_at=now + timedelta(seconds=ttl)))
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        return True
    # The first taker ever creates the row; of two racing, the second inserts nothing and waits its turn.
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    created = session.execute(dialect.insert(ReconcilerLease).values(
        name=LEASE, holder=holder, acquired_at=now, expires_at=now + timedelta(seconds=ttl)
    ).on_conflict_do_nothing(index_elements=["name"]).returning(ReconcilerLease.name))
    return created.scalar() is not None


def lease_holder(session: Session) -> ReconcilerLease | None:
    """The lease row (holder and expiry), if anyone ever took it."""
    return session.get(ReconcilerLease, LEASE)


def next_step(session: Session, article: Article) -> tuple[str, OutboxEvent | None]:
    """The stage an article waits for, and the message (not yet added) that would move it on."""
    if article.current_version_id is None:
        submission_id = session.scalar(select(Submission.id).where(Submission.article_id == article.id)
                                       .order_by(Submission.received_at.desc()).limit(1))
        if submission_id is None:
            return "no submission", None
        return "ingest", OutboxEvent(kind="task", name=INGEST_TASK,
                                     payload=IngestRequested.of([submission_id]).model_dump())
    version = session.get_one(ArticleVersion, article.current_version_id)
    if version.enriched_at is None and version.pubstatus != "canceled":
        return "enrich", OutboxEvent(kind="task", name=ENRICH_TASK,
                                     payload=EnrichRequested.of([version.id]).model_dump())
    return "publish", OutboxEvent(kind="task", name=PUBLISH_TASK,
                                  payload=PublishRequested.of([version.id]).model_dump())


def stalled_articles(session: Session, older_than: float, limit: int = BATCH) -> list[Article]:
    """Articles in ``received`` or ``enriched`` that have not changed for ``older_than`` seconds, oldest first."""
    cutoff = utcnow() - timedelta(seconds=older_than)
    return list(session.scalars(select(Article).where(
        Article.status.in_([ArticleStatus.RECEIVED, ArticleStatus.ENRICHED]), Article.updated_at < cutoff
    ).order_by(Article.updated_at).limit(limit)))


def stalled_deliveries(session: Session, older_than: float, limit: int = BATCH) -> list[OutboxEvent]:
    """The deliver message of each pending delivery to an active mirror unchanged for ``older_than`` seconds."""
    cutoff = utcnow() - timedelta(seconds=older_than)
    ids = session.scalars(select(Delivery.id).join(Mirror, Mirror.id == Delivery.mirror_id).where(
        Delivery.state == DeliveryState.PENDING, Delivery.updated_at < cutoff, Mirror.active.is_(True)
    ).order_by(Delivery.updated_at).limit(limit))
    return [OutboxEvent(kind="task", name=DELIVER_TASK, payload=DeliveryRequested(delivery_id=i).model_dump())
            for i in ids]


def _due(session: Session, events: list[OutboxEvent], now: datetime) -> list[OutboxEvent]:
    """Those of ``events`` whose backoff allows a re-drive now and that no live worker holds."""
    keys = {claims.item_key(e.name, e.payload): e for e in events}
    waiting = set(session.scalars(select(Redrive.item).where(Redrive.item.in_(list(keys)), Redrive.next_at > now)))
    held = claims.held_by_live_workers(session, list(keys), get_settings().worker_stale_after)
    return [event for key, event in keys.items() if key not in waiting and key not in held]


def _record(session: Session, event: OutboxEvent, reason: str, now: datetime) -> None:
    """Add the event to the outbox and move the item's backoff on."""
    settings = get_settings()
    key = claims.item_key(event.name, event.payload)
    row = session.get(Redrive, key) or Redrive(item=key, stage=metrics.stage(event.name), reason=reason,
                                                attempts=0)
    session.add(row)
    row.attempts, row.reason, row.last_at = row.attempts + 1, reason, now
    wait = min(settings.reconcile_after * 2 ** (row.attempts - 1), settings.reconcile_backoff_max)
    row.next_at = now + timedelta(seconds=wait)
    session.add(event)


def reconcile(session: Session) -> list[tuple[OutboxEvent, str]]:
    """Queue (through the outbox) every next step that is overdue; returns (event, reason) pairs to flush."""
    settings = get_settings()
    now = utcnow()
    sent: list[tuple[OutboxEvent, str]] = []
    seen: set[str] = set()
    for held, reason in claims.abandoned(session, settings.worker_stale_after,
                                         OVERDUE_MARGIN_S + 2 * settings.task_time_limit + settings.worker_stale_after):
        event = OutboxEvent(kind="task", name=held.task_name, payload=held.payload)
        session.delete(held)
        if (key := claims.item_key(event.name, event.payload)) not in seen:
            seen.add(key)
            _record(session, event, reason, now)
            sent.append((event, reason))
    steps = [next_step(session, article)[1] for article in stalled_articles(session, settings.reconcile_after)]
    candidates = [step for step in steps if step is not None]
    candidates += stalled_deliveries(session, settings.reconcile_after)
    for event in _due(session, candidates, now):
        if claims.item_key(event.name, event.payload) not in seen:
            _record(session, event, "stalled", now)
            sent.append((event, "stalled"))
    session.execute(delete(Redrive).where(Redrive.last_at < now - timedelta(seconds=FORGET_AFTER_S)))
    claims.forget_gone(session, FORGET_AFTER_S)
    session.flush()
    return sent


class Reconciler:
    """Relay-loop hook: every ``reconcile_interval``, whoever holds the lease re-drives overdue work."""

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, app: Celery) -> None:
        from shared.outbox import flush

        settings = get_settings()
        if time.monotonic() - self.last < settings.reconcile_interval:
            return
        self.last = time.monotonic()
        with session_scope() as session:
            if not take_lease(session, claims.worker_id(), 3 * settings.reconcile_interval):
                return
            sent = reconcile(session)
        flush(app, [event for event, _ in sent])
        for event, reason in sent:
            metrics.redriven(event.name, reason)
            log.warning("reconcile.redriven", task=event.name, payload=event.payload, reason=reason,
                        outbox_id=event.id, **lineage_of(event.payload).context())
