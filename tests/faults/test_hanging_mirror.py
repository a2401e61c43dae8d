"""A mirror that never answers delays only itself: healthy mirrors and publishing go on, nothing is lost.

Real workers on private servers. The hanging mirror holds each request past the delivery timeout; the
healthy mirrors answer at once. Assertions count (deliveries, requests in flight, dead letters); the
latencies are printed, not asserted.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.db import session_scope
from tests.e2e.stack import RecordingMirror, delivered_article, wait_for
from tests.faults.harness import Pipeline, running_pipeline

HANG_S = 6.0  # longer than the delivery timeout below: the client gives up first
CAP = 2
OVERRIDES = {"NEWSFLOW_DELIVERY_TIMEOUT": "1.5", "NEWSFLOW_MIRROR_CONCURRENCY": str(CAP),
             "NEWSFLOW_BREAKER_THRESHOLD": "3", "NEWSFLOW_BREAKER_COOLDOWN": "2", "NEWSFLOW_BREAKER_MAX_COOLDOWN": "4",
             # No worker is killed here, so the harness's 4-s limits (which dead-letter an enrich task on a
             # busy machine) are not needed; the lease of an attempt lasts the hard limit + 5 s.
             "NEWSFLOW_TASK_SOFT_TIME_LIMIT": "30", "NEWSFLOW_TASK_TIME_LIMIT": "35",
             "NEWSFLOW_VISIBILITY_TIMEOUT": "60", "NEWSFLOW_DELIVERY_SCHEDULE": "0,0.5,0.5,1,1,1"}
# How long the retry schedule alone takes to dead-letter a delivery to a mirror that never answers: every
# wait of the schedule plus every attempt timing out, and a margin for a busy machine.
RETRY_SPAN_S = sum(map(float, OVERRIDES["NEWSFLOW_DELIVERY_SCHEDULE"].split(","))) + \
    len(OVERRIDES["NEWSFLOW_DELIVERY_SCHEDULE"].split(",")) * float(OVERRIDES["NEWSFLOW_DELIVERY_TIMEOUT"]) + 5.0


class HangingMirror:
    """Answers 200 at once while ``hanging`` is off; while on, holds each request for HANG_S seconds."""

    def __init__(self) -> None:
        self.hanging = False
        self.received: list[dict] = []
        lock, mirror = threading.Lock(), self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with lock:
                    hang = mirror.hanging
                    mirror.received.append({"headers": dict(self.headers.items()), "body": body,
                                            "status": 504 if hang else 200, "at": time.time()})
                try:
                    if hang:
                        time.sleep(HANG_S)
                    self.send_response(504 if hang else 200)
                    self.send_header("content-length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the client gave up long ago

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/push"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _ok(received: list[dict]) -> Counter:
    """Per article: how many distinct deliveries (webhook-ids) were answered with 2xx."""
    pairs = {(delivered_article(r["body"]), r["headers"]["webhook-id"])
             for r in received if 200 <= r["status"] < 300}
    return Counter(article_id for article_id, _ in pairs)


def most_at_once(received: list[dict], hold: float) -> int:
    """The most requests our side held open at the same moment, each counted for ``hold`` seconds after it
    arrived: an attempt keeps its slot until the client times out, so one slot's requests arrive at least
    the timeout apart, and with ``hold`` just under the timeout their windows never overlap."""
    edges = sorted([(r["at"], 1) for r in received] + [(r["at"] + hold, -1) for r in received])
    most = current = 0
    for _, step in edges:
        current += step
        most = max(most, current)
    return most


def _states(name: str) -> Counter:
    from shared.models import Delivery, Mirror

    with session_scope() as session:
        rows = session.scalars(select(Delivery.state).join(Mirror, Mirror.id == Delivery.mirror_id).where(
            Mirror.name == name)).all()
    return Counter(rows)


def _breaker(name: str) -> str:
    from services.publish import mirrors

    with session_scope() as session:
        return mirrors.get(session, name).breaker_state


def _latencies(ids: list[str], names: list[str]) -> dict[str, list[float]]:
    """Seconds from POST (the article row) to published, and to each named mirror's delivery."""
    from shared.models import Article, Delivery, Mirror

    result: dict[str, list[float]] = {}
    with session_scope() as session:
        for article in session.scalars(select(Article).where(Article.id.in_(ids))):
            if article.published_at is not None:
                result.setdefault("published", []).append((article.published_at - article.created_at).total_seconds())
        rows = session.execute(select(Mirror.name, Delivery.delivered_at, Article.created_at).join(
            Mirror, Mirror.id == Delivery.mirror_id).join(Article, Article.id == Delivery.article_id).where(
            Delivery.article_id.in_(ids), Mirror.name.in_(names), Delivery.delivered_at.is_not(None)))
        for name, delivered_at, created_at in rows:
            result.setdefault(name, []).append((delivered_at - created_at).total_seconds())
    return result


def _print_latencies(label: str, latencies: dict[str, list[float]]) -> None:
    for name, values in sorted(latencies.items()):
        print(f"{label}: POST -> {name}: n={len(values)} p50={statistics.median(values):.2f} s "
              f"max={max(values):.2f} s")


@pytest.fixture()
def mirrored(tmp_path: Path, gazetteer_path: Path) -> Iterator[tuple[Pipeline, HangingMirror, RecordingMirror]]:
    """Given the pipeline with its healthy mirror, a second healthy mirror and one that can hang."""
    from services.publish import mirrors

    with running_pipeline(tmp_path, gazetteer_path, OVERRIDES) as pipeline:
        hanging, healthy = HangingMirror(), RecordingMirror()
        with session_scope() as session:
            mirrors.add(session, "hanging", hanging.url)
            mirrors.add(session, "healthy-2", healthy.url)
        try:
            yield pipeline, hanging, healthy
        finally:
            hanging.close()
            healthy.close()


@pytest.mark.parametrize("when", ["from_the_start", "mid_stream"])
def test_a_hanging_mirror_delays_only_itself_and_gets_everything_once_when_it_recovers(
        mirrored: tuple[Pipeline, HangingMirror, RecordingMirror], when: str) -> None:
    pipeline, hanging, healthy = mirrored
    ids: list[str] = []
    if when == "mid_stream":  # some articles reach every mirror before the hang starts
        ids += pipeline.post_many(4, tag="before-")
        assert wait_for(lambda: len(_ok(hanging.received)) == 4, 90, 0.3), _ok(hanging.received)
    # Given a mirror that stops answering
    hanging.hanging = True
    hang_started = time.monotonic()
    # When a backlog of articles is posted at once
    ids += pipeline.post_many(16, tag=f"{when}-")
    # Then every article is published and reaches both healthy mirrors once, while the hanging one still waits
    statuses = pipeline.wait_published(ids, timeout=180)
    assert statuses["published"] == len(ids), f"{statuses}\n{pipeline.stack.logs()}"
    for mirror in (pipeline.mirror, healthy):
        assert wait_for(lambda m=mirror: len(_ok(m.received)) == len(ids), 60, 0.3), _ok(mirror.received)
    waiting = _states("hanging")
    assert waiting["pending"] + waiting["retrying"] > 0, waiting
    _print_latencies(f"{when}, while hanging", _latencies(ids, ["fault-mirror", "healthy-2"]))
    # And the hanging mirror was never sent more than its cap at once, and was parked, not worn down
    hung = [r for r in hanging.received if r["status"] == 504]
    assert 0 < most_at_once(hung, float(OVERRIDES["NEWSFLOW_DELIVERY_TIMEOUT"]) - 0.1) <= CAP, hung
    assert wait_for(lambda: _breaker("hanging") != "closed", 30, 0.2), _breaker("hanging")
    # Long enough that the retry schedule alone would have dead-lettered every delivery
    time.sleep(max(0.0, RETRY_SPAN_S - (time.monotonic() - hang_started)))
    assert _states("hanging")["dead"] == 0, _states("hanging")
    # When the mirror recovers, then it receives every article exactly once, and the breaker closes
    hanging.hanging = False
    assert wait_for(lambda: len(_ok(hanging.received)) == len(ids), 60, 0.3), _ok(hanging.received)
    time.sleep(1.0)  # room for a duplicate to show up, if there were one
    counts = _ok(hanging.received)
    assert set(counts) == set(ids) and set(counts.values()) == {1}, counts
    assert _breaker("hanging") == "closed"
    assert _states("hanging") == Counter({"delivered": len(ids)})
    for mirror in (pipeline.mirror, healthy):
        counts = _ok(mirror.received)
        assert set(counts) == set(ids) and set(counts.values()) == {1}, counts
    _print_latencies(f"{when}, after recovery", _latencies(ids, ["hanging"]))
