"""One POST /v1/articles: read once into a Posting, then answered in one transaction (two with an Idempotency-Key).

The checks come in the order the API answers them: the caller's key (401), its rate (429), the body's
coding (415, 413, 422), the signature (401), the Idempotency-Key's form (422), the body (415, 413, 422), its
source (403), the key's earlier use (409, 422, or the earlier answer replayed), the webhook-id (409).
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from celery import Celery
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from services.ingest import auth, encoding, idempotency, ratelimit
from services.ingest.formats import media_type, parse
from services.ingest.normalize import normalize
from services.ingest.store import Acceptance, Offer, accept_many, queue_ingest
from shared import metrics, state
from shared.db import session_scope
from shared.group_commit import GroupCommit
from shared.logging import get_logger
from shared.models import OutboxEvent
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


def read(headers: Mapping[str, str], raw: bytes, address: str, request_id: str | None) -> Posting:
    """The request's caller admitted and its body checked against its coding and signature."""
    with ratelimit.failures_counted(address):
        caller = auth.identify(headers, address)
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
# How long a group of POSTs (a lone one's too) waits for a lock held elsewhere (an ingest batch on a known article,
# another API process's group on the same text) before it gives up and each of its requests is written alone, in
# its own thread and outside the group: a request whose article is locked then waits alone, and neither the rest
# of its group nor the POSTs queued behind it wait with it.
GROUP_LOCK_TIMEOUT = "200ms"


def answer(producer: Celery, headers: Mapping[str, str], raw: bytes, address: str, request_id: str | None
           ) -> tuple[idempotency.Answer, bool]:
    """The answer to one POST and whether it replays an earlier one; what it accepted is sent on its way."""
    ratelimit.refuse_failing(address)  # an address that keeps failing to authenticate is refused (429) first
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
    posting = read(headers, raw, address, request_id)
    # The worker's own normalisation, run here too: an article it would fail for good is refused now (422).
    submissions = auth.claim(posting.caller, parse(posting.content_type, posting.body, check=normalize))
    offered = Offered(posting, tuple(Offer(submission, posting.media_type, request_id) for submission in submissions))
    if posting.claim is None:
        # A plain POST: written in one transaction with whatever other POSTs arrived meanwhile.
        return _group(producer).submit(offered, weight=len(submissions)), False
    with session_scope() as session:
        # The key first: a sender's retry (same key, same webhook-id, as Standard Webhooks retries) gets the
        # first answer back; only a request that does work uses its webhook-id up.
        with idempotency.once(session, posting.claim) as reply:
            if reply.earlier is not None:
                return reply.earlier, True
            with auth.received_once(session, posting.caller, posting.webhook_id):
                accepted = accept_many(session, offered.offers)
                events = queue_ingest(session, accepted)
                reply.answer = given = _answer(posting.media_type, accepted)
    _sent(producer, events, [(offered, accepted)])
    return given, False


@dataclass(frozen=True)
class Offered:
    """A request's articles, as offered to the group that writes them."""

    posting: Posting
    offers: tuple[Offer, ...]


@functools.cache
def _group(producer: Celery) -> GroupCommit[Offered, idempotency.Answer]:
    """This process's group commit of plain POSTs (one per producer), limited to a batch of articles."""
    return GroupCommit(functools.partial(_accept_group, producer), get_settings().batch_size,
                       alone=functools.partial(_accept_alone, producer))


state.on_reset("ingest group commit", _group.cache_clear)


def _accept_alone(producer: Celery, offered: Offered) -> idempotency.Answer | Exception:
    """One request of a group that failed, accepted by itself: it may wait for its locks as long as they are held."""
    return _accept_group(producer, [offered], wait=True)[0]


def _accept_group(producer: Celery, group: Sequence[Offered], wait: bool = False
                  ) -> list[idempotency.Answer | Exception]:
    """The requests' articles accepted in one transaction, their ingest events sent on after its commit.

    Unless ``wait``, a lock held elsewhere for longer than ``GROUP_LOCK_TIMEOUT`` fails the group (each request
    is then accepted alone, in its own thread)."""
    outcomes: list[idempotency.Answer | Exception | None] = [None] * len(group)
    with session_scope() as session:
        if not wait and session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"SET LOCAL lock_timeout = '{GROUP_LOCK_TIMEOUT}'"))
        taken: list[int] = []  # positions of the requests whose webhook-id (if any) is new
        for position, offered in enumerate(group):
            try:
                auth.record_receipt(session, offered.posting.caller, offered.posting.webhook_id)
                taken.append(position)
            except auth.Replayed as exc:
                outcomes[position] = exc
        accepted = accept_many(session, [offer for position in taken for offer in group[position].offers])
        events = queue_ingest(session, accepted)
    done: list[tuple[Offered, list[Acceptance]]] = []
    for position in taken:
        offered = group[position]
        mine, accepted = accepted[:len(offered.offers)], accepted[len(offered.offers):]
        done.append((offered, mine))
        outcomes[position] = _answer(offered.posting.media_type, mine)
    _sent(producer, events, done)
    return [outcome for outcome in outcomes if outcome is not None]


def _sent(producer: Celery, events: Sequence[OutboxEvent], done: Sequence[tuple[Offered, list[Acceptance]]]
          ) -> None:
    """After the commit: the events sent now (the relay covers a failure), counted and logged per request."""
    flush(producer, events)
    metrics.articles_received(sum(acceptance.created for _, accepted in done for acceptance in accepted))
    for offered, accepted in done:
        for acceptance in accepted:
            log.info("article.accepted", article_id=acceptance.article_id, duplicate=not acceptance.created,
                     content_type=offered.posting.media_type, request_id=offered.posting.request_id)


def _answer(kind: str, accepted: list[Acceptance]) -> idempotency.Answer:
    status = 202 if any(acceptance.created for acceptance in accepted) else 200
    if kind == BATCH:
        return idempotency.Answer(status, {"items": [_item(acceptance) for acceptance in accepted]})
    return idempotency.Answer(status, _item(accepted[0]))


def _item(acceptance: Acceptance) -> dict[str, Any]:
    return {"id": acceptance.article_id, "status_url": f"/v1/articles/{acceptance.article_id}",
            "duplicate": not acceptance.created, "duplicate_of": acceptance.duplicate_of}
