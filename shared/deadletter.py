"""The dead-letter table: where a message that failed for good waits for an operator."""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import select

from shared.db import session_scope
from shared.logging import get_logger
from shared.models import Article, ArticleStatus, DeadLetter

log = get_logger(__name__)


def record(task_name: str, payload: dict[str, Any], error: Exception, tb: str | None) -> int:
    """Store a failed message with its error; the article it concerns is marked failed."""
    article_id = structlog.contextvars.get_contextvars().get("article_id")
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
    log.error("task.dead_lettered", dead_letter_id=letter_id, error=str(error))
    return letter_id


def pending(limit: int = 100) -> list[DeadLetter]:
    """Dead letters not yet retried or discarded, newest first."""
    with session_scope() as session:
        query = select(DeadLetter).where(DeadLetter.resolved_at.is_(None))
        return list(session.scalars(query.order_by(DeadLetter.id.desc()).limit(limit)))
