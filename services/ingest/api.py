"""The ingest HTTP surface: POST articles in four formats, read an article's status and enrichment."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.http_errors import documented, within_deadline
from services.ingest import posting, ratelimit
from shared import known
from shared.db import session_scope
from shared.errors import NotFound, PayloadTooLarge
from shared.links import feed_url
from shared.models import Article, ArticleVersion, FeedItem
from shared.settings import get_settings

router = APIRouter(prefix="/v1", tags=["articles"])

# The JSON body the POST reads: an IPTC ninjs document (the fields newsflow uses; other ninjs fields are allowed),
# or newsflow's flat form with body_text / body_html. Published under components.schemas (see ``openapi_components``).
NINJS_ARTICLE: dict[str, Any] = {
    "type": "object",
    "title": "NinjsArticle",
    "description": "An IPTC ninjs document (2.x names; 1.x `body_text`/`body_html` and 3.x-style lists read too). "
                   "Either `bodies`/`headlines` lists or the flat `headline`, `body_text`, `body_html`.",
    "properties": {
        "uri": {"type": "string", "maxLength": 500}, "guid": {"type": "string", "maxLength": 500},
        "source": {"type": "string", "maxLength": 200}, "headline": {"type": "string"},
        "headlines": {"type": "array", "items": {"type": "object", "properties": {
            "value": {"type": "string"}, "role": {"type": "string"}, "contenttype": {"type": "string"}}}},
        "body_text": {"type": "string"}, "body_html": {"type": "string"},
        "bodies": {"type": "array", "items": {"type": "object", "properties": {
            "value": {"type": "string"}, "role": {"type": "string"}, "contenttype": {"type": "string"}}}},
        "byline": {"type": "string", "maxLength": 2000}, "by": {"type": "string"},
        "versioncreated": {"type": "string", "format": "date-time"},
        "firstcreated": {"type": "string", "format": "date-time"},
        "language": {"type": "string", "example": "en"},
        "located": {"type": "string", "maxLength": 200, "example": "Manila, Philippines"},
        "pubstatus": {"type": "string", "enum": ["usable", "withheld", "canceled"]},
    },
}


def openapi_components() -> dict[str, Any]:
    """The schemas the POST's request body refers to, for the application's OpenAPI document."""
    return {"NinjsArticle": NINJS_ARTICLE, "AcceptedArticle": ACCEPTED_ITEM}


# What a POST answers when it accepted: one item per article (a JSON, text or HTML body), or ``items`` (NDJSON).
ACCEPTED_ITEM: dict[str, Any] = {
    "type": "object",
    "required": ["id", "status_url", "duplicate", "duplicate_of"],
    "properties": {
        "id": {"type": "string", "format": "uuid", "description": "The article's id"},
        "status_url": {"type": "string", "description": "Where to follow it: GET /v1/articles/{id}"},
        "duplicate": {"type": "boolean", "description": "A repeat of what this source already sent: nothing new"},
        "duplicate_of": {"type": ["string", "null"], "format": "uuid",
                         "description": "Another source's article with the same text, if any"},
    },
}
ACCEPTED_ANSWER: dict[str, Any] = {"oneOf": [
    {"$ref": "#/components/schemas/AcceptedArticle"},
    {"type": "object", "required": ["items"], "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/AcceptedArticle"}}}},
]}
POST_RESPONSES: dict[int | str, dict[str, Any]] = {**{
    202: {"description": "Accepted: at least one article is new to newsflow (NDJSON: one item per line, in order)",
          "content": {"application/json": {"schema": ACCEPTED_ANSWER}}},
    200: {"description": "A repeat of what was accepted already: the same ids, nothing new",
          "content": {"application/json": {"schema": ACCEPTED_ANSWER}},
          "headers": {"Idempotent-Replayed": {"description": "true when this is the stored answer to an earlier "
                                                             "request with the same Idempotency-Key",
                                              "schema": {"type": "string", "enum": ["true"]}}}},
}, **documented(400, 401, 403, 409, 413, 415, 422, 429, 503)}

def _header(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": False, "description": description,
            "schema": {"type": "string", **schema}}


# The headers the POST reads (from the request itself, so FastAPI cannot list them): each may be sent once.
POST_HEADERS = [
    _header("Authorization", "'Bearer <key>': the source's API key (declared as the security scheme sourceKey)"),
    _header("Idempotency-Key", "Send the request again under the same key and get the first answer again, with "
                               "nothing done twice; 409 while the first is still running", maxLength=255),
    _header("Content-Encoding", "gzip, or none: the body's compression", enum=["gzip", "x-gzip", "identity"]),
    _header("webhook-id", "Standard Webhooks: the message id (required with a signing secret; a replay is 409)",
            maxLength=255),
    _header("webhook-timestamp", "Standard Webhooks: seconds since 1970 (within 5 minutes of our clock)",
            pattern="^[0-9]+$"),
    _header("webhook-signature", "Standard Webhooks: 'v1,<base64 HMAC-SHA256>', several separated by spaces. "
                                 "The signed content is '<webhook-id>.<webhook-timestamp>.<body>' where body is the "
                                 "body as decoded: with Content-Encoding gzip, the decompressed bytes"),
    _header("X-Request-ID", "Your id for this request (its first 64 characters): logged with it, echoed back, "
                            "carried with the article"),
]

ACCEPTED_TYPES = {
    "application/json": {"schema": {"$ref": "#/components/schemas/NinjsArticle"}},
    "text/plain": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
}


async def _read_body(request: Request) -> bytes:
    """The body as sent (compressed or not), under the body limit."""
    limit = get_settings().max_body_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge("body", f"{declared} bytes is over the limit of {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge("body", f"over the limit of {limit} bytes")
    return bytes(body)


@router.post(
    "/articles",
    status_code=202,
    openapi_extra={"requestBody": {"required": True, "content": ACCEPTED_TYPES}, "parameters": POST_HEADERS},
    responses=POST_RESPONSES,
)
async def post_article(request: Request) -> JSONResponse:
    """Accept an article (JSON ninjs, scraped text, HTML) or a batch (NDJSON) for the pipeline."""
    address = ratelimit.client_address(request.client.host if request.client else None)
    body = await _read_body(request)
    # One trip to the thread pool for the admission, the transaction and the parsing (lxml lets go of the GIL,
    # so /healthz answers during a big body).
    answer, replayed = await within_deadline(posting.answer, request.app.state.producer, request.headers, body,
                                             address, request.state.request_id)
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    if isinstance(answer.body, dict) and isinstance(answer.body.get("id"), str):
        request.state.article_id = answer.body["id"]  # the request's own log line names the article it made
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)


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
            "duplicate_of": article.duplicate_of, "text_from": _text_from(session, article.id),
            "created_at": article.created_at.isoformat(),
            "published_at": article.published_at.isoformat() if article.published_at else None,
        }
        if version is not None:
            result |= {"byline": version.byline, "dateline": version.dateline, "summary": version.summary,
                       "body_text": version.body_text, "captions": version.captions,
                       "alternate_urls": version.alternate_urls,
                       "enrichment": _enrichment(session, version)}
        return result


def _text_from(session: Session, article_id: str) -> str | None:
    """For an article pulled from a feed: "feed", "page" (full text), or why its page was not used; else None."""
    return session.scalar(select(FeedItem.text_from).where(FeedItem.article_id == article_id,
                                                           FeedItem.text_from.is_not(None))
                          .order_by(FeedItem.id.desc()).limit(1))


def _enrichment(session: Session, version: ArticleVersion) -> dict[str, Any] | None:
    """The version's enrichment, each entity with its id and feed (/feeds/entities/{id}.atom) once stored."""
    if version.enrichment is None:
        return None
    body = version.enrichment.model_dump(mode="json")
    ids = known.entity_ids(session, [version.id]).get(version.id, {})
    for entity in body["entities"]:
        entity_id = ids.get((entity["label"], entity["name"]))
        entity["id"] = entity_id
        entity["feed"] = feed_url("entities", entity_id) if entity_id is not None else None
    return body


@router.get("/articles/{article_id}", responses=documented(404, 503))
async def get_article(article_id: str) -> dict[str, Any]:
    """An article's status (received, enriched, published, held, failed) and, once enriched, its enrichment."""
    return await within_deadline(_status, article_id)
