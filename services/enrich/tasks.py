"""The enrich worker's Celery task: article versions → people, organisations, places → publish queue."""

from __future__ import annotations

import structlog
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound

from services.enrich.pipeline import get_enricher
from services.enrich.store import enrichment_text, reusable_enrichment, save_enrichments
from shared import metrics, outbox
from shared.celery import create_app, newsflow_stage_task
from shared.db import session_scope
from shared.enrichment import LONGEST_TEXT, Enrichment
from shared.messages import EnrichRequested
from shared.models import ArticleVersion
from shared.outbox import flush
from shared.queues import ENRICH_TASK

app = create_app("enrich")


def within_budget(texts: dict[str, tuple[str, str | None]]) -> tuple[dict[str, tuple[str, str | None]], list[str]]:
    """The texts one task enriches, at most ``LONGEST_TEXT`` characters in all (the longest single text, which
    enrichment finishes well within its time limit; always at least one), and the ids left for a message of their
    own: a batch of long texts never runs into the time limit."""
    now: dict[str, tuple[str, str | None]] = {}
    later: list[str] = []
    total = 0
    for version_id, (text, located) in texts.items():
        if now and total + len(text) > LONGEST_TEXT:
            later.append(version_id)
            continue
        now[version_id] = (text, located)
        total += len(text)
    return now, later


@newsflow_stage_task(app, ENRICH_TASK, EnrichRequested)
def process(version_ids: list[str]) -> None:
    """Enrich versions (one, or a batch when they wait): the model runs outside any database transaction, over
    every text of the batch at once (spaCy's ``nlp.pipe``)."""
    texts: dict[str, tuple[str, str | None]] = {}
    found: dict[str, Enrichment] = {}
    with session_scope() as session:
        versions = {v.id: v for v in session.scalars(select(ArticleVersion).where(ArticleVersion.id.in_(version_ids)))}
        if missing := [i for i in version_ids if i not in versions]:
            raise NoResultFound(f"article version {missing[0]} does not exist")
        for version_id, version in versions.items():
            if version.enriched_at is not None:
                continue  # a redelivered message
            # Another source's copy of a text already enriched: its places and entities, without the model.
            reused = reusable_enrichment(session, version)
            if reused is not None:
                found[version_id] = reused
            else:
                texts[version_id] = (enrichment_text(version), version.located)
    texts, later = within_budget(texts)
    if texts:
        enriched = get_enricher().enrich([text for text, _ in texts.values()],
                                         [located for _, located in texts.values()])
        found |= dict(zip(texts, enriched, strict=True))
    structlog.contextvars.bind_contextvars(enrichment_reused=len(found) - len(texts), deferred=len(later))
    with session_scope() as session:
        events = save_enrichments(session, list(found.items()))
        if later:  # in the same transaction: the messages that carried them are acknowledged after it
            events.append(outbox.add_task(session, ENRICH_TASK, EnrichRequested.of(later)))
    flush(app, events)
    metrics.articles_enriched(len(found) if events else 0)
