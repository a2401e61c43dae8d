"""The ingest worker's Celery task: submission → normalised article version → enrich queue."""

from __future__ import annotations

from services.ingest.store import ingest_submission
from shared.celery import create_app, newsflow_task
from shared.db import session_scope
from shared.messages import IngestRequested
from shared.outbox import flush
from shared.queues import INGEST_TASK

app = create_app("ingest")


@newsflow_task(app, INGEST_TASK, IngestRequested)
def process(message: IngestRequested) -> None:
    """Normalise one submission and hand it to enrichment."""
    with session_scope() as session:
        events = ingest_submission(session, message.submission_id)
    flush(app, events)
