"""The source's ``firstcreated`` is kept (found by a tester who had not seen the code: it was silently dropped).

The article keeps the earliest ``firstcreated`` its source ever sent; feeds and ninjs call it the article's
first creation, falling back to the earliest ``versioncreated`` when the source never said.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from services.api import create_api, producer_app
from shared import known
from shared.db import session_scope
from shared.models import Article

STORY = {"guid": "urn:test:first-1", "headline": "Harbour reopens after storm", "source": "wire-a",
         "body_text": "The harbour in Cebu reopened on Tuesday after the storm passed, officials said.",
         "versioncreated": "2020-05-04T10:00:00Z", "firstcreated": "2020-05-04T09:00:00Z", "language": "en"}


@pytest.fixture(params=["pg_redis", "embedded"])
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The API on PostgreSQL and on the embedded default (SQLite gives datetimes back without their zone)."""
    request.getfixturevalue(request.param)
    producer_app.cache_clear()
    with TestClient(create_api(relay=False)) as test_client:
        yield test_client
    producer_app.cache_clear()


def _first_created(article_id: str) -> tuple[datetime | None, datetime | None]:
    with session_scope() as session:
        stored = session.get_one(Article, article_id).firstcreated
        return (known.aware(stored) if stored else None), known.first_created(session, [article_id]).get(article_id)


def test_the_sources_firstcreated_is_kept_and_the_earliest_wins(client: TestClient) -> None:
    first = client.post("/v1/articles", json=STORY)
    assert first.status_code == 202, first.text
    article_id = first.json()["id"]
    assert _first_created(article_id) == (datetime(2020, 5, 4, 9, 0, tzinfo=UTC),) * 2

    # A later version that says a later firstcreated does not move it; an earlier one does.
    later = STORY | {"headline": "Harbour reopens, ferries run", "versioncreated": "2020-05-05T08:00:00Z",
                     "firstcreated": "2020-05-04T11:00:00Z"}
    assert client.post("/v1/articles", json=later).json()["id"] == article_id
    assert _first_created(article_id)[0] == datetime(2020, 5, 4, 9, 0, tzinfo=UTC)
    earlier = later | {"headline": "Harbour reopens, ferries run again", "versioncreated": "2020-05-05T09:00:00Z",
                       "firstcreated": "2020-05-04T07:30:00Z"}
    assert client.post("/v1/articles", json=earlier).json()["id"] == article_id
    assert _first_created(article_id) == (datetime(2020, 5, 4, 7, 30, tzinfo=UTC),) * 2


def test_without_firstcreated_the_earliest_versioncreated_stands_in(client: TestClient) -> None:
    story = {key: value for key, value in STORY.items() if key != "firstcreated"} | {"guid": "urn:test:first-2"}
    article_id = client.post("/v1/articles", json=story).json()["id"]
    assert _first_created(article_id) == (None, None)  # no version made yet: the ingest worker is not running


def test_a_firstcreated_that_is_not_a_date_is_refused_by_name(client: TestClient) -> None:
    answer = client.post("/v1/articles", json=STORY | {"guid": "urn:test:first-3", "firstcreated": "yesterday"})
    assert answer.status_code == 422 and answer.json()["field"] == "firstcreated"
