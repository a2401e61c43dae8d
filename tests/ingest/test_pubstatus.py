"""pubstatus changes are never swallowed as repeats: a kill withdraws, a withheld article is held until released.

Through the stages' own functions on PostgreSQL and on the embedded SQLite default, and through the HTTP API.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.publish.feeds.query import Scope, entries
from shared.db import session_scope
from shared.models import ArticleStatus
from tests.ingest.stages import (
    accepted_by_api,
    add_mirror,
    announcements,
    article,
    deliveries,
    enrich_and_publish,
    ingest,
    post,
    through_pipeline,
)

GUID = "urn:wire-a:dam"
HEADLINE = "Dam repairs finished early"
BODY = "Engineers finished repairs on the dam two weeks early, the water authority said on Friday."
NINJS = {"guid": GUID, "headline": HEADLINE, "body_text": BODY, "source": "wire-a", "language": "en"}


@pytest.fixture(params=["pg_redis", "embedded"])
def database(request: pytest.FixtureRequest) -> str:
    """Each test on PostgreSQL and on the embedded SQLite database."""
    request.getfixturevalue(request.param)
    return str(request.param)


def _listed(article_id: str) -> bool:
    with session_scope() as session:
        listed, _ = entries(session, Scope(), limit=100)
    return article_id in {entry.id for entry in listed}


def test_a_kill_notice_repeating_the_text_withdraws_the_article(database: str) -> None:
    """Given a published article, when a kill notice with the same headline and body comes, then it is new
    work, the article is announced and delivered as withdrawn, and the feeds drop it."""
    add_mirror()
    first = post(GUID, HEADLINE, BODY)
    through_pipeline(first)
    assert _listed(first.article_id)

    kill = post(GUID, HEADLINE, BODY, pubstatus="canceled")

    assert kill.created and kill.article_id == first.article_id
    through_pipeline(kill)
    with session_scope() as session:
        assert announcements(session, first.article_id) == [("published", 1), ("withdrawn", 2)]
        assert deliveries(session, first.article_id) == [("published", 1), ("withdrawn", 2)]
        assert article(session, first.article_id).pubstatus == "canceled"
    assert not _listed(first.article_id)


def test_the_same_kill_notice_twice_withdraws_once(database: str) -> None:
    through_pipeline(post(GUID, HEADLINE, BODY))
    kill = post(GUID, HEADLINE, BODY, pubstatus="canceled")
    again = post(GUID, HEADLINE, BODY, pubstatus="canceled")
    assert kill.created and not again.created


def test_a_withheld_article_is_held_not_announced_delivered_or_listed(database: str) -> None:
    """Given a withheld article, when it has gone through every stage, then it is held and nothing left."""
    add_mirror()
    held = post(GUID, HEADLINE, BODY, pubstatus="withheld")

    through_pipeline(held)

    with session_scope() as session:
        assert article(session, held.article_id).status == ArticleStatus.HELD
        assert announcements(session, held.article_id) == [] and deliveries(session, held.article_id) == []
    assert not _listed(held.article_id)


def test_a_held_article_is_published_normally_when_the_usable_version_repeats_its_text(database: str) -> None:
    """Given a held article, when the same text comes as usable (the embargo lifted), then it is published
    once, as published, to the exchange, the mirror and the feeds."""
    add_mirror()
    through_pipeline(post(GUID, HEADLINE, BODY, pubstatus="withheld"))

    release = post(GUID, HEADLINE, BODY)

    assert release.created
    version_id = ingest(release)
    with session_scope() as session:  # moving again: the reconciler's business until it is published
        assert article(session, release.article_id).status == ArticleStatus.RECEIVED
    enrich_and_publish(version_id)
    with session_scope() as session:
        assert article(session, release.article_id).status == ArticleStatus.PUBLISHED
        assert announcements(session, release.article_id) == [("published", 2)]
        assert deliveries(session, release.article_id) == [("published", 2)]
    assert _listed(release.article_id)


def test_a_withheld_update_takes_a_published_article_out_of_the_feeds_until_released(database: str) -> None:
    first = post(GUID, HEADLINE, BODY)
    through_pipeline(first)
    through_pipeline(post(GUID, HEADLINE, BODY, pubstatus="withheld"))
    assert not _listed(first.article_id)

    through_pipeline(post(GUID, HEADLINE, BODY))

    with session_scope() as session:
        assert announcements(session, first.article_id) == [("published", 1), ("updated", 3)]
    assert _listed(first.article_id)


def test_the_api_answers_a_kill_notice_repeating_the_text_with_202(client: TestClient) -> None:
    first = client.post("/v1/articles", json=NINJS).json()
    kill = client.post("/v1/articles", json=NINJS | {"pubstatus": "canceled"})
    repeat = client.post("/v1/articles", json=NINJS | {"pubstatus": "canceled"})
    assert kill.status_code == 202 and kill.json()["id"] == first["id"] and not kill.json()["duplicate"]
    assert repeat.status_code == 200 and repeat.json()["duplicate"]


def test_the_api_shows_a_withheld_article_as_held(client: TestClient) -> None:
    """GET /v1/articles/{id} says held once the publish stage has held it."""
    answer = client.post("/v1/articles", json=NINJS | {"pubstatus": "withheld"}).json()
    through_pipeline(accepted_by_api(answer["id"]))
    status = client.get(answer["status_url"]).json()
    assert status["status"] == "held" and status["pubstatus"] == "withheld" and status["published_at"] is None
