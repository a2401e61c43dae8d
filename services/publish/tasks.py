"""The publish service's Celery tasks: announce and fan out to mirrors (publish worker); carry out one
delivery (deliver worker, its own queue and pool)."""

from __future__ import annotations

from celery import Celery

from services.publish import admission, dispatch, websub
from services.publish.breaker import counts
from services.publish.store import active_mirrors, lock_batch, publish_version, settle_dead_letters
from shared import metrics
from shared.celery import create_app, newsflow_stage_task, newsflow_task
from shared.db import session_scope
from shared.messages import DeliveryRequested, PublishRequested
from shared.models import utcnow
from shared.outbox import flush
from shared.queues import DELIVER_TASK, PUBLISH_TASK

app = create_app("publish")


@newsflow_stage_task(app, PUBLISH_TASK, PublishRequested)
def process(version_ids: list[str]) -> None:
    """Announce article versions (one, or a batch when they wait) and queue one delivery per mirror, in one
    transaction; each version is still announced in a message of its own."""
    events, feeds, published = [], [], 0
    with session_scope() as session:
        mirrors = active_mirrors(session)
        # A batch's articles locked and its versions read in one statement each, its dead letters settled in
        # one; a lone version takes the same path.
        locked = lock_batch(session, version_ids)
        announced_articles: list[str] = []
        # An id that names no version comes last and fails as it would alone (publish_version reads it).
        for version_id in [*locked, *(i for i in dict.fromkeys(version_ids) if i not in locked)]:
            announced = publish_version(session, version_id, mirrors, article=locked.get(version_id), settle=False)
            if announced and websub.enabled():
                feeds += websub.topics(session, version_id)
            if announced:
                announced_articles.append(locked[version_id].id)
            events += announced
            published += bool(announced)
        settle_dead_letters(session, announced_articles, utcnow())
    flush(app, events)
    metrics.articles_published(published)
    websub.ping(list(dict.fromkeys(feeds)))  # after the commit, so the hub's fetch sees the new entries


@newsflow_task(app, DELIVER_TASK, DeliveryRequested)
def deliver(message: DeliveryRequested) -> None:
    """One attempt at one delivery, if its mirror is not parked or at its cap (then it is deferred);
    failures are recorded and rescheduled, not raised."""
    with session_scope() as session:
        request = dispatch.prepare(session, message.delivery_id)
    if request is None:
        return
    with session_scope() as session:
        lease = admission.admit(session, request.delivery_id, request.mirror_id)
    if lease is None:
        return
    outcome = dispatch.attempt(request)
    with session_scope() as session:
        dispatch.record(session, message.delivery_id, outcome)
        admission.settle(session, request.mirror_id, lease, outcome.ok, counts(outcome.ok, outcome.permanent))


def enqueue_due_deliveries(celery_app: Celery) -> None:
    """Relay-loop hook: queue the deliveries whose next attempt is due."""
    with session_scope() as session:
        events = dispatch.enqueue_due(session)
    flush(celery_app, events)
