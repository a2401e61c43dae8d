"""The publish worker's Celery tasks: announce and fan out to mirrors; carry out one delivery."""

from __future__ import annotations

from celery import Celery

from services.publish import dispatch, websub
from services.publish.store import publish_version
from shared import metrics
from shared.celery import create_app, newsflow_task
from shared.db import session_scope
from shared.messages import DeliveryRequested, PublishRequested
from shared.outbox import flush
from shared.queues import DELIVER_TASK, PUBLISH_TASK

app = create_app("publish")


@newsflow_task(app, PUBLISH_TASK, PublishRequested)
def process(message: PublishRequested) -> None:
    """Announce one article version and queue one delivery per mirror."""
    with session_scope() as session:
        events = publish_version(session, message.version_id)
        feeds = websub.topics(session, message.version_id) if events and websub.enabled() else []
    flush(app, events)
    metrics.articles_published(1 if events else 0)
    websub.ping(feeds)  # after the commit, so the hub's fetch sees the new entry


@newsflow_task(app, DELIVER_TASK, DeliveryRequested)
def deliver(message: DeliveryRequested) -> None:
    """One attempt at one delivery; failures are recorded and rescheduled, not raised."""
    with session_scope() as session:
        request = dispatch.prepare(session, message.delivery_id)
    if request is None:
        return
    outcome = dispatch.attempt(request)
    with session_scope() as session:
        dispatch.record(session, message.delivery_id, outcome)


def enqueue_due_deliveries(celery_app: Celery) -> None:
    """Relay-loop hook: queue the deliveries whose next attempt is due."""
    with session_scope() as session:
        events = dispatch.enqueue_due(session)
    flush(celery_app, events)
