"""What the publish service writes: the announcement and one delivery per mirror, in one transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.publish.announcement import announcement, event_of
from services.publish.exchange import routing_key
from services.publish.mirrors import wants
from shared import outbox
from shared.messages import DeliveryRequested
from shared.models import ArticleStatus, Delivery, Mirror, OutboxEvent, utcnow, version_and_article
from shared.queues import DELIVER_TASK


def publish_version(session: Session, version_id: str) -> list[OutboxEvent]:
    """Announce a version and queue its deliveries; a second call for the same version does nothing."""
    version, article = version_and_article(session, version_id)
    if version.published_at is not None:
        return []
    message = announcement(article, version)
    key = routing_key(message.event, version.language, article.country_code)
    events = [outbox.add_announcement(session, key, message.model_dump(mode="json"))]
    for mirror in session.scalars(select(Mirror).where(Mirror.active.is_(True))):
        if not wants(mirror, message):
            continue
        delivery = Delivery(mirror_id=mirror.id, version_id=version.id, article_id=article.id,
                            event=event_of(version))
        session.add(delivery)
        session.flush()
        events.append(outbox.add_task(session, DELIVER_TASK, DeliveryRequested(delivery_id=delivery.id)))
    now = utcnow()
    version.published_at = now
    article.status = ArticleStatus.PUBLISHED
    article.published_at = article.published_at or now
    return events
