"""Finding stuck work: articles that stopped advancing, events never sent, dead letters waiting.

Re-driving an article sends its next stage's message again; every stage is idempotent, so a
re-drive of an article that was merely slow changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.messages import EnrichRequested, IngestRequested, PublishRequested
from shared.models import (
    Article,
    ArticleStatus,
    ArticleVersion,
    DeadLetter,
    OutboxEvent,
    Submission,
    utcnow,
)
from shared.queues import ENRICH_TASK, INGEST_TASK, PUBLISH_TASK


@dataclass
class Diagnosis:
    """What `newsflow doctor` reports."""

    stuck_articles: list[dict] = field(default_factory=list)  # type: ignore[type-arg]
    unsent_events: int = 0
    oldest_unsent_age_s: float | None = None
    open_dead_letters: int = 0

    @property
    def healthy(self) -> bool:
        return not self.stuck_articles and not self.unsent_events and not self.open_dead_letters


def _stage(session: Session, article: Article) -> tuple[str, OutboxEvent | None]:
    """Which stage an article is stuck before, and the message that would move it on."""
    if article.current_version_id is None:
        submission_id = session.scalar(select(Submission.id).where(Submission.article_id == article.id)
                                       .order_by(Submission.received_at.desc()).limit(1))
        if submission_id is None:
            return "no submission", None
        return "ingest", OutboxEvent(kind="task", name=INGEST_TASK,
                                     payload=IngestRequested(submission_id=submission_id).model_dump())
    version = session.get_one(ArticleVersion, article.current_version_id)
    if version.enriched_at is None and version.pubstatus != "canceled":
        return "enrich", OutboxEvent(kind="task", name=ENRICH_TASK,
                                     payload=EnrichRequested(version_id=version.id).model_dump())
    return "publish", OutboxEvent(kind="task", name=PUBLISH_TASK,
                                  payload=PublishRequested(version_id=version.id).model_dump())


def diagnose(session: Session, older_than_s: float, redrive: bool = False) -> tuple[Diagnosis, list[OutboxEvent]]:
    """Report stuck work; with ``redrive``, queue (through the outbox) the next stage of each stuck article."""
    cutoff = utcnow() - timedelta(seconds=older_than_s)
    report, events = Diagnosis(), []
    stuck = session.scalars(select(Article).where(
        Article.status.in_([ArticleStatus.RECEIVED, ArticleStatus.ENRICHED]), Article.updated_at < cutoff
    ).order_by(Article.updated_at).limit(500))
    for article in stuck:
        stage, event = _stage(session, article)
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
    session.flush()
    return report, events

