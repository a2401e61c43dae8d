"""An article that gets through after its message was dead-lettered leaves no open stage dead letter behind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.db import session_scope
from shared.deadletter import record
from shared.models import ArticleStatus, DeadLetter
from shared.queues import DELIVER_TASK, ENRICH_TASK
from tests.ingest.stages import article, enrich_and_publish, ingest, post


@pytest.fixture(params=["pg_redis", "embedded"])
def database(request: pytest.FixtureRequest) -> str:
    """Each test on PostgreSQL and on the embedded SQLite database."""
    request.getfixturevalue(request.param)
    return str(request.param)


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
