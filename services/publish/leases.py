"""The per-mirror concurrency cap: a lease row per attempt in flight, shared by every deliver worker.

A lease expires on its own, so a worker that dies mid-attempt frees its slot after ``ttl`` seconds
without anyone cleaning up. Taking a lease happens while the mirror's row is locked (see
``dispatch.admit``), so two workers cannot both take the last slot.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.publish.breaker import aware
from shared.models import MirrorLease


def has_room(expiries: Iterable[datetime], now: datetime, cap: int) -> bool:
    """Whether another attempt fits under ``cap``, given the expiry times of the leases held."""
    live = [moment for moment in map(aware, expiries) if moment is not None and moment > now]
    return len(live) < cap


def acquire(session: Session, mirror_id: int, delivery_id: str, now: datetime, cap: int,
            ttl: float) -> str | None:
    """Take a slot for one attempt: the lease id, or None when the mirror is at its cap."""
    session.execute(delete(MirrorLease).where(MirrorLease.mirror_id == mirror_id, MirrorLease.expires_at <= now))
    held = session.scalars(select(MirrorLease.expires_at).where(MirrorLease.mirror_id == mirror_id))
    if not has_room(held, now, cap):
        return None
    lease = MirrorLease(mirror_id=mirror_id, delivery_id=delivery_id, expires_at=now + timedelta(seconds=ttl))
    session.add(lease)
    session.flush()
    return lease.id


def release(session: Session, lease_id: str) -> None:
    """Give a slot back (an expired or already released lease is fine)."""
    session.execute(delete(MirrorLease).where(MirrorLease.id == lease_id))
