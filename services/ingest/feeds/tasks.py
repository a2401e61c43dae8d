"""The fetch worker (`newsflow worker fetch`): a tick that claims due feeds, and the task that polls one.

The tick runs in the worker's relay loop (every NEWSFLOW_OUTBOX_RELAY_INTERVAL); it only claims and queues,
the state lives in the database (services/ingest/feeds/claims.py).
"""

from __future__ import annotations

from celery import Celery

from shared.celery import create_app, newsflow_task
from shared.db import session_scope
from shared.messages import FeedPollRequested
from shared.outbox import flush
from shared.queues import FETCH_TASK

from .claims import claim_due
from .poll import poll

app = create_app("fetch")


@newsflow_task(app, FETCH_TASK, FeedPollRequested)
def process(message: FeedPollRequested) -> None:
    """Poll one claimed feed (a message whose claim has expired and passed to another poller does nothing)."""
    poll(message.feed_id, app, token=message.token)


def tick(producer: Celery) -> int:
    """Claim the feeds due now and send a poll of each; returns how many."""
    with session_scope() as session:
        events = claim_due(session)
    flush(producer, events)
    return len(events)
