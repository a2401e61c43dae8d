"""The minimum gap between two requests to one host, and a host's Retry-After, kept in the database so every
poller (every fetch worker, `newsflow feeds poll`) respects them.

A request takes its host's turn with one conditional UPDATE: it succeeds only if the host's next free moment
has passed, and moves that moment a gap ahead.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from sqlalchemy import select, update

from shared.db import insert_new, session_scope
from shared.errors import FetchFailed
from shared.models import FeedHost, utcnow

MAX_WAIT_S = 10.0  # wait this long at most for a host's turn; past it the poll is put off instead


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)  # SQLite: naive


def take_turn(host: str, gap: float, max_wait: float = MAX_WAIT_S) -> None:
    """Return once this process may send a request to ``host``; FetchFailed("host_busy") if that is far off."""
    while True:
        with session_scope() as session:
            now = utcnow()
            taken = session.execute(update(FeedHost).where(FeedHost.host == host, FeedHost.next_request_at <= now)
                                    .values(next_request_at=now + timedelta(seconds=gap))).rowcount  # type: ignore[attr-defined]
            if taken:
                return
            if insert_new(session, FeedHost, {"host": host, "next_request_at": now + timedelta(seconds=gap)},
                          ["host"], FeedHost.host) is not None:
                return
            free_at = session.scalar(select(FeedHost.next_request_at).where(FeedHost.host == host))
        wait = (_as_utc(free_at) - now).total_seconds() if free_at is not None else 0.0
        if wait > max_wait and free_at is not None:
            raise FetchFailed("host_busy", f"{host} is not to be asked before {_as_utc(free_at).isoformat()}",
                              soft=True, retry_after=wait)
        time.sleep(max(wait, 0.01))


def hold(host: str, until: datetime) -> None:
    """No request to ``host`` before ``until`` (its Retry-After), whichever feed of it asks."""
    with session_scope() as session:
        session.execute(update(FeedHost).where(FeedHost.host == host, FeedHost.next_request_at < until)
                        .values(next_request_at=until))


def free_at(host: str) -> datetime | None:
    """When ``host`` may be asked next (None: never asked)."""
    with session_scope() as session:
        moment = session.scalar(select(FeedHost.next_request_at).where(FeedHost.host == host))
    return _as_utc(moment) if moment is not None else None
