"""Adaptive batches (issue 14): a backlog is worked in batches, a lone article goes alone, a poison item is
isolated, and a worker killed mid-batch loses and doubles nothing — on every broker."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update

from shared.db import session_scope
from shared.models import DeadLetter, OutboxEvent, Submission, WorkClaim
from shared.queues import ENRICH_TASK, INGEST_TASK
from tests.e2e.stack import wait_for
from tests.faults.harness import Pipeline, article, running_pipeline
from tests.faults.servers import stopped

pytestmark = pytest.mark.broker_stays_up  # workers pause and die here, never the broker
CLEAN = {"lost_at_exchange": 0, "lost_at_mirror": 0, "duplicated_at_exchange": 0, "duplicated_at_mirror": 0}


@contextmanager
def paused(pipeline: Pipeline, service: str) -> Iterator[None]:
    """A worker frozen (SIGSTOP: main process and pool), so its queue fills; thawed on leaving."""
    with stopped([pipeline.process(service).pid, *pipeline.children(service)]):
        yield


def post(pipeline: Pipeline, count: int, tag: str) -> list[str]:
    ids = []
    for n in range(count):
        answer = pipeline.post(article(n, tag))
        assert answer.status_code == 202, answer.text
        ids.append(answer.json()["id"])
    return ids


def stage_messages(task: str) -> list[dict]:
    """The payloads of the messages a stage was sent (every one is an outbox row first)."""
    with session_scope() as session:
        return list(session.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == task)
                                    .order_by(OutboxEvent.id)))


def full_logs(pipeline: Pipeline) -> str:
    """Every service's whole log (restarts included); ``Stack.logs()`` keeps only each one's tail."""
    return "\n".join(path.read_text(errors="replace") for path in sorted(pipeline.stack.log_dir.glob("*.log")))


def items_worked(pipeline: Pipeline, task: str) -> list[int]:
    """How many items each run of ``task`` worked, from the workers' task.finished lines."""
    counts = []
    for line in full_logs(pipeline).splitlines():
        start = line.find("{")
        if start < 0 or '"task.finished"' not in line:
            continue
        try:
            record = json.loads(line[start:])
        except ValueError:
            continue
        if record.get("task") == task and record.get("outcome") == "done":
            counts.append(int(record.get("items", 1)))
    return counts


def assert_clean(pipeline: Pipeline, ids: list[str]) -> None:
    statuses = pipeline.wait_published(ids, timeout=150)
    assert statuses["published"] == len(ids), f"{statuses}\n{pipeline.stack.logs()[-20000:]}"
    report = pipeline.reconcile(ids)
    assert {key: report[key] for key in CLEAN} == CLEAN, report


@pytest.mark.brokers
def test_a_backlog_is_worked_in_batches_and_a_lone_article_then_goes_alone(pipeline: Pipeline) -> None:
    # Given 40 articles waiting for an ingest worker that was frozen while they arrived
    with paused(pipeline, "ingest"):
        ids = post(pipeline, 40, "backlog")
    # Then every one is published once
    assert_clean(pipeline, ids)
    # and they went through ingest in batches, and on to enrichment in fewer messages than articles
    worked = items_worked(pipeline, INGEST_TASK)
    assert sum(worked) >= 40 and max(worked) > 1, worked
    onward = stage_messages(ENRICH_TASK)
    batched = [m for m in onward if m.get("v") == 2]
    assert batched and len(onward) < 40, onward
    assert all(len(m["version_ids"]) == len(set(m["version_ids"])) for m in batched)
    # When, the backlog gone, one article arrives alone
    before = len(stage_messages(ENRICH_TASK))
    (lone,) = post(pipeline, 1, "lone")
    assert_clean(pipeline, [lone])
    # Then it travelled alone, in the single-id message an idle pipeline always sent
    after = stage_messages(ENRICH_TASK)[before:]
    assert [set(m) for m in after] == [{"v", "version_id"}], after


@pytest.mark.brokers
def test_a_poison_item_in_a_batch_is_dead_lettered_alone_and_the_others_go_on(pipeline: Pipeline) -> None:
    # Given 20 articles waiting for a frozen ingest worker, one of whose stored submissions is unreadable
    with paused(pipeline, "ingest"):
        ids = post(pipeline, 20, "poison")
        poisoned = ids[7]
        with session_scope() as session:
            session.execute(update(Submission).where(Submission.article_id == poisoned)
                            .values(payload={"not": "a submission"}))
    # Then the other 19 are published once
    others = [i for i in ids if i != poisoned]
    assert_clean(pipeline, others)
    # and the poisoned one alone is dead-lettered, once, naming its own submission
    letters = wait_for(lambda: _letters(poisoned), 60, 0.5)
    assert letters and len(letters) == 1, letters
    (letter,) = letters
    assert letter.task_name == INGEST_TASK and set(letter.payload) == {"v", "submission_id"}
    assert pipeline.statuses([poisoned]) == {"failed": 1}


def _letters(article_id: str) -> list[DeadLetter]:
    with session_scope() as session:
        return list(session.scalars(select(DeadLetter).where(DeadLetter.article_id == article_id)))


# Which process dies while a batch is in flight, and when: sequences vary by service, the moment after the
# thaw, and whether the worker is started again at once.
KILLS = [("enrich", "child", 0.5), ("enrich", "child", 2.0), ("ingest", "worker", 0.2), ("publish", "worker", 1.0),
         ("enrich", "worker", 1.5)]


@pytest.mark.brokers
@pytest.mark.parametrize(("service", "what", "after"), KILLS, ids=[f"{s}-{w}-{a}s" for s, w, a in KILLS])
def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(pipeline: Pipeline, service: str, what: str,
                                                             after: float) -> None:
    # Given a backlog of 30 articles in front of a frozen worker
    with paused(pipeline, service):
        ids = post(pipeline, 30, f"kill-{service}-{what}")
    # When, soon after it thaws and takes its batches, its pool process or the whole worker is SIGKILLed
    time.sleep(after + random.uniform(0, 0.3))
    if what == "child":
        for child in pipeline.children(service):
            os.kill(child, signal.SIGKILL)
    else:
        for child in pipeline.children(service):
            os.kill(child, signal.SIGKILL)
        os.kill(pipeline.process(service).pid, signal.SIGKILL)
        pipeline.process(service).wait(10)
        pipeline.restart(service)
    # Then every article is published exactly once
    assert_clean(pipeline, ids)


def _batch_claims() -> int:
    """Messages a pool process holds in a batch it took (their claims name the task that took them)."""
    with session_scope() as session:
        return len(session.scalars(select(WorkClaim.key).where(WorkClaim.key.contains("/"))).all())


def _frozen_holding_a_batch(pipeline: Pipeline) -> bool:
    """Freeze the enrich pool; True if it holds a batch now (else thaw it: the caller tries again)."""
    if _batch_claims() == 0:
        return False
    children = pipeline.children("enrich")
    for child in children:
        os.kill(child, signal.SIGSTOP)
    if _batch_claims() > 0:  # still held once frozen: the batch is in flight, not finished in between
        return True
    for child in children:
        os.kill(child, signal.SIGCONT)
    return False


def test_a_pool_process_killed_mid_batch_has_its_batch_sent_again_at_once(tmp_path: Path,
                                                                          gazetteer_path: Path) -> None:
    """Redis returns a dead process's unacknowledged messages only after its visibility timeout (an hour here):
    the worker's main process sends the batch's taken messages again as soon as the pool process is lost."""
    overrides = {"NEWSFLOW_VISIBILITY_TIMEOUT": "3600", "NEWSFLOW_TASK_SOFT_TIME_LIMIT": "100",
                 "NEWSFLOW_TASK_TIME_LIMIT": "110"}
    with running_pipeline(tmp_path, gazetteer_path, overrides, appendonly=False) as pipeline:
        # Given 40 articles waiting for a frozen enrich worker
        with paused(pipeline, "enrich"):
            ids = post(pipeline, 40, "lost-batch")
        # When its pool processes are SIGKILLed while one of them holds a batch it took
        assert wait_for(lambda: _frozen_holding_a_batch(pipeline), 60, 0.02), "a batch was taken"
        for child in pipeline.children("enrich"):
            os.kill(child, signal.SIGKILL)
        killed = time.monotonic()
        # Then every article is published once, long before the visibility timeout or an overdue claim
        # (110 s time limit: a claim is overdue after 60 + 2 x 110 + 3 s)
        statuses = pipeline.wait_published(ids, timeout=120)
        assert statuses["published"] == len(ids), f"{statuses}\n{pipeline.stack.logs()[-20000:]}"
        assert time.monotonic() - killed < 120
        assert '"batch.lost_with_its_process"' in full_logs(pipeline)
        report = pipeline.reconcile(ids)
        assert {key: report[key] for key in CLEAN} == CLEAN, report


@pytest.mark.brokers
def test_versions_and_kills_worked_out_of_order_in_batches_end_as_the_source_sent_them(pipeline: Pipeline) -> None:
    """Fresh-eyes finding: with a backlog, an older version was worked after a newer one (or a kill) and became
    current, and a kill in the same batch as its original left the article "enriched" for good."""
    # Given, while ingest is frozen, 24 first versions, then newer versions of 8 of them and kills of 8 others
    def body(n: int, version: int, status: str = "usable") -> dict:
        return article(n, "order") | {"versioncreated": f"2026-12-01T10:0{version}:00Z", "pubstatus": status,
                                      "headline": f"Order story {n} v{version}"}

    with paused(pipeline, "ingest"):
        firsts = [pipeline.post(body(n, 1)) for n in range(24)]
        updates = [pipeline.post(body(n, 2)) for n in range(8)]
        kills = [pipeline.post(body(n, 3, "canceled")) for n in range(8, 16)]
    assert {a.status_code for a in firsts + updates + kills} == {202}
    ids = [a.json()["id"] for a in firsts]
    # Then every article ends published, its current text the newest the source sent, each kill honoured
    assert pipeline.wait_published(ids, timeout=150)["published"] == len(ids), pipeline.statuses(ids)
    for n, article_id in enumerate(ids):
        answer = httpx.get(f"{pipeline.stack.base}/v1/articles/{article_id}", timeout=10).json()
        expected = ("canceled", None) if 8 <= n < 16 else ("usable", f"Order story {n} v{2 if n < 8 else 1}")
        assert (answer["pubstatus"], None if n in range(8, 16) else answer["headline"]) == expected, (n, answer)
    # and the exchange's last word on each is its newest version: withdrawn for a kill, never older text after
    last: dict[str, tuple[str, str]] = {}
    for message in pipeline.announcements():
        last[message["article"]["id"]] = (message["event"], message["article"]["headline"])
    for n, article_id in enumerate(ids):
        event, headline = last[article_id]
        assert event == "withdrawn" if 8 <= n < 16 else headline == f"Order story {n} v{2 if n < 8 else 1}", (
            n, last[article_id])
