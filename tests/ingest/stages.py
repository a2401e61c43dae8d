"""Driving the pipeline's stage functions against a real database, as the workers do, from many threads.

Each call opens its own transaction, as a task does, and transient errors (a lock wait that gave up, a
unique key that caught a race) are retried as the task decorator retries them: anything else fails the test.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.enrich.store import save_enrichment
from services.ingest.formats.submission import build
from services.ingest.store import Acceptance, accept, ingest_submission
from services.publish.store import publish_version
from shared.db import session_scope
from shared.enrichment import Enrichment
from shared.errors import TransientError, translate
from shared.models import Article, ArticleVersion, Delivery, Mirror, OutboxEvent, Submission

T = TypeVar("T")
EMPTY_ENRICHMENT = Enrichment()


def in_transaction(fn: Callable[..., T], *args: Any, attempts: int = 30) -> T:
    """``fn(session, *args)`` in its own transaction, retried on transient errors like a task."""
    for attempt in range(attempts):
        try:
            with session_scope() as session:
                return fn(session, *args)
        except Exception as exc:  # noqa: BLE001 - sorted into transient (retry) and the rest (raise)
            if not isinstance(translate(exc), TransientError) or attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0, 0.05 * (attempt + 1)))
    raise AssertionError("unreachable")


def concurrently(work: Callable[[T], Any], items: Sequence[T]) -> list[Any]:
    """Run ``work`` on every item at once (one thread each, released together), in random order."""
    shuffled = list(items)
    random.shuffle(shuffled)
    start = threading.Barrier(len(shuffled))

    def run(item: T) -> Any:
        start.wait()
        return work(item)

    with ThreadPoolExecutor(len(shuffled)) as pool:
        return list(pool.map(run, shuffled))


def post(guid: str, headline: str, body: str, source: str = "wire-a", **fields: Any) -> Acceptance:
    """Accept one ninjs submission as the API does."""
    parsed = build(format="ninjs", guid=guid, source=source, headline=headline, body_text=body, **fields)
    return in_transaction(accept, parsed, "application/json", None)


def accepted_by_api(article_id: str) -> Acceptance:
    """The article's latest submission (one the HTTP API accepted), as ``accept`` would have answered it."""
    with session_scope() as session:
        submission_id = session.scalar(select(Submission.id).where(Submission.article_id == article_id)
                                       .order_by(Submission.received_at.desc()).limit(1))
    return Acceptance(article_id, True, (OutboxEvent(payload={"submission_id": submission_id}),))


def ingest(acceptance: Acceptance) -> str:
    """Run the ingest stage on an accepted submission; the new version's id."""
    submission_id = acceptance.events[0].payload["submission_id"]
    events = in_transaction(ingest_submission, submission_id)
    return str(events[0].payload["version_id"])


def enrich_and_publish(version_id: str, enrichment: Enrichment | None = None) -> None:
    """The enrich stage's write (a canned enrichment, the model is not what is tested) and the publish stage."""
    if _pubstatus(version_id) != "canceled":  # a kill goes from ingest straight to publish
        in_transaction(save_enrichment, version_id, enrichment or EMPTY_ENRICHMENT)
    in_transaction(publish_version, version_id)


def through_pipeline(acceptance: Acceptance) -> str:
    """Ingest, enrich and publish one accepted submission; its version's id."""
    version_id = ingest(acceptance)
    enrich_and_publish(version_id)
    return version_id


def _pubstatus(version_id: str) -> str:
    with session_scope() as session:
        return session.get_one(ArticleVersion, version_id).pubstatus


def add_mirror(name: str = "mirror-a") -> None:
    with session_scope() as session:
        session.add(Mirror(name=name, url="http://127.0.0.1:9/push", secret="whsec_c2VjcmV0c2VjcmV0c2VjcmV0"))


def announcements(session: Session, article_id: str) -> list[tuple[str, int]]:
    """(event, version number) of every announcement of the article, in the order they were written."""
    rows = session.scalars(select(OutboxEvent).where(OutboxEvent.kind == "announce").order_by(OutboxEvent.id))
    return [(row.payload["event"], row.payload["article"]["version"]) for row in rows
            if row.payload["article"]["id"] == article_id]


def deliveries(session: Session, article_id: str) -> list[tuple[str, int]]:
    """(event, version number) of every delivery of the article, in the order they were made."""
    rows = session.execute(select(Delivery.event, ArticleVersion.number)
                           .join(ArticleVersion, ArticleVersion.id == Delivery.version_id)
                           .where(Delivery.article_id == article_id).order_by(Delivery.created_at))
    return [(event, number) for event, number in rows]


def article(session: Session, article_id: str) -> Article:
    return session.get_one(Article, article_id)
