"""Who is posting: the API key names the source, an optional Standard Webhooks signature proves the body.

Keys are required in production, when ``NEWSFLOW_REQUIRE_API_KEYS`` is set, and as soon as any source
exists; a development setup without sources keeps taking anonymous posts (the demo and e2e tests do).
Everything here works in the request's session and leaves committing to it, but for letting a webhook-id go
when the request fails (``received_once``).
What a key names is read through ``sources.KNOWN``, which remembers it for ``NEWSFLOW_KEY_CACHE_SECONDS``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from services.ingest import ratelimit, sources
from services.ingest.formats.submission import Submission
from shared.db import insert_new
from shared.errors import Conflict, Forbidden, Unauthorized
from shared.models import WebhookReceipt, utcnow
from shared.settings import get_settings
from shared.signing import SignatureError, verify

TOLERANCE = 300  # seconds a signature's timestamp may differ from our clock (Standard Webhooks' default)
MAX_WEBHOOK_ID = 255


Replayed = Conflict  # a signed request whose webhook-id was already received


@dataclass(frozen=True)
class Caller:
    """The source a request speaks for; ``name`` is None for an anonymous development client."""

    source_id: int | None = None
    name: str | None = None
    signing_secret: str | None = None

    @property
    def bucket(self) -> str:
        """The rate-limit bucket: the source's name, or one that no source name can take."""
        return self.name or "_anonymous"


def identify(headers: Mapping[str, str], address: str) -> Caller:
    """The source whose key the request carries; Unauthorized unless keys are optional and none was sent.

    A key not known from the last few seconds is read under ``ratelimit.guarded_lookup``: one such read at a time
    per client address in this process, after a fresh look at the address's failed-authentication allowance and
    counted at once if the key is bad, so many guesses sent at once get no more lookups than the allowance holds,
    while good keys arriving together are read one after another, never refused."""
    authorization = headers.get("authorization")
    if authorization is None:
        settings = get_settings()
        if settings.environment == "production" or settings.require_api_keys or sources.KNOWN.any_active():
            raise Unauthorized("Authorization", "an API key is required: send 'Authorization: Bearer <key>'")
        return Caller()
    scheme, _, key = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("Authorization", "expected 'Bearer <key>'")
    key = key.strip()
    source = sources.KNOWN.cached(key)
    if source is None:
        with ratelimit.guarded_lookup(address):
            source = sources.KNOWN.lookup(key)
            if source is None:
                raise Unauthorized("Authorization", "unknown or revoked API key")
    return Caller(source.id, source.name, source.signing_secret)





def check_signature(caller: Caller, headers: Mapping[str, str], body: bytes, now: int | None = None) -> str | None:
    """A source with a signing secret must sign every request: its webhook-id, to record once accepted."""
    if caller.signing_secret is None or caller.source_id is None:
        return None
    try:
        verify(caller.signing_secret, headers, body, tolerance=TOLERANCE, now=now)
    except SignatureError as exc:
        raise Unauthorized(exc.field, exc.reason) from None
    webhook_id = headers["webhook-id"].strip()
    if len(webhook_id) > MAX_WEBHOOK_ID:
        raise Unauthorized("webhook-id", f"longer than {MAX_WEBHOOK_ID} characters")
    return webhook_id


@contextmanager
def received_once(session: Session, caller: Caller, webhook_id: str | None) -> Iterator[None]:
    """Record the webhook-id for the work inside: Replayed if this source sent it already.

    The receipt is written in the request's transaction, so a twin racing the original waits for it and is
    Replayed once it commits. A request refused for its content (or failing for any reason) lets the id go
    again, so the sender's corrected retry under the same id is taken; only an accepted request uses it up.
    """
    if webhook_id is None or caller.source_id is None:
        yield
        return
    receipt = _receive(session, caller.source_id, webhook_id)
    try:
        yield
    except BaseException:
        # The receipt may have been committed already (an Idempotency-Key's reservation commits first).
        session.rollback()
        session.execute(delete(WebhookReceipt).where(WebhookReceipt.id == receipt))
        session.commit()
        raise


def record_receipt(session: Session, caller: Caller, webhook_id: str | None) -> None:
    """Record a signed request's webhook-id in the request's transaction (nothing for an unsigned one):
    Replayed if this source sent it already. A transaction that fails takes the receipt with it."""
    if webhook_id is not None and caller.source_id is not None:
        _receive(session, caller.source_id, webhook_id)


def _receive(session: Session, source_id: int, webhook_id: str) -> int:
    """Record a webhook-id (its receipt's id); Replayed if this source already sent it within the window."""
    # A timestamp up to TOLERANCE ahead stays acceptable until 2 * TOLERANCE after its first receipt,
    # so receipts are kept that long and no longer.
    cutoff = utcnow() - timedelta(seconds=2 * TOLERANCE)
    session.execute(delete(WebhookReceipt).where(
        WebhookReceipt.source_id == source_id, WebhookReceipt.received_at < cutoff))
    receipt = insert_new(session, WebhookReceipt, {"source_id": source_id, "webhook_id": webhook_id},
                         ["source_id", "webhook_id"], WebhookReceipt.id)
    if receipt is None:
        raise Replayed("webhook-id", f"{webhook_id!r} was already received; sign each request with a new id")
    return receipt


def claim(caller: Caller, submissions: list[Submission]) -> list[Submission]:
    """The submissions as the caller's own: no source means the caller's, another source's is Forbidden."""
    if caller.name is None:
        return submissions
    for number, submission in enumerate(submissions, start=1):
        if submission.source is not None and submission.source != caller.name:
            item = f"item {number} " if len(submissions) > 1 else ""
            raise Forbidden("source", f"{item}names source {submission.source!r}; this key may only write "
                                      f"{caller.name!r}")
    return [submission.model_copy(update={"source": caller.name}) for submission in submissions]
