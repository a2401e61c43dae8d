"""One way through POST /v1/articles: an accepted article costs one COMMIT on PostgreSQL, two with an
Idempotency-Key (its reservation is committed before the work), one for its replay and one for a batch; POSTs
arriving together share their commits (group commit)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import event, func, select, text

from shared.db import get_engine, session_scope
from shared.models import Article, OutboxEvent, Submission
from shared.queues import INGEST_TASK
from shared.settings import get_settings
from tests.ingest.stages import concurrently

NINJS = {"guid": "urn:test:tx:1", "headline": "Harbour reopens after storm",
         "body_text": "The harbour in Cebu reopened on Tuesday after the storm passed, officials said."}
# The outbox fast path's marker thread commits once per quarter second for every request of that moment; it is
# the pipeline's cost, not this request's, and its timing would make the count flaky.
MARKS_THREAD = "outbox-marks"


@pytest.fixture()
def commits(client: TestClient) -> Iterator[list[str]]:
    """The names of the threads that committed on the API's engine, marker thread aside, as they commit."""
    seen: list[str] = []

    def committed(_connection: object) -> None:
        if threading.current_thread().name != MARKS_THREAD:
            seen.append(threading.current_thread().name)

    engine = get_engine()
    event.listen(engine, "commit", committed)
    yield seen
    event.remove(engine, "commit", committed)


def _commits_of(commits: list[str], post: Callable[[], Response]) -> tuple[int, Response]:
    commits.clear()
    answer = post()
    return len(commits), answer


def test_a_plain_accepted_post_is_one_commit(client: TestClient, commits: list[str]) -> None:
    count, answer = _commits_of(commits, lambda: client.post("/v1/articles", json=NINJS))
    assert (answer.status_code, count) == (202, 1)


def test_a_post_with_an_idempotency_key_is_two_commits_and_its_replay_one(
    client: TestClient, commits: list[str],
) -> None:
    """Given a POST with a key (the reservation, then the work and its answer), when it is replayed, then the
    replay costs one commit and creates nothing."""
    def post() -> Response:
        return client.post("/v1/articles", json=NINJS, headers={"idempotency-key": "k-1"})

    first_count, first = _commits_of(commits, post)
    replay_count, replay = _commits_of(commits, post)

    assert (first.status_code, first_count) == (202, 2)
    assert (replay.status_code, replay.headers["idempotent-replayed"], replay_count) == (202, "true", 1)


def test_an_ndjson_batch_is_one_commit_for_all_its_articles(client: TestClient, commits: list[str]) -> None:
    lines = [NINJS | {"guid": f"urn:test:tx:{n}", "body_text": f"Story {n}: {NINJS['body_text']}"} for n in range(5)]
    body = "\n".join(json.dumps(line) for line in lines)

    count, answer = _commits_of(commits, lambda: client.post(
        "/v1/articles", content=body, headers={"content-type": "application/x-ndjson"}))

    assert answer.status_code == 202 and len(answer.json()["items"]) == 5
    assert count == 1


def _ingest_messages() -> list[dict]:
    with session_scope() as session:
        return list(session.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == INGEST_TASK)
                                    .order_by(OutboxEvent.id)))


def test_an_ndjson_batch_goes_to_ingest_in_one_message_per_batch_and_a_single_post_in_its_own(
    client: TestClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Given NEWSFLOW_BATCH_SIZE=4, when 10 NDJSON lines are posted, then ingest gets 3 messages (4 + 4 + 2 ids,
    the v2 form, in order, each id a new submission); a single POST afterwards gets the v1 single-id form."""
    monkeypatch.setenv("NEWSFLOW_BATCH_SIZE", "4")
    get_settings.cache_clear()
    lines = [NINJS | {"guid": f"urn:test:nd:{n}", "body_text": f"Item {n}: {NINJS['body_text']}"} for n in range(10)]
    answer = client.post("/v1/articles", content="\n".join(json.dumps(line) for line in lines),
                         headers={"content-type": "application/x-ndjson"})
    assert answer.status_code == 202
    batched = _ingest_messages()
    assert [(m["v"], len(m["submission_ids"])) for m in batched] == [(2, 4), (2, 4), (2, 2)]
    with session_scope() as session:
        by_article = dict(session.execute(select(Submission.id, Submission.article_id)).all())
    ids = [i for m in batched for i in m["submission_ids"]]
    assert [by_article[i] for i in ids] == [item["id"] for item in answer.json()["items"]]

    assert client.post("/v1/articles", json=NINJS | {"guid": "urn:test:nd:single"}).status_code == 202
    assert set(_ingest_messages()[-1]) == {"v", "submission_id"}


def test_a_refused_post_commits_nothing(client: TestClient, commits: list[str]) -> None:
    count, answer = _commits_of(commits, lambda: client.post("/v1/articles", json=NINJS | {"headline": 42}))
    assert (answer.status_code, count) == (422, 0)


def test_twins_posted_at_once_make_one_article_in_at_most_one_commit_each(
        client: TestClient, commits: list[str]) -> None:
    """Given eight POSTs of one new article released together, then one is accepted (202) and seven are told it
    is a repeat (200, same id), with one article and one submission, and no POST committed more than once
    (those that arrived together shared a commit)."""
    answers = concurrently(lambda _: client.post("/v1/articles", json=NINJS), range(8))
    posted = len(commits)

    assert sorted(answer.status_code for answer in answers) == [200] * 7 + [202]
    assert len({answer.json()["id"] for answer in answers}) == 1
    with session_scope() as session:
        counts = [session.scalar(select(func.count()).select_from(model)) for model in (Article, Submission)]
    assert counts == [1, 1] and 1 <= posted <= 8


def _await_a_lock_wait_longer_than_a_groups(timeout: float = 20.0) -> None:
    """Until another backend has waited for a lock longer than a group of POSTs may (GROUP_LOCK_TIMEOUT, 200 ms):
    the POST is then worked alone, waiting as long as the lock is held (a fixed sleep raced that retry on a busy
    machine, and PostgreSQL then broke the deadlock by failing the test's own transaction)."""
    watcher = get_engine().connect().execution_options(isolation_level="AUTOCOMMIT")
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if watcher.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND pid <> pg_backend_pid() AND clock_timestamp() - query_start > interval '0.5 s'")).scalar():
                return
            time.sleep(0.05)
    finally:
        watcher.close()
    raise AssertionError("the POST never waited for the locked article")


def test_an_ndjson_body_that_deadlocks_with_another_writer_is_worked_again_not_refused(client: TestClient) -> None:
    """Fresh-eyes finding: an NDJSON body whose articles an ingest batch held (locked in another order) got 503
    "the database is unavailable". Given articles X and Y, and another transaction holding X; when a body
    updating Y then X is posted and the other transaction then asks for Y (a deadlock PostgreSQL breaks by
    failing the POST, which waited first), then the POST is worked again once the other is done: 202."""
    first = [NINJS | {"guid": f"urn:test:dl:{n}", "body_text": f"Lock story {n}: {NINJS['body_text']}"}
             for n in ("x", "y")]
    ids = [client.post("/v1/articles", json=body).json()["id"] for body in first]
    newer = [body | {"versioncreated": "2026-12-01T12:00:00Z", "headline": "Updated"} for body in first]
    other = get_engine().connect()
    transaction = other.begin()
    other.execute(select(Article.id).where(Article.id == ids[0]).with_for_update())
    outcome: dict[str, Response] = {}
    poster = threading.Thread(target=lambda: outcome.setdefault("answer", client.post(
        "/v1/articles", content="\n".join(json.dumps(body) for body in reversed(newer)),
        headers={"content-type": "application/x-ndjson"})))
    poster.start()
    _await_a_lock_wait_longer_than_a_groups()  # the POST, worked alone, holds Y and waits for X
    try:
        other.execute(select(Article.id).where(Article.id == ids[1]).with_for_update())
    finally:
        transaction.commit()
        other.close()
    poster.join(30)
    answer = outcome["answer"]
    assert answer.status_code == 202, answer.text
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 4
