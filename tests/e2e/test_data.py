"""Data that goes wrong, through real processes on PostgreSQL + Redis: the API and the three workers (ingest on
four threads, publish on eight), a recording mirror and a queue tapping the exchange (issue 10).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator

import httpx
import pytest
import sqlalchemy as sa

from services.ingest.formats.submission import MAX_TEXT
from tests.conftest import REDIS_URL
from tests.e2e import test_publishing as publishing
from tests.e2e.stack import RecordingMirror, Stack, decode, drain, wait_for
from tests.e2e.test_publishing import TAP_QUEUE, _pushes

pytestmark = pytest.mark.e2e

STORM = "Rescue teams reached villages in Leyte cut off by the storm, and {n} families were moved to shelters."


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """This module's own stack, made as test_publishing makes its one."""
    yield from publishing.stack.__wrapped__(tmp_path_factory)


@pytest.fixture()
def mirrors(stack: Stack) -> Iterator[Callable[..., tuple[str, RecordingMirror]]]:
    """Recording mirrors registered through the admin API, retired afterwards."""
    yield from publishing.mirrors.__wrapped__(stack)


def _events(site, article_id: str) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """(event, version) of every delivery the mirror received for the article, in arrival order.

    A delivery sent again (the same webhook-id, as at-least-once allows) counts once, as its receiver counts it.
    """
    seen: dict[str, tuple[str, int]] = {}
    for push in _pushes(site, article_id):
        body = decode(push["body"])
        seen.setdefault(push["headers"]["webhook-id"], (push["headers"]["newsflow-event"], int(body["version"])))
    return list(seen.values())


def _status(stack: Stack, article_id: str) -> dict:
    return httpx.get(f"{stack.base}/v1/articles/{article_id}", timeout=10).json()


def _database_url(stack: Stack) -> str:
    return stack.env["NEWSFLOW_DATABASE_URL"]


@pytest.mark.timeout(900)  # twenty enrichments on a busy machine; the wait below is the real bound
def test_twenty_versions_in_one_batch_are_numbered_once_and_published_once(stack, mirrors) -> None:  # type: ignore[no-untyped-def]
    """Given twenty texts of one guid in one NDJSON batch, in random order, taken by four ingest threads at
    once, then versions 1..20 exist once each; the mirror and the exchange get exactly one published, every
    update after it newer than it, no version twice, and the newest version last in the record."""
    _, site = mirrors()
    lines = [{"guid": "urn:e2e:storm", "headline": f"Storm: {n} families moved", "body_text": STORM.format(n=n),
              "language": "en", "source": "wire-a"} for n in range(20)]
    random.shuffle(lines)
    answer = httpx.post(f"{stack.base}/v1/articles", content="\n".join(json.dumps(line) for line in lines),
                        headers={"content-type": "application/x-ndjson"}, timeout=60)
    assert answer.status_code == 202, answer.text
    article_id = answer.json()["items"][0]["id"]
    assert {item["id"] for item in answer.json()["items"]} == {article_id}

    # Nothing is announced before the newest version is (older ones are superseded): all twenty are enriched first.
    assert wait_for(lambda: any(v == 20 for _, v in _events(site, article_id)), 600), (
        _status(stack, article_id), stack.logs())
    engine = sa.create_engine(_database_url(stack))
    with engine.connect() as conn:
        numbers = sorted(conn.scalars(sa.text("SELECT number FROM article_version WHERE article_id = :a"),
                                      {"a": article_id}))
        recorded = list(conn.execute(sa.text(
            "SELECT event, number FROM article_version WHERE article_id = :a AND event IS NOT NULL "
            "ORDER BY published_at"), {"a": article_id}))
    engine.dispose()
    assert numbers == list(range(1, 21))
    assert [event for event, _ in recorded].count("published") == 1 and recorded[0][0] == "published", recorded
    assert [number for _, number in recorded] == sorted({number for _, number in recorded}), recorded
    assert recorded[-1][1] == 20, recorded
    wait_for(lambda: len(_events(site, article_id)) >= len(recorded), 30)  # older updates may still be on the way
    pushed = _events(site, article_id)
    assert sorted(pushed, key=lambda p: p[1]) == [tuple(row) for row in recorded], (pushed, recorded)
    # An announcement sent again (the relay after a lost mark) is the same (event, version): counted once.
    tapped = {(body["event"], body["article"]["version"]) for _, body in drain(REDIS_URL, TAP_QUEUE)
              if body["article"]["id"] == article_id}
    assert sorted(tapped, key=lambda p: p[1]) == [tuple(row) for row in recorded]


def test_a_kill_notice_repeating_the_text_withdraws_it_everywhere(stack, mirrors) -> None:  # type: ignore[no-untyped-def]
    _, site = mirrors()
    body = {"guid": "urn:e2e:kill", "headline": "Minister resigns", "language": "en",
            "body_text": "The transport minister resigned on Tuesday after the ferry inquiry reported."}
    article_id = httpx.post(f"{stack.base}/v1/articles", json=body, timeout=30).json()["id"]
    stack.wait_status(article_id, "published")

    kill = httpx.post(f"{stack.base}/v1/articles", json=body | {"pubstatus": "canceled"}, timeout=30)

    assert kill.status_code == 202 and kill.json()["id"] == article_id
    assert wait_for(lambda: ("withdrawn", 2) in _events(site, article_id), 60), stack.logs()
    feed = httpx.get(f"{stack.base}/feeds/all.json", timeout=10).json()
    assert f"urn:uuid:{article_id}" not in {item["id"] for item in feed["items"]}
    assert _status(stack, article_id)["pubstatus"] == "canceled"


def test_a_withheld_article_is_held_until_its_usable_version_comes(stack, mirrors) -> None:  # type: ignore[no-untyped-def]
    _, site = mirrors()
    body = {"guid": "urn:e2e:embargo", "headline": "Budget figures", "language": "en",
            "body_text": "The finance ministry will present the budget figures to parliament on Thursday."}
    article_id = httpx.post(f"{stack.base}/v1/articles", json=body | {"pubstatus": "withheld"}, timeout=30).json()["id"]

    held = stack.wait_status(article_id, "held", timeout=120)

    assert held["published_at"] is None and _events(site, article_id) == []
    feed = httpx.get(f"{stack.base}/feeds/all.json", timeout=10).json()
    assert f"urn:uuid:{article_id}" not in {item["id"] for item in feed["items"]}

    release = httpx.post(f"{stack.base}/v1/articles", json=body | {"pubstatus": "usable"}, timeout=30)

    assert release.status_code == 202
    stack.wait_status(article_id, "published", timeout=120)
    assert wait_for(lambda: _events(site, article_id) == [("published", 2)], 60), _events(site, article_id)


def test_another_sources_copy_is_published_as_its_own_article(stack) -> None:  # type: ignore[no-untyped-def]
    body = {"headline": "Airport reopens", "language": "en",
            "body_text": "Mactan-Cebu airport reopened on Wednesday after the runway was repaired."}
    first = httpx.post(f"{stack.base}/v1/articles", json=body | {"source": "wire-a"}, timeout=30).json()
    copy = httpx.post(f"{stack.base}/v1/articles", json=body | {"source": "wire-b"}, timeout=30)

    assert copy.status_code == 202 and copy.json()["id"] != first["id"]
    published = stack.wait_status(copy.json()["id"], "published", timeout=120)
    assert published["duplicate_of"] == first["id"] and published["source"] == "wire-b"
    original = stack.wait_status(first["id"], "published", timeout=120)
    assert published["enrichment"]["places"] == original["enrichment"]["places"]
    feed = httpx.get(f"{stack.base}/feeds/sources/wire-b.json", timeout=10).json()
    assert f"urn:uuid:{copy.json()['id']}" in {item["id"] for item in feed["items"]}


@pytest.mark.timeout(900)
def test_the_longest_text_accepted_is_enriched_and_published(stack) -> None:  # type: ignore[no-untyped-def]
    """The limit is what the enrich worker finishes within its time limit: an article of exactly that length
    is published, not failed with SoftTimeLimitExceeded (and one character more is refused)."""
    paragraph = ("Officials in Manila said on Monday that ferry traffic across Manila Bay rose this year, and the "
                 "port authority expects the new terminal in Batangas to open before the rainy season. ")
    text = (paragraph * (MAX_TEXT // len(paragraph) + 1))[:MAX_TEXT - 1] + "."
    answer = httpx.post(f"{stack.base}/v1/articles", json={"headline": "Ferry traffic", "body_text": text},
                        timeout=30)
    assert answer.status_code == 202
    stack.wait_status(answer.json()["id"], "published", timeout=600)  # failed (SoftTimeLimitExceeded) ends it early
    refused = httpx.post(f"{stack.base}/v1/articles", json={"headline": "Ferry", "body_text": text + "x"}, timeout=30)
    assert refused.status_code == 413
