"""The pipeline's state at one moment: queues, stage rates, workers, outbox, dead letters, mirrors.

Each part is read on its own: when the broker or the database does not answer, that part is ``None``
and ``errors`` says why, so a half-broken pipeline still shows what can be seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.console.queues import queue_depths
from services.console.workers import workers
from shared.db import session_scope
from shared.models import (
    Article,
    ArticleVersion,
    DeadLetter,
    Delivery,
    DeliveryState,
    Feed,
    FeedState,
    Mirror,
    OutboxEvent,
    utcnow,
)

RATE_WINDOW = timedelta(minutes=5)
STAGE_TIMES = {  # stage -> the column that records when an item passed it
    "received": Article.created_at,
    "enriched": ArticleVersion.enriched_at,
    "published": ArticleVersion.published_at,
    "delivered": Delivery.delivered_at,
    "failed": DeadLetter.created_at,
}


def rates(session: Session) -> dict[str, float]:
    """Items per minute through each stage over the last five minutes."""
    since = utcnow() - RATE_WINDOW
    minutes = RATE_WINDOW.total_seconds() / 60
    return {stage: round((session.scalar(select(func.count()).where(column >= since)) or 0) / minutes, 2)
            for stage, column in STAGE_TIMES.items()}


def articles(session: Session) -> dict[str, int]:
    """Articles by status."""
    return dict(session.execute(select(Article.status, func.count()).group_by(Article.status)).tuples().all())


def outbox(session: Session) -> dict[str, Any]:
    """Outbox events not yet handed to the broker, and how long the oldest has waited."""
    pending, oldest = session.execute(
        select(func.count(), func.min(OutboxEvent.created_at)).where(OutboxEvent.published_at.is_(None))).one()
    if oldest is not None and oldest.tzinfo is None:  # SQLite returns naive UTC
        oldest = oldest.replace(tzinfo=utcnow().tzinfo)
    lag = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
    return {"pending": pending, "lag_s": round(max(lag, 0.0), 3)}


STUCK_AFTER_S = 300.0  # the same default as `newsflow doctor --older-than`


def stuck(session: Session) -> int:
    """Articles that have not advanced for STUCK_AFTER_S (received or enriched, not yet published)."""
    cutoff = utcnow() - timedelta(seconds=STUCK_AFTER_S)
    return session.scalar(select(func.count()).select_from(Article).where(
        Article.status.in_(["received", "enriched"]), Article.updated_at < cutoff)) or 0


def dead_letters(session: Session) -> dict[str, int]:
    """Dead letters waiting for an operator, by task."""
    query = select(DeadLetter.task_name, func.count()).where(DeadLetter.resolved_at.is_(None))
    return dict(session.execute(query.group_by(DeadLetter.task_name)).tuples().all())


def mirrors(session: Session) -> list[dict[str, Any]]:
    """Each mirror with its deliveries by state and its latest error; ``failing`` when any is retrying or dead."""
    counts: dict[int, dict[str, int]] = {}
    for mirror_id, state, count in session.execute(
            select(Delivery.mirror_id, Delivery.state, func.count()).group_by(Delivery.mirror_id, Delivery.state)):
        counts.setdefault(mirror_id, {})[state] = count
    result = []
    for mirror in session.scalars(select(Mirror).order_by(Mirror.name)):
        states = {state: counts.get(mirror.id, {}).get(state, 0) for state in
                  (DeliveryState.PENDING, DeliveryState.RETRYING, DeliveryState.DELIVERED, DeliveryState.DEAD)}
        last_error = session.scalar(select(Delivery.last_error).where(
            Delivery.mirror_id == mirror.id, Delivery.state.in_([DeliveryState.RETRYING, DeliveryState.DEAD])
        ).order_by(Delivery.updated_at.desc()).limit(1))
        result.append({"name": mirror.name, "active": mirror.active, "deliveries": states,
                       "failing": bool(states[DeliveryState.RETRYING] or states[DeliveryState.DEAD]),
                       "last_error": last_error, "breaker": mirror.breaker_state,
                       "parked": mirror.breaker_state != "closed",
                       "parked_until": mirror.parked_until.isoformat() if mirror.parked_until else None})
    return result


def feeds(session: Session) -> dict[str, Any]:
    """Polled feeds by state, and the failing ones by name with their last error (pull ingest)."""
    counts = dict(session.execute(select(Feed.state, func.count()).group_by(Feed.state)).tuples().all())
    failing = [{"name": name, "error": error} for name, error in session.execute(
        select(Feed.name, Feed.last_error).where(Feed.state == FeedState.FAILING).order_by(Feed.name))]
    return {"states": {state: counts.get(state, 0) for state in (FeedState.ACTIVE, FeedState.PAUSED,
                                                                 FeedState.FAILING)},
            "failing": failing}


def _part(errors: dict[str, str], name: str, read: Callable[[], Any]) -> Any:
    try:
        return read()
    except Exception as exc:  # reported in the snapshot, not hidden: the view shows what failed
        errors[name] = f"{type(exc).__name__}: {exc}"
        return None


def _database(errors: dict[str, str]) -> dict[str, Any]:
    parts = {"rates_per_min": rates, "articles": articles, "outbox": outbox, "dead_letters": dead_letters,
             "mirrors": mirrors, "stuck_articles": stuck, "feeds": feeds}

    def read() -> dict[str, Any]:
        with session_scope() as session:
            return {name: part(session) for name, part in parts.items()}

    return _part(errors, "database", read) or dict.fromkeys(parts)


def snapshot() -> dict[str, Any]:
    """Everything ``newsflow status``, ``/console`` and ``/metrics`` show, as JSON-ready data."""
    errors: dict[str, str] = {}
    state: dict[str, Any] = {"at": utcnow().isoformat(), "queues": _part(errors, "broker", queue_depths)}
    found = _part(errors, "workers", workers)
    state["workers"] = [asdict(worker) for worker in found] if found is not None else None
    state |= _database(errors)
    state["errors"] = errors
    return state
