"""Group commit of plain POSTs: requests that arrive while another's transaction is being written are written
together in the next one (one commit, one ingest message for all), each still answered for itself: a replayed
webhook-id or an article the database refuses fails its own request only."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import event, func, select, text

from services.api import producer_app
from services.ingest import posting, sources
from shared.db import get_engine, session_scope
from shared.models import Article, OutboxEvent, Submission
from shared.queues import INGEST_TASK
from shared.signing import headers as signed_headers

BODY = "The ferry between Cebu and Bohol resumed on Tuesday after the storm, the coast guard said."


def _article(n: int | str, **fields: str) -> dict[str, str]:
    return {"guid": f"urn:test:group:{n}", "headline": f"Ferry {n} resumes", "body_text": f"{n}: {BODY}"} | fields


class HeldCommits:
    """The API's first commit waits until ``count`` more requests wait for the group commit behind it."""


    def __init__(self) -> None:
        self.count = 0
        self.held = threading.Event()
        self.commits = 0

    def __call__(self, _connection: object) -> None:
        # The API's own commits only: not the outbox marker's, nor the test's setup (sources, triggers).
        if threading.current_thread().name == "outbox-marks" or threading.current_thread() is threading.main_thread():
            return
        self.commits += 1
        if self.commits > 1:
            return
        self.held.set()
        group = posting._group(producer_app())
        deadline = time.monotonic() + 20
        while group.waiting < self.count and time.monotonic() < deadline:
            time.sleep(0.005)


@pytest.fixture()
def held(client: TestClient) -> Iterator[HeldCommits]:
    hold = HeldCommits()
    event.listen(get_engine(), "commit", hold)
    yield hold
    event.remove(get_engine(), "commit", hold)


def _behind_a_held_post(held: HeldCommits, first: Callable[[], Response], rest: list[Callable[[], Response]]
                        ) -> list[Response]:
    """``first`` posted and held at its commit while ``rest`` are posted one after the other (each waiting in
    the group before the next is sent, so the group holds them in this order); then all answered, in order."""
    held.count = len(rest)
    group = posting._group(producer_app())
    with ThreadPoolExecutor(len(rest) + 1) as pool:
        leading: Future[Response] = pool.submit(first)
        assert held.held.wait(20)
        following = []
        for number, post in enumerate(rest, start=1):
            following.append(pool.submit(post))
            deadline = time.monotonic() + 20
            while group.waiting < number:
                if following[-1].done():
                    answer = following[-1].result()
                    raise AssertionError(f"POST {number} was answered without the group: {answer.status_code} "
                                         f"{answer.text}")
                assert time.monotonic() < deadline, f"POST {number} never reached the group commit"
                time.sleep(0.005)
        return [future.result(60) for future in [leading, *following]]


def _ingest_messages() -> list[dict]:
    with session_scope() as session:
        return list(session.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == INGEST_TASK)
                                    .order_by(OutboxEvent.id)))


def test_posts_arriving_during_a_commit_share_the_next_commit_and_one_ingest_message(
        client: TestClient, held: HeldCommits) -> None:
    """Given a POST whose commit is under way, when seven more arrive meanwhile, then they are written in one
    more commit (two in all), each answered 202 with its own article, and ingest gets two messages: the first
    article's, and one naming the seven submissions."""
    answers = _behind_a_held_post(held, lambda: client.post("/v1/articles", json=_article(0)),
                                  [lambda n=n: client.post("/v1/articles", json=_article(n)) for n in range(1, 8)])

    assert [answer.status_code for answer in answers] == [202] * 8
    assert len({answer.json()["id"] for answer in answers}) == 8
    assert held.commits == 2
    messages = _ingest_messages()
    assert [m.get("v") for m in messages] == [1, 2] and len(messages[1]["submission_ids"]) == 7
    with session_scope() as session:
        made = dict(session.execute(select(Submission.id, Submission.article_id)).tuples().all())
    assert made[messages[0]["submission_id"]] == answers[0].json()["id"]
    assert sorted(made[i] for i in messages[1]["submission_ids"]) == sorted(a.json()["id"] for a in answers[1:])


def test_a_repeat_and_a_cross_source_copy_in_one_group_are_told_what_they_are(
        client: TestClient, held: HeldCommits) -> None:
    """Given, in one group: a new article, the same article again (same guid), and its text from another
    source; then the first is accepted (202), the repeat is a duplicate of it (200, same id), and the copy is a
    new article of its own source marked as a duplicate of the first."""
    answers = _behind_a_held_post(held, lambda: client.post("/v1/articles", json=_article("lead")), [
        lambda: client.post("/v1/articles", json=_article("a")),
        lambda: client.post("/v1/articles", json=_article("a")),
        lambda: client.post("/v1/articles", json=_article("a") | {"guid": "urn:other:1", "source": "other-wire"}),
    ])
    original, repeat, copy = (answer.json() for answer in answers[1:])
    assert [answer.status_code for answer in answers] == [202, 202, 200, 202]
    assert repeat["duplicate"] is True and repeat["id"] == original["id"]
    assert copy["duplicate"] is False and copy["id"] != original["id"] and copy["duplicate_of"] == original["id"]
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 3


def test_a_replayed_webhook_id_within_a_group_is_409_and_the_others_are_accepted(
        client: TestClient, held: HeldCommits) -> None:
    """Given a signed source, when two signed POSTs with one webhook-id arrive in the same group (a sender's
    retry racing its original), then one is accepted and the other is 409 naming webhook-id; the rest of the
    group is accepted."""
    with session_scope() as session:
        source, key = sources.add(session, "wire-signed", signed=True)
        secret = source.signing_secret
    assert secret is not None

    def signed(n: int | str, msg_id: str) -> Callable[[], Response]:
        body = json.dumps(_article(n)).encode()
        headers = {"authorization": f"Bearer {key}", "content-type": "application/json"}
        return lambda: client.post("/v1/articles", content=body, headers=headers | signed_headers(secret, msg_id, body))

    answers = _behind_a_held_post(held, signed("lead", "msg_lead"),
                                  [signed("x", "msg_same"), signed("x", "msg_same"), signed("y", "msg_y")])

    assert answers[0].status_code == 202 and answers[3].status_code == 202
    twins = sorted(answer.status_code for answer in answers[1:3])
    assert twins == [202, 409]
    refused = next(answer for answer in answers[1:3] if answer.status_code == 409)
    assert refused.json()["field"] == "webhook-id"
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 3


def test_an_article_the_database_refuses_fails_its_own_post_and_the_rest_of_its_group_is_accepted(
        client: TestClient, held: HeldCommits) -> None:
    """Given a database that refuses one article (a trigger raises for its headline), when it arrives in a
    group with two others, then the group is worked again one POST at a time: the two are accepted (202) and
    stored, the refused one gets a 5xx and leaves nothing behind."""
    with get_engine().begin() as connection:
        connection.execute(text(
            "CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN "
            "IF NEW.headline = 'POISON' THEN RAISE EXCEPTION 'refused by the database'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql"))
        connection.execute(text("CREATE TRIGGER poison BEFORE INSERT ON article FOR EACH ROW "
                                "EXECUTE FUNCTION refuse_poison()"))
    unraised = TestClient(client.app, raise_server_exceptions=False)  # the 5xx as a client sees it
    answers = _behind_a_held_post(held, lambda: client.post("/v1/articles", json=_article("lead")), [
        lambda: client.post("/v1/articles", json=_article("ok-1")),
        lambda: unraised.post("/v1/articles", json=_article("bad", headline="POISON")),
        lambda: client.post("/v1/articles", json=_article("ok-2")),
    ])

    assert [answer.status_code for answer in answers[:2]] == [202, 202] and answers[3].status_code == 202
    assert answers[2].status_code >= 500
    with session_scope() as session:
        guids = set(session.scalars(select(Article.guid)))
    assert guids == {"urn:test:group:lead", "urn:test:group:ok-1", "urn:test:group:ok-2"}


def test_one_text_under_different_guids_posted_at_once_with_keys_makes_one_article(client: TestClient) -> None:
    """Fresh-eyes finding: eight POSTs of one text under eight guids, each with its own Idempotency-Key (the keyed
    path writes outside the group), made eight articles. Given them released together, then one is accepted (202)
    and seven are its duplicates (200, the same id): the text is held while it is looked up and written."""
    from tests.ingest.stages import concurrently

    def post(n: int) -> Response:
        return client.post("/v1/articles", json=_article("same") | {"guid": f"urn:test:same:{n}"},
                           headers={"idempotency-key": f"k-same-{n}"})

    answers = concurrently(post, range(8))
    assert sorted(answer.status_code for answer in answers) == [200] * 7 + [202]
    assert len({answer.json()["id"] for answer in answers}) == 1
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1


def test_a_known_article_locked_elsewhere_delays_only_its_own_post_not_the_rest_of_its_group(
        client: TestClient, held: HeldCommits) -> None:
    """Fresh-eyes finding: a POST repeating an article whose row another transaction holds (an ingest batch
    numbering its version) held its whole group, and every POST behind it, until that lock was let go. Given such
    a lock, when the repeat arrives in a group with two new articles, then the group gives up on the lock after a
    moment and each POST is written alone: the two new ones are answered 202 while the lock is still held, and the
    repeat is answered (200, a duplicate) once the lock is let go."""
    known = client.post("/v1/articles", json=_article("known")).json()["id"]
    held.commits = 0
    held.held.clear()
    held.count = 3
    group = posting._group(producer_app())
    with ThreadPoolExecutor(4) as pool, get_engine().connect() as holder:  # on failure the lock goes first
        holder.execute(select(Article.id).where(Article.id == known).with_for_update())
        leading = pool.submit(lambda: client.post("/v1/articles", json=_article("lead")))
        assert held.held.wait(20)
        repeat = pool.submit(lambda: client.post("/v1/articles", json=_article("known")))
        _wait_until(lambda: group.waiting >= 1)
        fresh = [pool.submit(lambda n=n: client.post("/v1/articles", json=_article(f"new-{n}"))) for n in (1, 2)]
        assert leading.result(20).status_code == 202
        assert [future.result(20).status_code for future in fresh] == [202, 202]
        assert not repeat.done()
        holder.rollback()
        answer = repeat.result(20)
    assert answer.status_code == 200 and answer.json()["id"] == known


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_a_lone_post_repeating_a_locked_article_does_not_hold_up_the_posts_after_it(client: TestClient) -> None:
    """Fresh-eyes finding (second trial): a repeat of a locked article that arrived with no one else writing led a
    group of one, waited for the lock as leader, and every plain POST after it waited too (120 s for a lock held
    120 s). Given the article locked elsewhere and its repeat posted, then POSTs of new articles after it are
    answered 202 while the lock is held, and the repeat is answered 200 (a duplicate) once it goes."""
    known = client.post("/v1/articles", json=_article("known")).json()["id"]
    group = posting._group(producer_app())
    with ThreadPoolExecutor(4) as pool, get_engine().connect() as holder:  # on failure the lock goes first
        holder.execute(select(Article.id).where(Article.id == known).with_for_update())
        repeat = pool.submit(lambda: client.post("/v1/articles", json=_article("known")))
        _wait_until(lambda: group.waiting == 0 and not repeat.done())
        time.sleep(0.3)  # past the group's lock timeout: the repeat now waits alone
        fresh = [pool.submit(lambda n=n: client.post("/v1/articles", json=_article(f"after-{n}"))) for n in (1, 2, 3)]
        assert [future.result(20).status_code for future in fresh] == [202, 202, 202]
        assert not repeat.done()
        holder.rollback()
        answer = repeat.result(20)
    assert answer.status_code == 200 and answer.json()["id"] == known
