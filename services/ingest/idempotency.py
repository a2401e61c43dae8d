"""Idempotency-Key: the same key from the same source gets the first answer again, and nothing new happens.

The key is reserved before the work runs, so two concurrent requests with one key never both do it (the
second answers 409 with Retry-After while the first is in flight). A key is kept for a day; reused with a
different request it is refused (422), since the client has confused two requests.

A reservation whose process died must not keep the key for long. On PostgreSQL the request also holds the key
under an advisory lock, on a connection of its own, while it works: the lock goes with the process (its
connection closes), so a twin that can take the lock knows at once that a pending reservation is abandoned and
takes it over. SQLite (one machine, the embedded setup) has no such lock: there a reservation is given up
``ABANDONED`` after it was made.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from shared import state
from shared.db import advisory_key, get_engine, insert_new, make_engine
from shared.errors import InProgress, InvalidInput
from shared.models import IdempotentRequest, utcnow

HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)
# Without the advisory lock (SQLite), a reservation older than this belongs to a request whose process died.
ABANDONED = timedelta(minutes=5)
PENDING = 0
MAX_KEY = 255
RETRY_AFTER = 1  # seconds: a twin in flight is usually done by then


@dataclass(frozen=True)
class Answer:
    """An HTTP answer as stored: status and JSON body."""

    status: int
    body: dict[str, Any]


@dataclass(frozen=True)
class Claim:
    """One use of an Idempotency-Key: who used it, the key, and a fingerprint of the request."""

    scope: str
    key: str
    fingerprint: str


@dataclass
class Reply:
    """What ``once`` hands the work: the earlier answer to replay (then do nothing), else room for the new one."""

    earlier: Answer | None = None
    answer: Answer | None = None

    @property
    def replayed(self) -> bool:
        """Whether this is a repeat answered with the earlier answer."""
        return self.earlier is not None


def claim_for(scope: str | None, headers: Mapping[str, str], media_type: str, body: bytes) -> Claim | None:
    """The request's claim on its Idempotency-Key, or None when it sent none."""
    raw = headers.get(HEADER.lower())
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > MAX_KEY or not (key.isascii() and key.isprintable()):
        raise InvalidInput(HEADER, f"must be 1 to {MAX_KEY} printable ASCII characters")
    fingerprint = hashlib.sha256(media_type.encode("latin-1") + b"\n" + body).hexdigest()
    return Claim(scope or "", key, fingerprint)


@contextmanager
def once(session: Session, claim: Claim | None) -> Iterator[Reply]:
    """Around the work of one request: the earlier answer under its key, or the key held while the work runs.

    Without a key this does nothing. With one, the reservation is committed before the work (a twin must see
    the key taken and answer 409: the request's one extra transaction), the answer is stored in the work's
    transaction, and a failed work lets the key go (committed at once) so the client may retry with it.
    """
    if claim is None:
        yield Reply()
        return
    with _held(claim) as held:
        earlier = _reserve(session, claim, held)
        if earlier is not None:
            yield Reply(earlier=earlier)
            return
        session.commit()
        reply = Reply()
        try:
            yield reply
        except BaseException:
            session.rollback()
            session.execute(delete(IdempotentRequest).where(*_same(claim), IdempotentRequest.status == PENDING))
            session.commit()
            raise
        if reply.answer is None:
            raise RuntimeError(f"the work under {HEADER} {claim.key!r} gave no answer")
        # Stored now, committed by the caller's transaction after the key is let go: a twin taking the key in
        # between waits for this row (its delete of a pending reservation finds it answered) and replays it.
        session.execute(update(IdempotentRequest).where(*_same(claim))
                        .values(status=reply.answer.status, body=reply.answer.body))


@contextmanager
def _held(claim: Claim) -> Iterator[bool | None]:
    """On PostgreSQL, ``claim``'s key held by this process while its request runs: True if it took the key, False
    if a live request holds it. None where there is no such lock (SQLite)."""
    engine = get_engine()
    if engine.dialect.name != "postgresql":
        yield None
        return
    # The holder's transaction holds the lock, rolled back (let go) when the work ends. Its connection comes from a
    # pool of its own: a request holding one and waiting for the work's could otherwise empty the shared pool.
    with _holders(engine.url.render_as_string(hide_password=False), os.getpid()).connect() as holder:
        key = advisory_key("idempotency", f"{claim.scope}\0{claim.key}")
        taken = bool(holder.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": key}))
        try:
            yield taken
        finally:
            _let_go(holder)


_HOLDERS: dict[tuple[str, int], Engine] = {}
_HOLDERS_LOCK = threading.Lock()


def _holders(url: str, pid: int) -> Engine:
    """The pool of connections that hold keys (one per process and database; a forked child makes its own)."""
    with _HOLDERS_LOCK:
        engine = _HOLDERS.get((url, pid))
        if engine is None:
            engine = _HOLDERS[(url, pid)] = make_engine(url)
        return engine


def _forget_holders() -> None:
    for (_, pid), engine in list(_HOLDERS.items()):
        engine.dispose(close=pid == os.getpid())  # a parent's connections are left to the parent
    _HOLDERS.clear()


state.on_reset("idempotency key holders", _forget_holders)


def _let_go(holder: Connection) -> None:
    try:
        holder.rollback()
    except Exception:  # noqa: BLE001 - a connection that cannot roll back is closed, and its lock with it
        holder.invalidate()


def _same(claim: Claim) -> tuple[Any, ...]:
    return IdempotentRequest.scope == claim.scope, IdempotentRequest.key == claim.key


def _reserve(session: Session, claim: Claim, held: bool | None) -> Answer | None:
    """Reserve the key (None), or the earlier answer under it; 422 or 409 when it cannot be used now.

    ``held``: this request holds the key's lock (True: a pending reservation under it is abandoned), a live
    twin does (False), or there is no lock (None: a reservation is abandoned by its age).
    """
    now = utcnow()
    session.execute(delete(IdempotentRequest).where(IdempotentRequest.scope == claim.scope, or_(
        IdempotentRequest.created_at < now - KEEP,
        and_(IdempotentRequest.status == PENDING, IdempotentRequest.created_at < now - ABANDONED))))
    if held:
        session.execute(delete(IdempotentRequest).where(*_same(claim), IdempotentRequest.status == PENDING))
    values = {"scope": claim.scope, "key": claim.key, "fingerprint": claim.fingerprint, "status": PENDING, "body": {}}
    if held is not False and insert_new(session, IdempotentRequest, values, ["scope", "key"],
                                        IdempotentRequest.id) is not None:
        return None
    row = session.execute(select(IdempotentRequest.fingerprint, IdempotentRequest.status, IdempotentRequest.body)
                          .where(*_same(claim))).one_or_none()
    if row is not None and row.fingerprint != claim.fingerprint:
        raise InvalidInput(HEADER, f"{claim.key!r} was already used for a different request; use a new key")
    if row is None or row.status == PENDING:
        raise InProgress(HEADER, f"a request with {claim.key!r} is in progress; retry after {RETRY_AFTER} s",
                         RETRY_AFTER)
    return Answer(row.status, row.body)
