"""Carrying out deliveries: one signed POST per attempt, its outcome recorded, later tries scheduled.

No HTTP call happens inside a database transaction, and no Celery ETA is used for a retry: the
next attempt time is stored on the delivery and ``enqueue_due`` (run by the deliver worker's
relay loop) queues deliveries whose time has come, so a retry hours away never outlives the
broker's visibility timeout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx
import orjson
import structlog
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.publish import ninjs, page
from services.publish.deliveries import Outcome, next_delay, send
from shared import known, metrics, outbox, signing, state
from shared.errors import InvalidInput
from shared.links import page_url
from shared.logging import get_logger
from shared.messages import DeliveryRequested
from shared.models import Article, ArticleVersion, Delivery, DeliveryState, Mirror, OutboxEvent, utcnow
from shared.outbound import check_url
from shared.queues import DELIVER_TASK
from shared.settings import get_settings

log = get_logger(__name__)
EVENT_HEADER = "newsflow-event"  # published | updated | withdrawn
_client: httpx.Client | None = None


@dataclass(frozen=True)
class Request:
    """Everything one attempt needs, read before the HTTP call."""

    delivery_id: str
    mirror_id: int
    url: str
    body: bytes
    headers: dict[str, str]


def client() -> httpx.Client:
    """One pooled HTTP client per process, with short timeouts so a dead mirror never blocks others."""
    global _client
    if _client is None:
        timeout = get_settings().delivery_timeout
        _client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
                               follow_redirects=False, headers={"user-agent": "newsflow-delivery/1"})
    return _client


def _forget_client() -> None:
    global _client
    _client = None  # not closed: in a forked child its sockets are the parent's too


state.on_reset("delivery http client", _forget_client)


def prepare(session: Session, delivery_id: str) -> Request | None:
    """The signed request for a delivery, or None when there is nothing (more) to do."""
    delivery = session.get_one(Delivery, delivery_id)
    structlog.contextvars.bind_contextvars(delivery_id=delivery_id)  # the article: the task decorator
    if delivery.state in (DeliveryState.DELIVERED, DeliveryState.DEAD):
        return None
    mirror = session.get_one(Mirror, delivery.mirror_id)
    if not mirror.active:
        return None
    article = session.get_one(Article, delivery.article_id)
    version = session.get_one(ArticleVersion, delivery.version_id)
    created = known.first_created(session, [article.id]).get(article.id)
    entity_ids = known.entity_ids(session, [version.id]).get(version.id, {})
    html = page.render(article, version, page_url(article.id), entity_ids) if mirror.format == "html" else None
    body = orjson.dumps(ninjs.document(article, version, page=html, entity_ids=entity_ids,
                                       firstcreated=ninjs.utc_iso(created)))
    secrets = [mirror.secret] + ([mirror.previous_secret] if mirror.previous_secret else [])
    # The event is the delivery's, not the article's: it travels beside the ninjs body, as GitHub's
    # X-GitHub-Event does, since ninjs has no property for it.
    headers = signing.headers(secrets, delivery.id, body) | {EVENT_HEADER: delivery.event}
    return Request(delivery_id, mirror.id, mirror.url, body, headers)


def attempt(request: Request) -> Outcome:
    """One POST to the mirror (refused before sending if the address is not allowed)."""
    try:
        check_url(request.url, get_settings().outbound_allowlist)
    except InvalidInput as exc:
        return Outcome(ok=False, status=None, error=f"refused: {exc.reason}", retry_after=None,
                       permanent=True, gone=False)
    try:
        return send(client(), request.url, request.body, request.headers)
    except Exception as exc:  # the task's soft time limit, most likely: a failed attempt like any other
        return Outcome(ok=False, status=None, error=f"{type(exc).__name__}: {exc}", retry_after=None,
                       permanent=False, gone=False)


def record(session: Session, delivery_id: str, outcome: Outcome) -> str:
    """Store an attempt's outcome; returns the delivery's new state."""
    delivery = session.get_one(Delivery, delivery_id)
    delivery.attempts += 1
    delivery.last_status = outcome.status
    delivery.last_error = outcome.error
    if outcome.ok:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = DeliveryState.DELIVERED, utcnow(), None
    else:
        delay = None if outcome.permanent else next_delay(
            delivery.attempts, get_settings().delivery_schedule, outcome.retry_after)
        if delay is None:
            delivery.state, delivery.next_attempt_at = DeliveryState.DEAD, None
        else:
            delivery.state, delivery.next_attempt_at = DeliveryState.RETRYING, utcnow() + timedelta(seconds=delay)
        if outcome.gone:
            session.get_one(Mirror, delivery.mirror_id).active = False
    metrics.delivery_attempted(session.get_one(Mirror, delivery.mirror_id).name, outcome.ok)
    log.info("delivery.attempted", state=delivery.state, status=outcome.status, error=outcome.error,
             attempts=delivery.attempts)
    return delivery.state


def enqueue_due(session: Session, limit: int = 100) -> list[OutboxEvent]:
    """Queue deliveries whose retry time has come, oldest first; each is claimed by a conditional update, once."""
    due = session.scalars(select(Delivery.id).where(
        Delivery.state == DeliveryState.RETRYING, Delivery.next_attempt_at <= utcnow()
    ).order_by(Delivery.created_at, Delivery.id).limit(limit))
    events = []
    for delivery_id in list(due):
        claimed = session.execute(update(Delivery).where(
            Delivery.id == delivery_id, Delivery.state == DeliveryState.RETRYING
        ).values(state=DeliveryState.PENDING))
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            events.append(outbox.add_task(session, DELIVER_TASK, DeliveryRequested(delivery_id=delivery_id)))
    return events


def replay(session: Session, delivery_id: str) -> OutboxEvent:
    """Send a dead or failed delivery again (an operator fixed the mirror)."""
    delivery = session.get_one(Delivery, delivery_id)
    delivery.state, delivery.next_attempt_at, delivery.attempts = DeliveryState.PENDING, None, 0
    return outbox.add_task(session, DELIVER_TASK, DeliveryRequested(delivery_id=delivery_id))
