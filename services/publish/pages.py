"""GET /articles/{id}: a published article as a web page, public like the feeds.

A browser asking for an unknown article gets a page saying so (404); any other client gets the one JSON
error body. A withdrawn article answers 410 Gone with a notice, and a held or unpublished one is not found.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from services.http_errors import documented
from services.publish import page
from shared import known
from shared.db import session_scope
from shared.errors import NotFound
from shared.links import page_url
from shared.models import Article, ArticleVersion

router = APIRouter(tags=["pages"])
HEADERS = {"Content-Security-Policy": page.CONTENT_SECURITY_POLICY, "Cache-Control": "public, max-age=30"}


def _render(article_id: str) -> tuple[int, str]:
    """The status and HTML of the article's page; NotFound when nothing public has that id."""
    try:
        article_id = str(uuid.UUID(article_id))
    except ValueError:
        raise NotFound(f"no article with id {article_id!r}: article ids are UUIDs") from None
    with session_scope() as session:
        article = session.get(Article, article_id)
        if article is None or article.published_at is None or article.pubstatus == "withheld":
            raise NotFound(f"no published article with id {article_id}")
        if article.pubstatus == "canceled":
            return 410, page.notice("Article withdrawn", "Its source withdrew this article.")
        version = session.get_one(ArticleVersion, article.current_version_id)
        entity_ids = known.entity_ids(session, [version.id]).get(version.id, {})
        return 200, page.render(article, version, page_url(article.id), entity_ids)


@router.get("/articles/{article_id}", response_class=HTMLResponse,
            responses=documented(404) | {410: {"description": "The source withdrew the article"}})
async def article_page(request: Request, article_id: str) -> HTMLResponse:
    """A published article as a web page: its text, a map of its places, places and entities linked to their feeds."""
    try:
        status, body = await run_in_threadpool(_render, article_id)
    except NotFound as exc:
        if "text/html" not in request.headers.get("accept", ""):
            raise  # the one JSON error body
        status, body = 404, page.notice("No such article", str(exc))
    return HTMLResponse(body, status_code=status, headers=HEADERS)
