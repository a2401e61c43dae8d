"""Waiting for the outbox: fast-path sends are marked sent by a background thread within the relay grace."""

from __future__ import annotations

import time

from sqlalchemy import select

from shared.db import session_scope
from shared.models import OutboxEvent
from shared.outbox import FAST_PATH_GRACE_S


def unsent_ids() -> list[int]:
    with session_scope() as session:
        return list(session.scalars(select(OutboxEvent.id).where(OutboxEvent.published_at.is_(None))))


def wait_until_all_marked_sent(ids: list[int] | None = None) -> list[int]:
    """The ids (default: all) still unsent once the grace period a relay waits has passed, or sooner when
    none is left."""
    deadline = time.monotonic() + FAST_PATH_GRACE_S
    while (left := [i for i in unsent_ids() if ids is None or i in ids]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left
