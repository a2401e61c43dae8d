"""The ingest stage may receive one message many times, in any order: each submission becomes one version."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from services.ingest.store import ingest_submission
from shared.db import session_scope
from shared.models import ArticleVersion, OutboxEvent
from shared.queues import ENRICH_TASK
from tests.ingest.stages import concurrently, in_transaction, post

COPIES = 4


def _submissions() -> list[str]:
    """Three articles, the first with a second version: their submission ids."""
    accepted = [post(f"urn:redeliver:{n}", f"Harbour story {n}", f"The harbour number {n} reopened on Monday.")
                for n in range(3)]
    accepted.append(post("urn:redeliver:0", "Harbour story 0", "The harbour number 0 reopened on Monday, "
                         "officials said, after repairs."))
    return [str(a.events[0].payload["submission_id"]) for a in accepted]


def _ingest(submission_id: str) -> None:
    in_transaction(ingest_submission, submission_id)


def _assert_one_version_and_one_enrich_message_each(submissions: list[str]) -> None:
    with session_scope() as session:
        versions = dict(session.execute(select(ArticleVersion.submission_id, func.count())
                                        .group_by(ArticleVersion.submission_id)).all())
        # submissions[0] and [3] are the first article's two
        numbers = sorted(session.scalars(select(ArticleVersion.number).where(
            ArticleVersion.submission_id.in_([submissions[0], submissions[3]]))))
        queued = [event.payload["version_id"] for event in session.scalars(
            select(OutboxEvent).where(OutboxEvent.kind == "task", OutboxEvent.name == ENRICH_TASK))]
        version_ids = set(session.scalars(select(ArticleVersion.id)))
    assert versions == {submission_id: 1 for submission_id in submissions}
    assert numbers == [1, 2]  # the first article's two submissions: versions 1 and 2, no gap, no repeat
    assert sorted(queued) == sorted(version_ids) and len(queued) == len(submissions)


def test_each_submission_ingested_many_times_in_random_order_is_one_version(pg_redis: dict[str, str]) -> None:
    """Given four submissions, when each ingest message is handled four times in a random order, then each is
    one article version with one enrich message."""
    submissions = _submissions()
    messages = submissions * COPIES
    random.shuffle(messages)

    for submission_id in messages:
        _ingest(submission_id)

    _assert_one_version_and_one_enrich_message_each(submissions)


def test_each_submission_ingested_many_times_at_once_is_one_version(pg_redis: dict[str, str]) -> None:
    """The same, with every copy of every message handled at the same moment by its own worker thread."""
    submissions = _submissions()

    concurrently(_ingest, submissions * COPIES)

    _assert_one_version_and_one_enrich_message_each(submissions)
