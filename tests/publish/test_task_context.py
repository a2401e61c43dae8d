"""The task decorator binds the article and the request once per task; a dead letter gets the article passed."""

from __future__ import annotations

from sqlalchemy import JSON, select, type_coerce, update
from structlog.contextvars import merge_contextvars
from structlog.testing import capture_logs

from services.enrich.store import save_enrichment
from services.ingest.formats.submission import build
from services.ingest.store import accept
from services.publish.tasks import deliver, process
from shared.db import session_scope
from shared.models import ArticleStatus, ArticleVersion, DeadLetter, Delivery
from shared.queues import PUBLISH_TASK
from tests.ingest.stages import EMPTY_ENRICHMENT, add_mirror, article, in_transaction, ingest

REQUEST_ID = "req-ctx-1"


def _enriched(guid: str) -> tuple[str, str]:
    """An article accepted under REQUEST_ID, ingested and enriched: (article id, version id)."""
    parsed = build(format="ninjs", guid=guid, source="wire-a", headline="Bridge closes for repairs",
                   body_text="The old bridge closed on Tuesday for two weeks of repairs, the council said.")
    accepted = in_transaction(accept, parsed, "application/json", REQUEST_ID)
    version_id = ingest(accepted)
    in_transaction(save_enrichment, version_id, EMPTY_ENRICHMENT)
    return accepted.article_id, version_id


def test_a_failed_publish_task_marks_its_article_failed_with_its_dead_letter(database) -> None:  # type: ignore[no-untyped-def]
    """Given an enriched version whose stored enrichment cannot be announced, when the publish task runs, then the
    article is failed and its dead letter names it, and the task's done event carries the article id."""
    article_id, version_id = _enriched("urn:ctx:fail")
    with session_scope() as session:
        session.execute(update(ArticleVersion).where(ArticleVersion.id == version_id)
                        .values(enrichment=type_coerce({"places": [{"bogus": True}], "entities": []}, JSON)))

    with capture_logs(processors=[merge_contextvars]) as logs:
        process({"version_id": version_id})

    with session_scope() as session:
        failed = article(session, article_id)
        letters = session.scalars(select(DeadLetter).where(DeadLetter.task_name == PUBLISH_TASK)).all()
        assert failed.status == ArticleStatus.FAILED and failed.error
        # the message as a single-id stage message (v1), the form every dead letter of a stage takes
        assert [(letter.article_id, letter.payload) for letter in letters] == [
            (article_id, {"v": 1, "version_id": version_id})]
    finished = [line for line in logs if line["event"] == "task.finished"]
    assert [(line["outcome"], line.get("article_id")) for line in finished] == [("dead_letter", article_id)]


def test_every_log_line_of_the_publish_stage_carries_the_article_and_request(database) -> None:  # type: ignore[no-untyped-def]
    """Given an enriched article and a mirror, when the publish and deliver tasks run, then each of their log
    lines names the article and the request that brought it."""
    add_mirror()
    article_id, version_id = _enriched("urn:ctx:ok")

    with capture_logs(processors=[merge_contextvars]) as logs:
        process({"version_id": version_id})
        with session_scope() as session:
            delivery_id = session.scalars(select(Delivery.id).where(Delivery.article_id == article_id)).one()
        deliver({"delivery_id": delivery_id})

    assert {line["event"] for line in logs} >= {"task.finished", "delivery.attempted"}, logs
    assert [line for line in logs if (line.get("article_id"), line.get("request_id")) != (article_id, REQUEST_ID)] == []


def test_a_direct_call_works_only_its_own_message_and_takes_nothing_from_the_queue(database) -> None:  # type: ignore[no-untyped-def]
    """Batches are a worker's: a stage task called directly (a script, a test) never takes the queue's messages,
    so another message waiting there (here, one naming no version) neither joins nor fails its work."""
    import redis

    from shared.celery import create_app

    article_id, version_id = _enriched("urn:ctx:direct")
    create_app("test").send_task(PUBLISH_TASK, kwargs={"message": {"version_id": "no-such-version"}}, queue="publish")
    process({"version_id": version_id})
    with session_scope() as session:
        assert article(session, article_id).status == ArticleStatus.PUBLISHED
    assert redis.Redis.from_url(database["NEWSFLOW_BROKER_URL"]).llen("publish") == 1
