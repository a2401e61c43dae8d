"""Publishing downstream systems can trust, with real processes on PostgreSQL + Redis (issue 4, "Done means").

One stack serves the module (starting the workers is the slow part); every test registers its own
mirrors through the admin API and posts its own articles, so none depends on another.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import httpx
import jsonschema
import pytest
import redis
import sqlalchemy as sa

from shared.db import reset_engine, upgrade
from shared.settings import get_settings
from shared.signing import verify
from tests.conftest import GAZETTEER, PG_ADMIN_URL, REDIS_URL
from tests.e2e.stack import RecordingMirror, Stack, delivered_article, drain, interruptible, wait_for

pytestmark = pytest.mark.e2e

ADMIN = {"authorization": "Bearer e2e-admin-key"}
SECRET = "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="
TAP_QUEUE = "e2e.publishing.tap"
ROOT = Path(__file__).resolve().parents[2]
ANNOUNCEMENT_SCHEMA = json.loads((ROOT / "shared/schemas/article-announcement.v1.json").read_text())
KYIV_TEXT = ("Kyiv city council approved a larger budget for public transport on Tuesday. The mayor of Kyiv said "
             "trams in the Ukrainian capital would run later at night from next month.")
MANILA_TEXT = ("The port authority in Manila said on Monday that ferry traffic across Manila Bay rose sharply "
               "this year. Officials in Manila expect the new terminal to open before the rainy season.")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Given the API and the three workers on a fresh database, fast retries and a queue tapping the exchange."""
    name = f"newsflow_t_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    database_url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {"NEWSFLOW_DATABASE_URL": database_url, "NEWSFLOW_BROKER_URL": REDIS_URL,
           "NEWSFLOW_VAR_DIR": str(tmp_path_factory.mktemp("var")), "NEWSFLOW_GAZETTEER_PATH": str(GAZETTEER),
           "NEWSFLOW_LOG_FORMAT": "json", "NEWSFLOW_OUTBOUND_ALLOWLIST": "127.0.0.1",
           "NEWSFLOW_ADMIN_KEY": "e2e-admin-key", "NEWSFLOW_DELIVERY_SCHEDULE": "0,0.2,0.2,0.2",
           "NEWSFLOW_OUTBOX_RELAY_INTERVAL": "0.2", "NEWSFLOW_EXCHANGE_SUBSCRIPTIONS": f"{TAP_QUEUE}=article.#"}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        get_settings.cache_clear()
        reset_engine()
        upgrade(database_url)
        running = Stack(env, tmp_path_factory.mktemp("logs"))
        try:
            yield running.start()
        finally:
            running.stop()
            get_settings.cache_clear()
            reset_engine()
            redis.Redis.from_url(REDIS_URL).flushdb()
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture()
def mirrors(stack: Stack) -> Iterator[Callable[..., tuple[str, RecordingMirror]]]:
    """Register recording mirrors through the admin API; they are closed and retired afterwards."""
    made: list[tuple[str, RecordingMirror]] = []

    def make(script: tuple[int, ...] = (), then: int = 200) -> tuple[str, RecordingMirror]:
        mirror = RecordingMirror(script, then)
        name = f"mirror-{uuid.uuid4().hex[:8]}"
        answer = httpx.post(f"{stack.base}/v1/mirrors", headers=ADMIN,
                            json={"name": name, "url": mirror.url, "secret": SECRET})
        assert answer.status_code == 201, answer.text
        made.append((name, mirror))
        return name, mirror

    yield make
    for name, mirror in made:
        httpx.delete(f"{stack.base}/v1/mirrors/{name}", headers=ADMIN)
        mirror.close()


def _post(stack: Stack, guid: str, headline: str, text: str, minutes: int = 0, **extra: str) -> str:
    """POST one ninjs article; returns its id."""
    moment = datetime(2024, 5, 1, 9, tzinfo=UTC) + timedelta(minutes=minutes)
    body = {"guid": guid, "headline": headline, "body_text": text, "language": "en",
            "versioncreated": moment.isoformat()} | extra
    answer = httpx.post(f"{stack.base}/v1/articles", json=body, timeout=30)
    assert answer.status_code in (200, 202), answer.text
    return answer.json()["id"]


def _deliveries(stack: Stack, mirror: str, article_id: str) -> list[dict]:
    answer = httpx.get(f"{stack.base}/v1/deliveries", params={"mirror": mirror}, headers=ADMIN)
    return [d for d in answer.json()["deliveries"] if d["article_id"] == article_id]


def _pushes(mirror: RecordingMirror, article_id: str) -> list[dict]:
    return [push for push in list(mirror.received) if delivered_article(push["body"]) == article_id]


def test_a_mirror_failing_twice_gets_one_verified_delivery_on_the_third_try_and_delays_no_other(
        stack, mirrors) -> None:  # type: ignore[no-untyped-def]
    # Given a mirror that answers 503 twice, then 200, and a healthy one
    flaky, flaky_site = mirrors(script=(503, 503))
    healthy, healthy_site = mirrors()
    # When an article is published
    article_id = _post(stack, f"flaky-{uuid.uuid4()}", "Kyiv trams run late", KYIV_TEXT)
    done = wait_for(lambda: [d for d in _deliveries(stack, flaky, article_id) if d["state"] == "delivered"], 60)
    # Then the flaky mirror has exactly one delivery, delivered on the third attempt
    assert [(d["state"], d["attempts"]) for d in done] == [("delivered", 3)], stack.logs()
    assert len(_deliveries(stack, flaky, article_id)) == 1
    pushes = _pushes(flaky_site, article_id)
    assert [push["status"] for push in pushes] == [503, 503, 200]
    assert len({push["headers"]["webhook-id"] for push in pushes}) == 1, "one idempotency key across retries"
    verify(SECRET, pushes[-1]["headers"], pushes[-1]["body"])
    # And the healthy mirror had its copy before the flaky one's first retry
    [healthy_push] = _pushes(healthy_site, article_id)
    assert healthy_push["at"] < pushes[1]["at"]
    assert [d["state"] for d in _deliveries(stack, healthy, article_id)] == ["delivered"]


def test_a_mirror_answering_410_is_disabled(stack, mirrors) -> None:  # type: ignore[no-untyped-def]
    gone, site = mirrors(then=410)
    article_id = _post(stack, f"gone-{uuid.uuid4()}", "Kyiv bridge closes", KYIV_TEXT)

    def state() -> str | None:
        listed = httpx.get(f"{stack.base}/v1/mirrors", headers=ADMIN).json()["mirrors"]
        found = [m["state"] for m in listed if m["name"] == gone]
        return found[0] if found and found[0] == "disabled" else None

    assert wait_for(state, 60) == "disabled", stack.logs()
    [delivery] = _deliveries(stack, gone, article_id)
    assert (delivery["state"], delivery["attempts"], delivery["last_status"]) == ("dead", 1, 410)
    assert len(_pushes(site, article_id)) == 1


def test_a_dead_lettered_delivery_is_replayed_by_newsflow_deliveries_retry(stack, mirrors) -> None:  # type: ignore[no-untyped-def]
    # Given a mirror that is down for the whole retry schedule
    down, site = mirrors(then=503)
    article_id = _post(stack, f"dead-{uuid.uuid4()}", "Kyiv museum reopens", KYIV_TEXT)
    dead = wait_for(lambda: [d for d in _deliveries(stack, down, article_id) if d["state"] == "dead"], 60)
    assert dead and dead[0]["attempts"] == 4, stack.logs()
    # When the mirror is fixed and the operator replays the delivery
    site.then = 200
    result = subprocess.run([sys.executable, "-m", "services.cli", "deliveries", "retry", dead[0]["id"]],
                            env=stack.env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # Then it is delivered, signed as before
    assert wait_for(lambda: [d for d in _deliveries(stack, down, article_id) if d["state"] == "delivered"], 30)
    last = _pushes(site, article_id)[-1]
    assert last["status"] == 200 and last["headers"]["webhook-id"] == dead[0]["id"]
    verify(SECRET, last["headers"], last["body"])


def _tap(broker_url: str) -> list[tuple[str, dict]]:
    """Drain the queue that taps every announcement: (routing key, body) pairs."""
    return drain(broker_url, TAP_QUEUE)


def _feed_ids(stack: Stack) -> dict[str, list[str]]:
    ids = {fmt: [e.id for e in feedparser.parse(httpx.get(f"{stack.base}/feeds/all.{fmt}").content).entries]
           for fmt in ("atom", "rss")}
    ids["json"] = [item["id"] for item in httpx.get(f"{stack.base}/feeds/all.json").json()["items"]]
    return ids


def test_updating_and_cancelling_reach_the_mirror_the_feeds_and_the_exchange(stack, mirrors) -> None:  # type: ignore[no-untyped-def]
    _, site = mirrors()
    guid = f"story-{uuid.uuid4()}"
    tapped: list[tuple[str, dict]] = []

    def events() -> list[str]:
        return [push["headers"]["newsflow-event"] for push in _pushes(site, article_id)]

    # Given a published article
    article_id = _post(stack, guid, "Kyiv council meets", KYIV_TEXT)
    stack.wait_status(article_id, "published")
    # When it is updated (same guid, newer versioncreated)
    _post(stack, guid, "Kyiv council approves budget", KYIV_TEXT + " The vote was unanimous.", minutes=5)
    # Then the mirror gets the update and the feeds show the new headline
    assert wait_for(lambda: events() == ["published", "updated"], 60), (events(), stack.logs())
    urn = f"urn:uuid:{article_id}"
    atom = feedparser.parse(httpx.get(f"{stack.base}/feeds/all.atom").content)
    assert [e.title for e in atom.entries if e.id == urn] == ["Kyiv council approves budget"]
    # When it is cancelled
    _post(stack, guid, "Kyiv council approves budget", KYIV_TEXT, minutes=10, pubstatus="canceled")
    # Then the mirror gets a withdrawal and every feed drops the entry
    assert wait_for(lambda: events() == ["published", "updated", "withdrawn"], 60), (events(), stack.logs())
    assert wait_for(lambda: all(urn not in ids for ids in _feed_ids(stack).values()), 10), _feed_ids(stack)
    # And the exchange carried all three events under their routing keys, each valid against the schema
    wait_for(lambda: tapped.extend(_tap(REDIS_URL)) or len([m for m in tapped if m[1]["article"]["id"]
                                                            == article_id]) >= 3, 20)
    for _, body in tapped:
        jsonschema.validate(body, ANNOUNCEMENT_SCHEMA)
    keys = [key for key, body in tapped if body["article"]["id"] == article_id]
    assert keys == ["article.published.en.ua", "article.updated.en.ua", "article.withdrawn.en.ua"]


class Subscriber:
    """``newsflow subscribe PATTERN`` as its own process, its JSON lines collected as they come."""

    def __init__(self, stack: Stack, pattern: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "services.cli", "subscribe", pattern], env=stack.env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     preexec_fn=interruptible)
        assert self.proc.stderr is not None and "listening on" in self.proc.stderr.readline()
        self.lines: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(json.loads(line))

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(30)


def test_a_subscriber_bound_to_ukraine_gets_exactly_the_ukrainian_articles(stack) -> None:  # type: ignore[no-untyped-def]
    # Given a subscriber bound to article.*.*.ua
    subscriber = Subscriber(stack, "article.*.*.ua")
    try:
        # When one article about Kyiv and one about Manila are published
        manila = _post(stack, f"manila-{uuid.uuid4()}", "Manila ferry traffic rises", MANILA_TEXT)
        kyiv = _post(stack, f"kyiv-{uuid.uuid4()}", "Kyiv trams to run later", KYIV_TEXT)
        assert stack.wait_status(manila, "published")["country_code"] == "PH"
        assert stack.wait_status(kyiv, "published")["country_code"] == "UA"
        # Then the subscriber prints the Kyiv one, and (the Manila one was announced too) nothing else
        assert wait_for(lambda: subscriber.lines, 60), stack.logs()
        assert wait_for(lambda: any(body["article"]["id"] == manila for _, body in _tap(REDIS_URL)), 60)
    finally:
        assert subscriber.stop() == 0
    assert [(line["routing_key"], line["message"]["article"]["id"]) for line in subscriber.lines] == [
        ("article.published.en.ua", kyiv)]
    jsonschema.validate(subscriber.lines[0]["message"], ANNOUNCEMENT_SCHEMA)
