"""``newsflow status --once --json``: what scripts read about the pipeline."""

from __future__ import annotations

import json

import redis
from click.testing import CliRunner

from services.cli import main
from shared.celery import create_app
from shared.queues import DELIVER_TASK, ENRICH_TASK


def test_status_json_reports_the_queue_depths_redis_shows(pg_redis: dict[str, str]) -> None:
    # Given 7 messages waiting in the enrich queue and 3 in the deliver queue, and no worker
    app = create_app("test")
    for n in range(7):
        app.send_task(ENRICH_TASK, kwargs={"message": {"n": n}}, queue="enrich")
    for n in range(3):
        app.send_task(DELIVER_TASK, kwargs={"message": {"n": n}}, queue="deliver")
    client = redis.Redis.from_url(pg_redis["NEWSFLOW_BROKER_URL"])
    shown_by_redis = {queue: client.llen(queue) for queue in ("ingest", "enrich", "publish", "deliver", "fetch")}

    # When a script asks for the status
    result = CliRunner().invoke(main, ["status", "--once", "--json"])

    # Then it reports exactly what Redis holds
    assert result.exit_code == 0, result.output
    state = json.loads(result.stdout)
    assert shown_by_redis == {"ingest": 0, "enrich": 7, "publish": 0, "deliver": 3, "fetch": 0}
    assert state["queues"] == shown_by_redis
    assert state["errors"] == {} and state["dead_letters"] == {} and state["outbox"]["pending"] == 0


def test_status_names_the_part_it_cannot_read_and_exits_1(configure, pg_database: str) -> None:
    configure(database_url=pg_database, broker_url="redis://127.0.0.1:1/0")
    result = CliRunner().invoke(main, ["status", "--once", "--json"])
    state = json.loads(result.stdout)
    assert result.exit_code == 1
    assert state["queues"] is None and "broker" in state["errors"]
    assert state["articles"] == {}  # the database part is still read
