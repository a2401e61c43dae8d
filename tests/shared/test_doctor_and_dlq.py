"""Stuck work is reported and re-driven; dead letters are listed, retried and discarded."""

from __future__ import annotations

import json
from datetime import timedelta

import redis
from click.testing import CliRunner
from sqlalchemy import update

from services.cli import main
from services.ingest.formats import parse
from services.ingest.store import accept
from shared.db import session_scope
from shared.deadletter import record
from shared.errors import PoisonMessage
from shared.models import Article, OutboxEvent, utcnow

BODY = json.dumps({"guid": "urn:doctor:1", "headline": "Ferry service resumes in Cebu",
                   "body_text": "The ferry service between Cebu and Bohol resumed on Friday."}).encode()


def _stuck_article() -> str:
    """An accepted article whose ingest message was sent long ago and never processed."""
    with session_scope() as session:
        accepted = accept(session, parse("application/json", BODY)[0], "application/json", None)
        long_ago = utcnow() - timedelta(hours=1)
        session.execute(update(Article).values(updated_at=long_ago))
        session.execute(update(OutboxEvent).values(published_at=long_ago, created_at=long_ago))
    return accepted.article_id


def test_doctor_reports_an_article_that_stopped_advancing_and_exits_1(pg_redis: dict[str, str]) -> None:
    article_id = _stuck_article()
    result = CliRunner().invoke(main, ["doctor", "--older-than", "60", "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [(a["id"], a["waiting_for"]) for a in report["stuck_articles"]] == [(article_id, "ingest")]


def test_doctor_redrive_queues_the_next_stage_again(pg_redis: dict[str, str], redis_broker: str) -> None:
    _stuck_article()
    result = CliRunner().invoke(main, ["doctor", "--older-than", "60", "--redrive", "--json"])
    assert json.loads(result.stdout)["redriven"] == 1
    queued = redis.Redis.from_url(redis_broker).lrange("ingest", 0, -1)
    assert [json.loads(m)["headers"]["task"] for m in queued] == ["newsflow.ingest.process"]


def test_a_healthy_pipeline_passes_the_doctor(pg_redis: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["doctor", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["stuck_articles"] == []


def test_a_dead_letter_is_listed_then_retried_onto_its_queue(pg_redis: dict[str, str], redis_broker: str) -> None:
    letter_id = record("newsflow.enrich.process", {"version_id": "v-1"}, PoisonMessage("boom"), "Traceback...")
    listing = CliRunner().invoke(main, ["dlq", "list"])
    assert f"{letter_id}\topen\tnewsflow.enrich.process" in listing.output
    assert "PoisonMessage: boom" in CliRunner().invoke(main, ["dlq", "show", str(letter_id)]).output
    result = CliRunner().invoke(main, ["dlq", "retry", str(letter_id)])
    assert result.exit_code == 0 and "queued 1" in result.output
    queued = redis.Redis.from_url(redis_broker).lrange("enrich", 0, -1)
    assert len(queued) == 1
    after = CliRunner().invoke(main, ["dlq", "list"])
    assert after.stdout == "" and after.stderr.startswith("no open dead letters")


def test_a_discarded_dead_letter_is_closed_without_running(pg_redis: dict[str, str], redis_broker: str) -> None:
    letter_id = record("newsflow.enrich.process", {"version_id": "v-2"}, PoisonMessage("bad"), None)
    assert "discarded 1" in CliRunner().invoke(main, ["dlq", "discard", str(letter_id)]).output
    assert redis.Redis.from_url(redis_broker).llen("enrich") == 0
    assert CliRunner().invoke(main, ["dlq", "show", "999999"]).exit_code != 0


def test_a_stuck_article_shows_in_the_stuck_articles_metric(pg_redis: dict[str, str]) -> None:
    from services.console.collector import PipelineCollector

    def stuck_gauge() -> float:
        family = next(f for f in PipelineCollector().collect() if f.name == "newsflow_stuck_articles")
        return family.samples[0].value

    assert stuck_gauge() == 0
    _stuck_article()
    assert stuck_gauge() == 1
