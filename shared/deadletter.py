"""The dead-letter table: where a message that failed for good waits for an operator."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shared import metrics
from shared.db import session_scope
from shared.errors import DeliveryLimitExceeded
from shared.lineage import lineage_of
from shared.logging import get_logger
from shared.models import Article, ArticleStatus, DeadLetter

log = get_logger(__name__)


def record(task_name: str, payload: dict[str, Any], error: Exception, tb: str | None,
           article_id: str | None = None) -> int:
    """Store a failed message with its error; ``article_id``, the article it concerns, is marked failed."""
    with session_scope() as session:
        letter = DeadLetter(task_name=task_name, payload=payload, article_id=article_id,
                            error=f"{type(error).__name__}: {error}", traceback=tb)
        session.add(letter)
        if article_id:
            article = session.get(Article, article_id)
            if article is not None and article.status != ArticleStatus.PUBLISHED:
                article.status = ArticleStatus.FAILED
                article.error = letter.error
        session.flush()
        letter_id = letter.id
    log.error("task.dead_lettered", dead_letter_id=letter_id, article_id=article_id, error=str(error))
    metrics.message_failed(task_name)
    return letter_id


def record_undeliverable(task_name: str, task_id: str, payload: dict[str, Any], deliveries: int) -> int | None:
    """Store a message the broker dead-lettered; once per task id (the broker may hand it over twice)."""
    error = DeliveryLimitExceeded(f"task {task_id} was delivered {deliveries} times and never finished")
    text = f"{type(error).__name__}: {error}"
    with session_scope() as session:
        if session.scalar(select(DeadLetter.id).where(DeadLetter.error == text).limit(1)) is not None:
            return None
    return record(task_name, payload, error, None, article_id=lineage_of(payload).article_id)


def pending(limit: int = 100) -> list[DeadLetter]:
    """Dead letters not yet retried or discarded, newest first."""
    with session_scope() as session:
        query = select(DeadLetter).where(DeadLetter.resolved_at.is_(None))
        return list(session.scalars(query.order_by(DeadLetter.id.desc()).limit(limit)))


def get(letter_id: int) -> DeadLetter:
    """One dead letter by id."""
    from shared.errors import NotFound

    with session_scope() as session:
        letter = session.get(DeadLetter, letter_id)
        if letter is None:
            raise NotFound(f"no dead letter {letter_id}")
        return letter


def retry(letter_ids: list[int]) -> list:  # type: ignore[type-arg]
    """Send dead letters to their task again (through the outbox) and mark them resolved."""
    from shared.models import OutboxEvent, utcnow

    events: list[OutboxEvent] = []
    with session_scope() as session:
        for letter_id in letter_ids:
            letter = session.get(DeadLetter, letter_id)
            if letter is None or letter.resolved_at is not None:
                continue
            event = OutboxEvent(kind="task", name=letter.task_name, payload=letter.payload)
            session.add(event)
            letter.resolved_at = utcnow()
            events.append(event)
        session.flush()
    return events


def discard(letter_ids: list[int]) -> int:
    """Mark dead letters resolved without running them again; returns how many were open."""
    from shared.models import utcnow

    count = 0
    with session_scope() as session:
        for letter_id in letter_ids:
            letter = session.get(DeadLetter, letter_id)
            if letter is not None and letter.resolved_at is None:
                letter.resolved_at = utcnow()
                count += 1
    return count
