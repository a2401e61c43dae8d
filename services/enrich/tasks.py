"""The enrich worker's Celery task: article version → people, organisations, places → publish queue."""

from __future__ import annotations

import structlog

from services.enrich.pipeline import get_enricher
from services.enrich.store import enrichment_text, reusable_enrichment, save_enrichment
from shared import metrics
from shared.celery import create_app, newsflow_task
from shared.db import session_scope
from shared.messages import EnrichRequested
from shared.models import ArticleVersion
from shared.outbox import flush
from shared.queues import ENRICH_TASK

app = create_app("enrich")


@newsflow_task(app, ENRICH_TASK, EnrichRequested)
def process(message: EnrichRequested) -> None:
    """Enrich one article version; the model runs outside any database transaction."""
    with session_scope() as session:
        version = session.get_one(ArticleVersion, message.version_id)
        if version.enriched_at is not None:
            return
        text, located = enrichment_text(version), version.located
        # Another source's copy of a text already enriched: its places and entities, without the model.
        reused = reusable_enrichment(session, version)
    enrichment = reused if reused is not None else get_enricher().enrich([text], [located])[0]
    structlog.contextvars.bind_contextvars(enrichment_reused=reused is not None)
    with session_scope() as session:
        events = save_enrichment(session, message.version_id, enrichment)
    flush(app, events)
    metrics.articles_enriched(1 if events else 0)
