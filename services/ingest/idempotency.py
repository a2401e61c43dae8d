"""Idempotency-Key: the same key from the same source gets the first answer again, and nothing new happens.

The key is reserved before the work runs, so two concurrent requests with one key never both do it (the
second answers 409 while the first is in flight). A key is kept for a day; reused with a different request
it is refused (422), since the client has confused two requests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from shared.db import insert_new
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
    earlier = _reserve(session, claim)
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
    session.execute(update(IdempotentRequest).where(*_same(claim))
                    .values(status=reply.answer.status, body=reply.answer.body))


def _same(claim: Claim) -> tuple[Any, ...]:
    return IdempotentRequest.scope == claim.scope, IdempotentRequest.key == claim.key


def _reserve(session: Session, claim: Claim) -> Answer | None:
    """Reserve the key (None), or the earlier answer under it; 422 or 409 when it cannot be used now."""
    now = utcnow()
    session.execute(delete(IdempotentRequest).where(IdempotentRequest.scope == claim.scope, or_(
        IdempotentRequest.created_at < now - KEEP,
        and_(IdempotentRequest.status == PENDING, IdempotentRequest.created_at < now - ABANDONED))))
    values = {"scope": claim.scope, "key": claim.key, "fingerprint": claim.fingerprint, "status": PENDING, "body": {}}
    if insert_new(session, IdempotentRequest, values, ["scope", "key"], IdempotentRequest.id) is not None:
        return None
    row = session.execute(select(IdempotentRequest.fingerprint, IdempotentRequest.status, IdempotentRequest.body)
                          .where(*_same(claim))).one_or_none()
    if row is not None and row.fingerprint != claim.fingerprint:
        raise InvalidInput(HEADER, f"{claim.key!r} was already used for a different request; use a new key")
    if row is None or row.status == PENDING:
        raise InProgress(HEADER, f"a request with {claim.key!r} is in progress; retry shortly")
    return Answer(row.status, row.body)
