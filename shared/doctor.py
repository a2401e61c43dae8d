"""Finding stuck work: articles that stopped advancing, events never sent, dead letters waiting.

The stage logic is the reconciler's (shared/reconcile.py): the doctor reports what it would re-drive,
and what it did (its lease holder, re-drives by stage and reason, the workers it knows).
Re-driving an article sends its next stage's message again; every stage is idempotent, so a re-drive
of an article that was merely slow changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import claims
from shared.models import DeadLetter, OutboxEvent, Redrive, utcnow
from shared.reconcile import lease_holder, next_step, stalled_articles
from shared.settings import get_settings


@dataclass
class Diagnosis:
    """What `newsflow doctor` reports."""

    stuck_articles: list[dict] = field(default_factory=list)  # type: ignore[type-arg]
    unsent_events: int = 0
    oldest_unsent_age_s: float | None = None
    open_dead_letters: int = 0
    reconciler: dict[str, Any] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return not self.stuck_articles and not self.unsent_events and not self.open_dead_letters


def reconciler_state(session: Session) -> dict[str, Any]:
    """The lease holder, re-drives (items and sends by stage and reason, the last one) and workers' beats."""
    lease = lease_holder(session)
    now = utcnow()
    redrives = [{"stage": stage, "reason": reason, "items": items, "sends": sends, "last": last.isoformat()}
                for stage, reason, items, sends, last in session.execute(
                    select(Redrive.stage, Redrive.reason, func.count(), func.sum(Redrive.attempts),
                           func.max(Redrive.last_at)).group_by(Redrive.stage, Redrive.reason))]
    stale = get_settings().worker_stale_after
    workers = []
    for beat in claims.workers(session):
        moment = beat.beat_at if beat.beat_at.tzinfo else beat.beat_at.replace(tzinfo=now.tzinfo)
        age = (now - moment).total_seconds()
        workers.append({"worker": beat.worker, "service": beat.service, "beat_age_s": round(age, 1),
                        "alive": age <= stale})
    return {"lease_holder": lease.holder if lease else None,
            "lease_expires": lease.expires_at.isoformat() if lease and lease.expires_at else None,
            "redrives": redrives, "workers": workers}


def diagnose(session: Session, older_than_s: float, redrive: bool = False) -> tuple[Diagnosis, list[OutboxEvent]]:
    """Report stuck work; with ``redrive``, queue (through the outbox) the next stage of each stuck article."""
    cutoff = utcnow() - timedelta(seconds=older_than_s)
    report, events = Diagnosis(), []
    for article in stalled_articles(session, older_than_s):
        stage, event = next_step(session, article)
        report.stuck_articles.append({"id": article.id, "status": article.status, "waiting_for": stage,
                                      "since": article.updated_at.isoformat()})
        if redrive and event is not None:
            session.add(event)
            events.append(event)
    report.unsent_events, oldest = session.execute(select(func.count(), func.min(OutboxEvent.created_at)).where(
        OutboxEvent.published_at.is_(None), OutboxEvent.created_at < cutoff)).one()
    if oldest is not None:
        moment = oldest if oldest.tzinfo else oldest.replace(tzinfo=cutoff.tzinfo)
        report.oldest_unsent_age_s = round((utcnow() - moment).total_seconds(), 1)
    report.open_dead_letters = session.scalar(
        select(func.count()).select_from(DeadLetter).where(DeadLetter.resolved_at.is_(None))) or 0
    report.reconciler = reconciler_state(session)
    session.flush()
    return report, events
