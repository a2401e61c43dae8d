"""An article that gets through after its message was dead-lettered leaves no open stage dead letter behind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.enrich.store import save_enrichment
from services.publish import tasks
from shared.db import session_scope
from shared.deadletter import record
from shared.messages import PublishRequested
from shared.models import ArticleStatus, ArticleVersion, DeadLetter, OutboxEvent
from shared.queues import DELIVER_TASK, ENRICH_TASK, PUBLISH_TASK
from tests.ingest.stages import EMPTY_ENRICHMENT, article, enrich_and_publish, in_transaction, ingest, post


@pytest.fixture(params=["pg_redis", "embedded"])
def database(request: pytest.FixtureRequest) -> str:
    """Each test on PostgreSQL and on the embedded SQLite database."""
    request.getfixturevalue(request.param)
    return str(request.param)


def _announcements() -> list[int]:
    with session_scope() as session:
        return list(session.scalars(select(OutboxEvent.id).where(OutboxEvent.kind == "announce")))


def _dead_letter(task_name: str, article_id: str) -> None:
    record(task_name, {"version_id": "x"}, RuntimeError("worker killed holding it"), None, article_id=article_id)


def test_a_dead_lettered_stage_is_settled_when_the_article_is_published_after_all(database: str) -> None:
    """Given an article whose enrich message was dead-lettered (the article marked failed) and a mirror's failed
    delivery of it, when the article is re-driven and published, then the stage dead letter is resolved and the
    error cleared; the mirror's dead letter stays open for the operator."""
    accepted = post("urn:wire-a:settle", "Harbour reopens", "The harbour reopened on Monday after repairs, "
                    "officials said.")
    version_id = ingest(accepted)
    _dead_letter(ENRICH_TASK, accepted.article_id)
    _dead_letter(DELIVER_TASK, accepted.article_id)
    with session_scope() as session:
        assert article(session, accepted.article_id).status == ArticleStatus.FAILED

    enrich_and_publish(version_id)

    with session_scope() as session:
        published = article(session, accepted.article_id)
        assert published.status == ArticleStatus.PUBLISHED and published.error is None
        open_letters = session.scalars(select(DeadLetter.task_name).where(
            DeadLetter.article_id == accepted.article_id, DeadLetter.resolved_at.is_(None))).all()
    assert open_letters == [DELIVER_TASK]


def test_a_batch_publishes_each_article_once_and_settles_each_ones_dead_letters(database: str) -> None:
    """Given three enriched articles, two with a dead-lettered stage, published by one run of the publish task
    over all three (a batch: their articles locked together, their dead letters settled in one statement), then
    each is published and announced once and its stage dead letters are resolved; running the same batch again
    (a redelivered message) announces nothing more."""
    versions, ids = [], []
    for n in range(3):
        accepted = post(f"urn:wire-a:batch-{n}", f"Harbour {n} reopens", f"Harbour {n} reopened on Monday.")
        version_id = ingest(accepted)
        in_transaction(save_enrichment, version_id, EMPTY_ENRICHMENT)
        versions.append(version_id)
        ids.append(accepted.article_id)
    _dead_letter(ENRICH_TASK, ids[0])
    _dead_letter(PUBLISH_TASK, ids[2])

    tasks.process(message=PublishRequested.of(versions).model_dump(mode="json"))
    announced = _announcements()
    tasks.process(message=PublishRequested.of(versions).model_dump(mode="json"))
    assert len(announced) == 3 and _announcements() == announced

    with session_scope() as session:
        for article_id, version_id in zip(ids, versions, strict=True):
            assert article(session, article_id).status == ArticleStatus.PUBLISHED
            assert article(session, article_id).error is None
            assert session.get_one(ArticleVersion, version_id).event == "published"
        open_letters = session.scalars(select(DeadLetter.article_id).where(
            DeadLetter.article_id.in_(ids), DeadLetter.resolved_at.is_(None))).all()
    assert open_letters == []
