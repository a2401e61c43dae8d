"""One POST /v1/articles: read once into a Posting, then answered in one transaction (two with an Idempotency-Key).

The checks come in the order the API answers them: the caller's key (401), its rate (429), the body's
coding (415, 413, 422), the signature (401), the Idempotency-Key's form (422), the body (415, 413, 422), its
source (403), the key's earlier use (409, 422, or the earlier answer replayed), the webhook-id (409).
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from celery import Celery
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from services.ingest import auth, encoding, idempotency, ratelimit
from services.ingest.formats import media_type, parse
from services.ingest.normalize import normalize
from services.ingest.store import Acceptance, accept, queue_ingest
from shared import metrics
from shared.db import session_scope
from shared.logging import get_logger
from shared.outbox import flush
from shared.settings import get_settings

log = get_logger(__name__)
BATCH = "application/x-ndjson"


@dataclass(frozen=True)
class Posting:
    """A request as read once: who sends it, its media type, its body (decompressed), and the ids it carries."""

    caller: auth.Caller
    media_type: str
    body: bytes
    request_id: str | None
    webhook_id: str | None = None
    claim: idempotency.Claim | None = None
    content_type: str = ""  # the whole header: its charset says how to read the body


def read(session: Session, headers: Mapping[str, str], raw: bytes, address: str, request_id: str | None
         ) -> Posting:
    """The request's caller admitted and its body checked against its coding and signature."""
    with ratelimit.failures_counted(address):
        caller = auth.identify(session, headers)
    ratelimit.admit(caller.bucket)
    body = encoding.decoded(headers, raw, get_settings().max_body_bytes)
    with ratelimit.failures_counted(address):
        webhook_id = auth.check_signature(caller, headers, body)
    content_type = headers.get("content-type", "")
    kind = media_type(content_type)
    return Posting(caller, kind, body, request_id, webhook_id, idempotency.claim_for(caller.name, headers, kind, body),
                   content_type)


# PostgreSQL's answers to two writers holding rows the other wants: deadlock_detected, serialization_failure,
# lock_not_available. The transaction was rolled back whole (an Idempotency-Key's reservation let go), so the
# request is simply worked again: an NDJSON body's articles locked by an ingest batch wait, they are not refused.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001", "55P03"})
ATTEMPTS = 4


def answer(producer: Celery, headers: Mapping[str, str], raw: bytes, address: str, request_id: str | None
           ) -> tuple[idempotency.Answer, bool]:
    """The answer to one POST and whether it replays an earlier one; what it accepted is sent on its way."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _answer_once(producer, headers, raw, address, request_id)
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) not in RETRYABLE_SQLSTATES or attempt == ATTEMPTS:
                raise
            log.info("post.lock_conflict_retried", attempt=attempt, sqlstate=getattr(exc.orig, "sqlstate", None))
            time.sleep(random.uniform(0.01, 0.1) * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _answer_once(producer: Celery, headers: Mapping[str, str], raw: bytes, address: str, request_id: str | None
                 ) -> tuple[idempotency.Answer, bool]:
    with session_scope() as session:
        posting = read(session, headers, raw, address, request_id)
        # The worker's own normalisation, run here too: an article it would fail for good is refused now (422).
        submissions = auth.claim(posting.caller, parse(posting.content_type, posting.body, check=normalize))
        # The key first: a sender's retry (same key, same webhook-id, as Standard Webhooks retries) gets the
        # first answer back; only a request that does work uses its webhook-id up.
        with idempotency.once(session, posting.claim) as reply:
            if reply.earlier is not None:
                return reply.earlier, True
            with auth.received_once(session, posting.caller, posting.webhook_id):
                accepted = [accept(session, submission, posting.media_type, request_id, queue=False)
                            for submission in submissions]
                events = queue_ingest(session, accepted)
                reply.answer = given = _answer(posting.media_type, accepted)
    flush(producer, events)
    metrics.articles_received(sum(acceptance.created for acceptance in accepted))
    for acceptance in accepted:
        log.info("article.accepted", article_id=acceptance.article_id, duplicate=not acceptance.created,
                 content_type=posting.media_type)
    return given, False


def _answer(kind: str, accepted: list[Acceptance]) -> idempotency.Answer:
    status = 202 if any(acceptance.created for acceptance in accepted) else 200
    if kind == BATCH:
        return idempotency.Answer(status, {"items": [_item(acceptance) for acceptance in accepted]})
    return idempotency.Answer(status, _item(accepted[0]))


def _item(acceptance: Acceptance) -> dict[str, Any]:
    return {"id": acceptance.article_id, "status_url": f"/v1/articles/{acceptance.article_id}",
            "duplicate": not acceptance.created, "duplicate_of": acceptance.duplicate_of}
