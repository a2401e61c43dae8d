"""RabbitMQ as the broker: quorum queues, dead letters past the delivery limit, confirms, and the tools.

Each test gets a private vhost on the machine's RabbitMQ (``rabbit_broker``) and its own PostgreSQL database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from kombu import Connection, Exchange, Queue
from sqlalchemy import select

from services.api import create_api, producer_app
from services.cli import main
from services.ingest.ratelimit import LocalBuckets, buckets_for
from shared import rabbit
from shared.celery import create_app
from shared.db import session_scope
from shared.models import Article, ArticleStatus, DeadLetter, OutboxEvent
from shared.outbox import ARTICLES, add_announcement, relay
from shared.queues import ALL_QUEUES, DELIVER_TASK, ENRICH_TASK, INGEST_QUEUE
from shared.settings import get_settings
from tests.e2e.stack import wait_for
from tests.faults.harness import article
from tests.publish.test_subscribe import _announce, _start

pytestmark = pytest.mark.e2e


def _queue_types(url: str) -> dict[str, tuple[str, dict]]:
    """Each queue of the vhost: its type and arguments, as RabbitMQ reports them."""
    vhost = url.rsplit("/", 1)[1]
    out = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", vhost, "name", "type", "arguments",
                          "--formatter", "json"], check=True, capture_output=True, text=True, timeout=120).stdout
    # rabbitmqctl gives arguments as [name, type, value] triples (or, in newer releases, as an object)
    return {q["name"]: (q["type"], q["arguments"] if isinstance(q["arguments"], dict)
                        else {name: value for name, _, value in q["arguments"]}) for q in json.loads(out)}


def test_every_task_queue_is_a_quorum_queue_with_a_delivery_limit_and_a_dead_letter_route(
        pg_rabbitmq: dict[str, str]) -> None:
    # When a worker declares the topology
    rabbit.declare_topology(create_app("test"))
    # Then each stage queue is a quorum queue whose exhausted messages go to the dead-letter exchange
    queues = _queue_types(pg_rabbitmq["NEWSFLOW_BROKER_URL"])
    for name in ALL_QUEUES:
        kind, arguments = queues[name]
        assert kind == "quorum", (name, kind)
        assert arguments["x-delivery-limit"] == get_settings().broker_delivery_limit
        assert arguments["x-dead-letter-exchange"] == "newsflow.dead"
        assert arguments["x-dead-letter-strategy"] == "at-least-once"
    assert queues["newsflow.dead"][0] == "quorum"


def _die_holding(url: str, queue: Queue) -> bool:
    """A consumer takes one message and dies without acknowledging it; False if there was none."""
    with Connection(url) as conn:
        simple = conn.SimpleQueue(queue)
        try:
            simple.get(timeout=5)
        except simple.Empty:
            return False
        return True  # closing the connection without an ack returns the message to the queue


def test_a_message_whose_consumers_keep_dying_ends_in_the_dead_letter_table(
        pg_rabbitmq: dict[str, str], configure, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from services.ingest.formats import parse
    from services.ingest.store import accept

    env = {key.removeprefix("NEWSFLOW_").lower(): value for key, value in pg_rabbitmq.items()}
    configure(**env | {"broker_delivery_limit": "2"})
    app = create_app("test")
    rabbit.declare_topology(app)
    # Given an accepted article whose ingest message is sent
    with session_scope() as session:
        accepted = accept(session, parse("application/json", json.dumps(article(1, "doomed-")).encode())[0],
                          "application/json", None)
    assert relay(app, min_age=0) == 1
    # When every consumer that takes the message dies holding it (an out-of-memory kill, say), past the limit
    queue = next(q for q in rabbit.task_queues(get_settings()) if q.name == INGEST_QUEUE)
    deaths = 0
    while deaths < 10 and _die_holding(pg_rabbitmq["NEWSFLOW_BROKER_URL"], queue):
        deaths += 1
    assert deaths == 3, "RabbitMQ gave the message out limit + 1 times, then dead-lettered it"
    # Then a worker moves it from the dead-letter queue into the dead-letter table, once, and the article is failed
    worker = subprocess.Popen([sys.executable, "-m", "services.cli", "worker", "ingest", "--concurrency", "1"],
                              env=os.environ | {"NEWSFLOW_BROKER_DELIVERY_LIMIT": "2"},
                              stdout=open(tmp_path / "worker.log", "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115
    try:
        def letters() -> list[tuple[str, str | None, str]]:
            with session_scope() as session:
                return [tuple(row) for row in session.execute(
                    select(DeadLetter.task_name, DeadLetter.article_id, DeadLetter.error))]

        found = wait_for(letters, 90, 0.5)
        assert len(found) == 1, (found, (tmp_path / "worker.log").read_text()[-3000:])
        task_name, article_id, error = found[0]
        assert task_name == "newsflow.ingest.process" and article_id == accepted.article_id
        assert error.startswith("DeliveryLimitExceeded:") and "delivered 3 times" in error, error
        with session_scope() as session:
            assert session.get(Article, accepted.article_id).status == ArticleStatus.FAILED  # type: ignore[union-attr]
    finally:
        worker.terminate()
        worker.wait(30)


def test_a_dead_letter_handed_over_twice_is_recorded_once(pg_rabbitmq: dict[str, str]) -> None:
    from shared.deadletter import record_undeliverable

    first = record_undeliverable(ENRICH_TASK, "task-1", {"version_id": "v-1"}, 11)
    again = record_undeliverable(ENRICH_TASK, "task-1", {"version_id": "v-1"}, 11)
    with session_scope() as session:
        assert len(session.scalars(select(DeadLetter)).all()) == 1
    assert first is not None and again is None


def test_the_outbox_marks_an_announcement_sent_only_once_rabbitmq_confirmed_it(pg_rabbitmq: dict[str, str]) -> None:
    url = pg_rabbitmq["NEWSFLOW_BROKER_URL"]
    app = create_app("test")
    # Given a subscriber queue that refuses every message (full at length 0): RabbitMQ nacks the publish
    full = Queue("full-desk", ARTICLES, routing_key="article.#",
                 queue_arguments={"x-max-length": 0, "x-overflow": "reject-publish"})
    with Connection(url) as conn:
        full(conn.default_channel).declare()
    with session_scope() as session:
        event = add_announcement(session, "article.published.en.ph", {"event": "published"})
        session.flush()
        event_id = event.id
    # When the relay sends the announcement
    assert relay(app, ids=[event_id]) == 0
    # Then the event stays unsent, the broker's refusal counted as a failed attempt
    with session_scope() as session:
        event = session.get(OutboxEvent, event_id)
        assert event is not None and event.published_at is None and event.attempts == 1 and event.last_error
    # And once the queue accepts messages again the next relay sends it and marks it
    with Connection(url) as conn:
        full(conn.default_channel).delete()
    assert relay(app, ids=[event_id]) == 1
    with session_scope() as session:
        assert session.get(OutboxEvent, event_id).published_at is not None  # type: ignore[union-attr]


def test_status_reports_the_queue_depths_rabbitmq_counts(pg_rabbitmq: dict[str, str]) -> None:
    # Given 7 messages waiting in the enrich queue and 3 in the deliver queue, and no worker
    app = create_app("test")
    for n in range(7):
        app.send_task(ENRICH_TASK, kwargs={"message": {"n": n}}, queue="enrich")
    for n in range(3):
        app.send_task(DELIVER_TASK, kwargs={"message": {"n": n}}, queue="deliver")
    # When a script asks for the status
    result = CliRunner().invoke(main, ["status", "--once", "--json"])
    # Then it reports them (queues nobody declared yet count 0) and no part it could not read
    assert result.exit_code == 0, result.output
    state = json.loads(result.stdout)
    assert state["queues"] == {"ingest": 0, "enrich": 7, "publish": 0, "deliver": 3, "fetch": 0}
    assert state["errors"] == {}


def test_subscribe_prints_matching_announcements_from_rabbitmq(pg_rabbitmq: dict[str, str]) -> None:
    url = pg_rabbitmq["NEWSFLOW_BROKER_URL"]
    proc = _start(url, "article.*.*.ua", "--max", "2", "--timeout", "60")
    _announce(url, "article.published.en.ph", "article.published.en.ua", "article.updated.uk.ua")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert [json.loads(line)["routing_key"] for line in out.splitlines()] == [
        "article.published.en.ua", "article.updated.uk.ua"]


def test_the_readmes_kombu_consumer_receives_announcements_from_rabbitmq(pg_rabbitmq: dict[str, str]) -> None:
    url = pg_rabbitmq["NEWSFLOW_BROKER_URL"]
    # Given the README's consumer, bound before anything is announced
    articles = Exchange("newsflow.articles", type="topic", durable=True)
    queue = Queue("my-desk", articles, routing_key="article.*.en.ua", durable=True)
    seen: list[tuple[str, str]] = []

    def show(body, message):  # type: ignore[no-untyped-def]
        seen.append((message.delivery_info["routing_key"], body["event"]))
        message.ack()

    with Connection(url) as conn, conn.Consumer(queue, callbacks=[show], accept=["json"]):
        # When the outbox announces two articles, one of them about Ukraine in English
        with session_scope() as session:
            add_announcement(session, "article.published.en.ua", {"event": "published"})
            add_announcement(session, "article.published.en.ph", {"event": "published"})
        assert relay(create_app("test"), min_age=0) == 2
        conn.drain_events(timeout=30)
    # Then the consumer got the Ukrainian one
    assert seen == [("article.published.en.ua", "published")]


@pytest.fixture()
def client(pg_rabbitmq: dict[str, str], configure) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    env = {key.removeprefix("NEWSFLOW_").lower(): value for key, value in pg_rabbitmq.items()}
    configure(**env | {"rate_limit_per_second": "0.01", "rate_limit_burst": "2"})
    producer_app.cache_clear()
    buckets_for.cache_clear()
    with TestClient(create_api(relay=False)) as test_client:
        yield test_client
    producer_app.cache_clear()
    buckets_for.cache_clear()


def test_on_rabbitmq_the_api_is_ready_and_each_process_rate_limits_in_its_own_buckets(client: TestClient) -> None:
    # The API is ready: the database and RabbitMQ answer
    assert client.get("/readyz").json() == {"status": "ready"}
    # Rate-limit buckets live in this process (RabbitMQ holds no counters), and still refuse a burst
    assert isinstance(buckets_for(get_settings().broker_url), LocalBuckets)
    answers = [client.post("/v1/articles", json=article(n, "rl-")).status_code for n in range(3)]
    assert answers == [202, 202, 429]
