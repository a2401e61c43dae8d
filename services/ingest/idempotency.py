"""Idempotency-Key: the same key from the same source gets the first answer again, and nothing new happens.

The key is reserved before the work runs, so two concurrent requests with one key never both do it (the
second answers 409 while the first is in flight). A key is kept for a day; reused with a different request
it is refused (422), since the client has confused two requests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from shared.db import session_scope
from shared.errors import Conflict, InvalidInput
from shared.models import IdempotentRequest, utcnow

HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)
# A reservation older than this belongs to a request whose process died: the key may be used again.
ABANDONED = timedelta(minutes=5)
PENDING = 0
MAX_KEY = 255


InProgress = Conflict  # a request with the same key is still being processed


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


def claim_for(scope: str | None, headers: Any, content_type: str, body: bytes) -> Claim | None:
    """The request's claim on its Idempotency-Key, or None when it sent none."""
    raw = headers.get(HEADER.lower())
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > MAX_KEY or not (key.isascii() and key.isprintable()):
        raise InvalidInput(HEADER, f"must be 1 to {MAX_KEY} printable ASCII characters")
    fingerprint = hashlib.sha256(content_type.strip().lower().encode("latin-1") + b"\n" + body).hexdigest()
    return Claim(scope or "", key, fingerprint)


def once(claim: Claim | None, work: Callable[[], Answer]) -> tuple[Answer, bool]:
    """``work``'s answer, or the answer stored for this key without doing the work; (answer, replayed)."""
    if claim is None:
        return work(), False
    earlier = _reserve(claim)
    if earlier is not None:
        return earlier, True
    try:
        answer = work()
    except BaseException:
        _release(claim)  # nothing was created, so the client may retry with the same key
        raise
    with session_scope() as session:
        session.execute(update(IdempotentRequest).where(*_same(claim)).values(status=answer.status, body=answer.body))
    return answer, False


def _same(claim: Claim) -> tuple[Any, ...]:
    return IdempotentRequest.scope == claim.scope, IdempotentRequest.key == claim.key


def _reserve(claim: Claim) -> Answer | None:
    """Reserve the key (None), or the earlier answer under it; 422 or 409 when it cannot be used now."""
    now = utcnow()
    try:
        with session_scope() as session:
            session.execute(delete(IdempotentRequest).where(IdempotentRequest.scope == claim.scope, or_(
                IdempotentRequest.created_at < now - KEEP,
                and_(IdempotentRequest.status == PENDING, IdempotentRequest.created_at < now - ABANDONED))))
            session.add(IdempotentRequest(scope=claim.scope, key=claim.key, fingerprint=claim.fingerprint,
                                          status=PENDING, body={}))
        return None
    except IntegrityError:
        pass
    with session_scope() as session:
        row = session.scalar(select(IdempotentRequest).where(*_same(claim)))
    if row is not None and row.fingerprint != claim.fingerprint:
        raise InvalidInput(HEADER, f"{claim.key!r} was already used for a different request; use a new key")
    if row is None or row.status == PENDING:
        raise InProgress(HEADER, f"a request with {claim.key!r} is in progress; retry shortly")
    return Answer(row.status, row.body)


def _release(claim: Claim) -> None:
    with session_scope() as session:
        session.execute(delete(IdempotentRequest).where(*_same(claim), IdempotentRequest.status == PENDING))
