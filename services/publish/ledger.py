"""The delivery ledger as operators see it: listing deliveries and replaying failed ones (CLI and API)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.publish import dispatch
from shared.errors import InvalidInput, NotFound
from shared.models import Delivery, DeliveryState, Mirror, OutboxEvent

STATES = (DeliveryState.PENDING, DeliveryState.RETRYING, DeliveryState.DELIVERED, DeliveryState.DEAD)
FAILED = "failed"  # not a state: dead or retrying, what an operator looks at first
LIST_LIMIT = 200


def listing(session: Session, state: str | None = None, mirror: str | None = None,
            limit: int = LIST_LIMIT) -> list[tuple[Delivery, str]]:
    """Deliveries with their mirror's name, newest first; ``state`` may also be "failed"."""
    query = select(Delivery, Mirror.name).join(Mirror, Mirror.id == Delivery.mirror_id)
    if state == FAILED:
        query = query.where(Delivery.state.in_([DeliveryState.DEAD, DeliveryState.RETRYING]))
    elif state is not None:
        if state not in STATES:
            raise InvalidInput("state", f"{state!r} is not one of {', '.join((*STATES, FAILED))}")
        query = query.where(Delivery.state == state)
    if mirror is not None:
        query = query.where(Mirror.name == mirror)
    rows = session.execute(query.order_by(Delivery.created_at.desc(), Delivery.id).limit(limit))
    return [(delivery, name) for delivery, name in rows]


def retry(session: Session, delivery_id: str) -> OutboxEvent:
    """Replay one delivery that is dead (or stuck retrying); a delivered one is refused."""
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        raise NotFound(f"no delivery {delivery_id}")
    if delivery.state == DeliveryState.DELIVERED:
        raise InvalidInput("delivery_id", f"delivery {delivery_id} was already delivered")
    return dispatch.replay(session, delivery_id)


def retry_failed(session: Session) -> list[OutboxEvent]:
    """Replay every dead delivery."""
    dead = session.scalars(select(Delivery.id).where(Delivery.state == DeliveryState.DEAD))
    return [dispatch.replay(session, delivery_id) for delivery_id in list(dead)]


def describe(delivery: Delivery, mirror: str) -> dict[str, Any]:
    """One delivery as the admin API shows it."""
    return {
        "id": delivery.id, "mirror": mirror, "article_id": delivery.article_id, "version_id": delivery.version_id,
        "event": delivery.event, "state": delivery.state, "attempts": delivery.attempts,
        "last_status": delivery.last_status, "last_error": delivery.last_error,
        "next_attempt_at": delivery.next_attempt_at.isoformat() if delivery.next_attempt_at else None,
        "delivered_at": delivery.delivered_at.isoformat() if delivery.delivered_at else None,
        "created_at": delivery.created_at.isoformat(),
    }
