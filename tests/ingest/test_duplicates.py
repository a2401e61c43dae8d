"""The same text from another source is that source's own article, linked to the first; from the same source
it stays a repeat of the first."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.enrich.store import reusable_enrichment
from services.publish.feeds.query import Scope, entries
from shared.db import session_scope
from shared.enrichment import Enrichment
from shared.models import ArticleVersion
from tests.ingest.stages import enrich_and_publish, ingest, post, through_pipeline

HEADLINE = "Ferry service resumes"
BODY = "Ferries between Cebu and Bohol resumed on Sunday after the typhoon, the coast guard said."
RECASED = BODY.replace("coast guard", "Coast Guard")  # the same text to the content hash, not to the offsets
NINJS = {"headline": HEADLINE, "body_text": BODY, "language": "en"}
# An enrichment the model would never make of this text: finding it again proves it was copied, not redone.
MADE_UP = Enrichment.model_validate({
    "places": [{"name": "Atlantis", "geonameid": None, "country_code": None, "lat": None, "lon": None,
                "feature_class": None, "feature_code": None, "disputed": [], "confidence": 0.5,
                "mentions": [{"start": 0, "end": 5, "text": "Ferry"}]}],
    "entities": [{"label": "ORG", "name": "Made Up Ltd", "mentions": [{"start": 6, "end": 13, "text": "service"}]}],
})


@pytest.fixture(params=["pg_redis", "embedded"])
def database(request: pytest.FixtureRequest) -> str:
    """Each test on PostgreSQL and on the embedded SQLite database."""
    request.getfixturevalue(request.param)
    return str(request.param)


def test_another_sources_copy_is_its_own_article_linked_to_the_first(client: TestClient) -> None:
    """Given wire-a's article, when wire-b posts the same text, then wire-b gets its own new article
    (202, own id, own source) whose duplicate_of names wire-a's; the body and GET say so."""
    first = client.post("/v1/articles", json=NINJS | {"guid": "urn:a:1", "source": "wire-a"}).json()

    answer = client.post("/v1/articles", json=NINJS | {"guid": "urn:b:7", "source": "wire-b"})

    assert answer.status_code == 202
    copy = answer.json()
    assert copy["id"] != first["id"] and copy["duplicate_of"] == first["id"] and not copy["duplicate"]
    status = client.get(copy["status_url"]).json()
    assert (status["source"], status["guid"], status["duplicate_of"]) == ("wire-b", "urn:b:7", first["id"])
    assert client.get(first["status_url"]).json()["duplicate_of"] is None


def test_a_third_sources_copy_links_to_the_first_not_to_the_second_copy(client: TestClient) -> None:
    first = client.post("/v1/articles", json=NINJS | {"source": "wire-a"}).json()
    client.post("/v1/articles", json=NINJS | {"source": "wire-b"})
    third = client.post("/v1/articles", json=NINJS | {"source": "wire-c"}).json()
    assert third["duplicate_of"] == first["id"]


def test_the_same_source_repeating_its_text_under_another_guid_stays_a_repeat(client: TestClient) -> None:
    first = client.post("/v1/articles", json=NINJS | {"guid": "urn:a:1", "source": "wire-a"}).json()
    again = client.post("/v1/articles", json=NINJS | {"guid": "urn:a:2", "source": "wire-a"})
    assert again.status_code == 200 and again.json()["id"] == first["id"] and again.json()["duplicate"]


def test_each_copy_is_published_in_its_own_sources_feed(database: str) -> None:
    original = post("urn:a:1", HEADLINE, BODY, source="wire-a")
    copy = post("urn:b:1", HEADLINE, BODY, source="wire-b")
    through_pipeline(original)
    through_pipeline(copy)
    with session_scope() as session:
        listed_a, _ = entries(session, Scope(source="wire-a"), limit=10)
        listed_b, _ = entries(session, Scope(source="wire-b"), limit=10)
    assert [e.id for e in listed_a] == [original.article_id] and [e.id for e in listed_b] == [copy.article_id]


def test_a_copy_reuses_the_enrichment_of_the_identical_text(database: str) -> None:
    """Given wire-a's article enriched, when wire-b's copy of the same text reaches enrichment, then the
    first's enrichment is there to copy; a copy whose text differs in any character gets none."""
    original = post("urn:a:1", HEADLINE, BODY, source="wire-a")
    enrich_and_publish(ingest(original), MADE_UP)
    copy = ingest(post("urn:b:1", HEADLINE, BODY, source="wire-b"))
    recased_copy = post("urn:c:1", HEADLINE, RECASED, source="wire-c")
    assert recased_copy.duplicate_of == original.article_id
    recased = ingest(recased_copy)

    with session_scope() as session:
        assert reusable_enrichment(session, session.get_one(ArticleVersion, copy)) == MADE_UP
        assert reusable_enrichment(session, session.get_one(ArticleVersion, recased)) is None


def test_the_enrich_task_stores_the_copied_enrichment_without_running_the_model(database: str) -> None:
    from services.enrich.tasks import process

    original = post("urn:a:1", HEADLINE, BODY, source="wire-a")
    enrich_and_publish(ingest(original), MADE_UP)
    copy = ingest(post("urn:b:1", HEADLINE, BODY, source="wire-b"))

    process({"version_id": copy})

    with session_scope() as session:
        assert session.get_one(ArticleVersion, copy).enrichment == MADE_UP
