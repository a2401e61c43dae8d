"""What the publish service writes: the announcement and one delivery per mirror, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.publish.announcement import announcement
from services.publish.events import decide
from services.publish.exchange import routing_key
from services.publish.mirrors import wants
from shared import outbox
from shared.article_lock import lock_article, lock_articles
from shared.errors import PoisonMessage
from shared.logging import get_logger
from shared.messages import DeliveryRequested
from shared.models import Article, ArticleStatus, ArticleVersion, DeadLetter, Delivery, Mirror, OutboxEvent, utcnow
from shared.queues import DELIVER_TASK, ENRICH_TASK, INGEST_TASK, PUBLISH_TASK

log = get_logger(__name__)


def lock_batch(session: Session, version_ids: Sequence[str]) -> dict[str, Article]:
    """A batch's articles locked in one statement (in id order, as every writer locks them), then its versions
    read in one: version id -> its locked article, in the order to publish them (by article, then number).
    ``publish_version`` finds both in the session instead of reading and locking each article by itself. The
    versions are read after the lock, so a version another publisher announced meanwhile is seen announced. Ids
    that name no version are left out."""
    owners = dict(session.execute(select(ArticleVersion.id, ArticleVersion.article_id)
                                  .where(ArticleVersion.id.in_(list(version_ids)))).tuples().all())
    articles = lock_articles(session, list(owners.values()))
    versions = session.scalars(select(ArticleVersion).where(ArticleVersion.id.in_(list(owners)))
                               .order_by(ArticleVersion.article_id, ArticleVersion.number)
                               .execution_options(populate_existing=True)).all()
    return {version.id: articles[version.article_id] for version in versions}


def active_mirrors(session: Session) -> list[Mirror]:
    """The mirrors deliveries go to now (read once for a batch of versions)."""
    return list(session.scalars(select(Mirror).where(Mirror.active.is_(True))))


def publish_version(session: Session, version_id: str, mirrors: Sequence[Mirror] | None = None,
                    article: Article | None = None, settle: bool = True) -> list[OutboxEvent]:
    """Announce a version and queue its deliveries to ``mirrors`` (the active ones when not given); a second call
    for the same version does nothing. ``article``: the version's article, locked already (``lock_batch``);
    ``settle=False`` leaves its stage dead letters to the caller (``settle_dead_letters`` for a whole batch)."""
    if article is None:
        article_id = session.scalar(select(ArticleVersion.article_id).where(ArticleVersion.id == version_id))
        if article_id is None:
            raise PoisonMessage(f"article version {version_id} does not exist")
        # The event depends on what was announced before: one publisher at a time per article.
        article = lock_article(session, article_id)
    version = session.get_one(ArticleVersion, version_id)
    if version.published_at is not None:
        return []
    decision = decide(article, version)
    if decision.event is None:
        if decision.reason == "held":
            article.status = ArticleStatus.HELD
        log.info("publish.skipped", version_id=version.id, version=version.number, reason=decision.reason)
        return []
    version.event = decision.event
    message = announcement(article, version)
    key = routing_key(message.event, version.language, article.country_code)
    events = [outbox.add_announcement(session, key, message.model_dump(mode="json"))]
    for mirror in active_mirrors(session) if mirrors is None else mirrors:
        if not wants(mirror, message):
            continue
        delivery = Delivery(mirror_id=mirror.id, version_id=version.id, article_id=article.id,
                            event=decision.event)
        session.add(delivery)
        session.flush()
        events.append(outbox.add_task(session, DELIVER_TASK, DeliveryRequested(delivery_id=delivery.id)))
    now = utcnow()
    version.published_at = now
    article.status = ArticleStatus.PUBLISHED
    article.published_at = article.published_at or now
    if settle:
        settle_dead_letters(session, [article.id], now)
    return events


def settle_dead_letters(session: Session, article_ids: Sequence[str], now: datetime) -> None:
    """An article that got through after all (re-driven, redelivered) leaves no open stage dead letter nor error.

    A worker killed over and over makes the broker give up on a healthy message; the reconciler then brings the
    article through. Its dead letters are settled so `newsflow doctor` and the dead-letter gauge show real
    trouble only; a mirror's failed delivery is a different matter and stays open.
    """
    if not article_ids:
        return
    for article_id in article_ids:
        session.get_one(Article, article_id).error = None
    session.execute(update(DeadLetter).where(
        DeadLetter.article_id.in_(list(article_ids)), DeadLetter.resolved_at.is_(None),
        DeadLetter.task_name.in_([INGEST_TASK, ENRICH_TASK, PUBLISH_TASK]),
    ).values(resolved_at=now))
