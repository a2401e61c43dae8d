"""The ingest HTTP surface: POST articles in four formats, read an article's status and enrichment."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from celery import Celery
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import select

from services.ingest import auth, encoding, idempotency, ratelimit
from services.ingest.formats import Submission, parse
from services.ingest.normalize import normalize
from services.ingest.store import Acceptance, accept_with_retry
from shared import metrics
from shared.db import session_scope
from shared.errors import NotFound, PayloadTooLarge, documented
from shared.logging import get_logger
from shared.models import Article, ArticleVersion
from shared.outbox import flush
from shared.settings import get_settings

log = get_logger(__name__)
router = APIRouter(prefix="/v1", tags=["articles"])

ACCEPTED_TYPES = {
    "application/json": {"schema": {"$ref": "#/components/schemas/NinjsArticle"}},
    "text/plain": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
}


def _item(acceptance: Acceptance) -> dict[str, Any]:
    return {"id": acceptance.article_id, "status_url": f"/v1/articles/{acceptance.article_id}",
            "duplicate": not acceptance.created, "duplicate_of": acceptance.duplicate_of}


async def _read_body(request: Request) -> bytes:
    """The body as sent, then decompressed when gzip: both under the body limit."""
    limit = get_settings().max_body_bytes
    content_coding = encoding.coding(request.headers)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge("body", f"{declared} bytes is over the limit of {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge("body", f"over the limit of {limit} bytes")
    if content_coding == "gzip":
        return await run_in_threadpool(encoding.gunzip, bytes(body), limit)
    return bytes(body)


def _accept_all(producer: Celery, content_type: str, submissions: list[Submission], request_id: str | None
                ) -> list[Acceptance]:
    media_type = content_type.split(";")[0].strip().lower()
    results = [accept_with_retry(session_scope, sub, media_type, request_id) for sub in submissions]
    flush(producer, [event for result in results for event in result.events])
    metrics.articles_received(sum(result.created for result in results))
    for result in results:
        log.info("article.accepted", article_id=result.article_id, duplicate=not result.created,
                 content_type=media_type)
    return results


@router.post(
    "/articles",
    status_code=202,
    openapi_extra={"requestBody": {"required": True, "content": ACCEPTED_TYPES}},
    responses={200: {"description": "A repeat of an article already accepted: the same id, nothing new"},
               400: {"description": "Unreadable body"}, 413: {"description": "Body too large"},
               415: {"description": "Unsupported content type"},
               422: {"description": "A field is invalid: the body names it and says why"},
               401: {"description": "API key or request signature missing or invalid"},
               403: {"description": "The body names another source than the key's"},
               409: {"description": "A replayed webhook-id, or an Idempotency-Key still in progress"},
               429: {"description": "The source is over its rate limit; see Retry-After"}},
)
async def post_article(request: Request) -> JSONResponse:
    """Accept an article (JSON ninjs, scraped text, HTML) or a batch (NDJSON) for the pipeline."""
    address = request.client.host if request.client else "unknown"
    caller = await run_in_threadpool(_admit, request.headers, address)
    body = await _read_body(request)
    content_type = request.headers.get("content-type", "")
    # Parsing runs in the thread pool too (lxml lets go of the GIL), so /healthz answers during a big body.
    answer, replayed = await run_in_threadpool(_checked_answer, request.app.state.producer, request.headers,
                                               content_type, body, request.state.request_id, caller, address)
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)


def _admit(headers: Any, address: str) -> auth.Caller:
    """Who is calling, and whether their rate allows this request (one trip to the thread pool).

    An address that keeps failing to authenticate is refused (429) before its key is even looked at.
    """
    ratelimit.refuse_failing(address)
    with ratelimit.failures_counted(address):
        caller = auth.identify(headers)
    ratelimit.admit(caller.bucket)
    return caller


def _checked_answer(producer: Celery, headers: Any, content_type: str, body: bytes, request_id: str | None,
                    caller: auth.Caller, address: str) -> tuple[idempotency.Answer, bool]:
    """The signature and the body checked, then the answer: new, or replayed for a repeated Idempotency-Key."""
    with ratelimit.failures_counted(address):
        webhook_id = auth.check_signature(caller, headers, body)
    claim = idempotency.claim_for(caller.name, headers, content_type, body)
    # The worker's own normalisation, run here too: an article it would fail for good is refused now (422).
    submissions = auth.claim(caller, parse(content_type, body, check=normalize))
    # The webhook-id is held only now that signature and body are good, and let go if accepting fails.
    with auth.received_once(caller, webhook_id):
        return idempotency.once(claim, partial(_answer, producer, content_type, submissions, request_id))


def _answer(producer: Celery, content_type: str, submissions: list[Submission], request_id: str | None
            ) -> idempotency.Answer:
    results = _accept_all(producer, content_type, submissions, request_id)
    status = 202 if any(result.created for result in results) else 200
    if content_type.split(";")[0].strip().lower() == "application/x-ndjson":
        return idempotency.Answer(status, {"items": [_item(result) for result in results]})
    return idempotency.Answer(status, _item(results[0]))


def _status(article_id: str) -> dict[str, Any]:
    try:
        article_id = str(uuid.UUID(article_id))
    except ValueError:  # not worth a query: every article id is a UUID
        raise NotFound(f"no article with id {article_id!r}: article ids are UUIDs") from None
    with session_scope() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise NotFound(f"no article with id {article_id}")
        version = session.get(ArticleVersion, article.current_version_id or "")
        versions = session.scalar(select(ArticleVersion.number).where(
            ArticleVersion.article_id == article_id).order_by(ArticleVersion.number.desc()).limit(1))
        result: dict[str, Any] = {
            "id": article.id, "guid": article.guid, "source": article.source, "status": article.status,
            "pubstatus": article.pubstatus, "headline": article.headline, "language": article.language,
            "country_code": article.country_code, "versions": versions or 0, "error": article.error,
            "duplicate_of": article.duplicate_of,
            "created_at": article.created_at.isoformat(),
            "published_at": article.published_at.isoformat() if article.published_at else None,
        }
        if version is not None:
            result |= {"byline": version.byline, "dateline": version.dateline, "summary": version.summary,
                       "body_text": version.body_text, "captions": version.captions,
                       "alternate_urls": version.alternate_urls,
                       "enrichment": version.enrichment.model_dump(mode="json") if version.enrichment else None}
        return result


@router.get("/articles/{article_id}", responses=documented(404))
async def get_article(article_id: str) -> dict[str, Any]:
    """An article's status (received, enriched, published, held, failed) and, once enriched, its enrichment."""
    return await run_in_threadpool(_status, article_id)
