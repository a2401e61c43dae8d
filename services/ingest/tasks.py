"""The ingest worker's Celery task: submission → normalised article version → enrich queue."""

from __future__ import annotations

from services.ingest.store import ingest_submissions
from shared.celery import create_app, newsflow_stage_task
from shared.db import session_scope
from shared.messages import IngestRequested
from shared.outbox import flush
from shared.queues import INGEST_TASK

app = create_app("ingest")


@newsflow_stage_task(app, INGEST_TASK, IngestRequested)
def process(submission_ids: list[str]) -> None:
    """Normalise submissions (one, or a batch when they wait) and hand them to enrichment in one message."""
    with session_scope() as session:
        events = ingest_submissions(session, submission_ids)
    flush(app, events)
