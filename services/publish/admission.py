"""Whether an attempt may go to its mirror now: the breaker and the concurrency cap, in the database.

Every deliver worker on every host reads the same mirror row, so one worker's view of a failing
mirror is everyone's. A delivery that may not go now is deferred: put back to RETRYING with a time,
without counting an attempt and without holding a thread; ``dispatch.enqueue_due`` sends it again.
"""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.publish import breaker, leases
from services.publish.breaker import Breaker, Policy
from shared.logging import get_logger
from shared.models import Delivery, DeliveryState, Mirror, utcnow
from shared.settings import get_settings

log = get_logger(__name__)


def lease_ttl() -> float:
    """How long a slot stays taken if its worker dies: the longest an attempt can run, and a margin."""
    return get_settings().task_time_limit + 5.0


def policy() -> Policy:
    """The breaker's settings."""
    settings = get_settings()
    return Policy(threshold=settings.breaker_threshold, cooldown=settings.breaker_cooldown,
                  max_cooldown=settings.breaker_max_cooldown, probe_timeout=lease_ttl())


def lock(session: Session, mirror_id: int) -> Mirror:
    """The mirror's row, locked for this transaction (a no-op write: a row lock on PostgreSQL, the
    write lock on SQLite, taken before anything is read so SQLite never has to upgrade a read)."""
    session.execute(update(Mirror).where(Mirror.id == mirror_id).values(breaker_state=Mirror.breaker_state))
    mirror = session.get_one(Mirror, mirror_id)
    session.refresh(mirror)
    return mirror


def state_of(mirror: Mirror) -> Breaker:
    """The breaker stored on a mirror row."""
    return Breaker(mirror.breaker_state, mirror.breaker_failures, mirror.breaker_trips, mirror.parked_until)


def store(mirror: Mirror, new: Breaker) -> None:
    """Write a breaker back to its mirror row."""
    mirror.breaker_state, mirror.breaker_failures = new.state, new.failures
    mirror.breaker_trips, mirror.parked_until = new.trips, new.parked_until


def admit(session: Session, delivery_id: str, mirror_id: int) -> str | None:
    """A lease to attempt ``delivery_id`` now, or None after deferring it (breaker open or cap reached)."""
    mirror, now = lock(session, mirror_id), utcnow()
    opened, until = breaker.gate(state_of(mirror), now, policy())
    lease = None if until else leases.acquire(session, mirror_id, delivery_id, now, get_settings().mirror_concurrency,
                                              lease_ttl())
    if lease is None:
        reason = "parked" if until else "at_cap"
        defer(session, delivery_id, until or now + timedelta(seconds=_cap_wait()))
        log.info("delivery.deferred", reason=reason, mirror=mirror.name)
        return None
    if opened.state != mirror.breaker_state:
        log.warning("mirror.probing", mirror=mirror.name, trips=opened.trips)
    store(mirror, opened)
    return lease


def settle(session: Session, mirror_id: int, lease: str, ok: bool, counted: bool) -> None:
    """After an attempt: give the slot back and move the breaker on the outcome."""
    if not counted:
        leases.release(session, lease)
        return
    # The mirror's row first, then the lease, the order admit() takes them in: no deadlock between the two.
    mirror, now = lock(session, mirror_id), utcnow()
    leases.release(session, lease)
    before = state_of(mirror)
    new = breaker.after(before, ok, now, policy())
    store(mirror, new)
    if new.state != before.state:
        log.warning("mirror.breaker", mirror=mirror.name, **asdict(new))
    if new.state == breaker.CLOSED and before.state != breaker.CLOSED:
        resume(session, mirror_id, now)


def resume(session: Session, mirror_id: int, now: datetime) -> None:
    """The mirror answers again: its waiting deliveries are due now (sent oldest first by enqueue_due)."""
    session.execute(update(Delivery).where(
        Delivery.mirror_id == mirror_id, Delivery.state == DeliveryState.RETRYING, Delivery.next_attempt_at > now
    ).values(next_attempt_at=now))


def defer(session: Session, delivery_id: str, until: datetime) -> None:
    """Put a delivery back to wait until ``until``; no attempt is counted."""
    session.execute(update(Delivery).where(
        Delivery.id == delivery_id, Delivery.state.in_([DeliveryState.PENDING, DeliveryState.RETRYING])
    ).values(state=DeliveryState.RETRYING, next_attempt_at=until))


def _cap_wait() -> float:
    """Seconds a delivery waits for a slot: jittered, so a backlog does not come back all at once."""
    return random.uniform(0.5, max(1.0, get_settings().delivery_timeout / 2))
