"""Versions of one article made and published at once: numbered 1..n, announced once as published, then in order.

Real concurrency (one thread per version, released together, in random order) on PostgreSQL and on the
embedded SQLite default, through the stages' own functions; transient errors are retried as tasks retry them.
"""

from __future__ import annotations

import random
import time

import pytest
from sqlalchemy import select

from services.ingest.store import ingest_submissions
from shared.db import session_scope
from shared.models import ArticleVersion
from tests.ingest.stages import (
    add_mirror,
    announcements,
    article,
    concurrently,
    deliveries,
    enrich_and_publish,
    in_transaction,
    ingest,
    post,
    through_pipeline,
)

GUID = "urn:wire-a:storm"
VERSIONS = 20


@pytest.fixture(params=["pg_redis", "embedded"])
def database(request: pytest.FixtureRequest) -> str:
    """Each test on PostgreSQL and on the embedded SQLite database."""
    request.getfixturevalue(request.param)
    return str(request.param)


def _texts(count: int, day: str = "Monday") -> list[tuple[str, str]]:
    return [(f"Storm update {n}", f"The storm moved {n} kilometres inland on {day}, forecasters said.")
            for n in range(1, count + 1)]


def _numbers(article_id: str) -> list[int]:
    with session_scope() as session:
        return sorted(session.scalars(select(ArticleVersion.number).where(ArticleVersion.article_id == article_id)))


def test_versions_ingested_at_once_are_numbered_one_to_n_without_a_repeat(database: str) -> None:
    """Given twenty accepted versions of one guid, when twenty ingest workers take them at once, then 1..20."""
    accepted = [post(GUID, headline, body) for headline, body in _texts(VERSIONS)]
    assert all(a.created for a in accepted) and len({a.article_id for a in accepted}) == 1

    concurrently(ingest, accepted)

    assert _numbers(accepted[0].article_id) == list(range(1, VERSIONS + 1))


def test_two_versions_at_once_give_one_published_then_one_updated(database: str) -> None:
    """The issue's case, five times over: two texts of one guid, ingested and published at once."""
    add_mirror()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        accepted = [post(f"{GUID}:{day}", headline, body) for headline, body in _texts(2, day)]

        concurrently(through_pipeline, accepted)

        article_id = accepted[0].article_id
        assert _numbers(article_id) == [1, 2]
        with session_scope() as session:
            told = announcements(session, article_id)
            pushed = deliveries(session, article_id)
        assert [event for event, _ in told].count("published") == 1 and told[0][0] == "published"
        assert told == pushed, "mirrors get what the exchange gets"


def test_versions_racing_through_every_stage_are_announced_once_as_published_then_in_order(database: str) -> None:
    """Given many versions, each ingested, enriched and published by its own worker at random moments,
    then the exchange and the mirror see exactly one published, first, then updates with rising numbers,
    ending with the newest version, and no version is announced twice."""
    add_mirror()
    accepted = [post(GUID, headline, body) for headline, body in _texts(12)]

    def pipeline(acceptance):  # type: ignore[no-untyped-def]
        version_id = ingest(acceptance)
        time.sleep(random.uniform(0, 0.2))  # enrichment takes as long as it takes
        enrich_and_publish(version_id)

    concurrently(pipeline, accepted)

    article_id = accepted[0].article_id
    with session_scope() as session:
        told = announcements(session, article_id)
        pushed = deliveries(session, article_id)
        current = session.get_one(ArticleVersion, article(session, article_id).current_version_id)
    events, numbers = [event for event, _ in told], [number for _, number in told]
    assert events[0] == "published" and set(events[1:]) <= {"updated"}, told
    assert numbers == sorted(set(numbers)), f"announced out of order or twice: {told}"
    # the current (and last announced) version is the newest the source sent, whichever worker made it when
    assert numbers[-1] == current.number and current.submission_id == accepted[-1].submission_id
    assert current.published_at is not None
    assert told == pushed


def test_a_version_reaching_publish_after_a_newer_one_is_not_announced(database: str) -> None:
    """Given version 2 published first, when version 1 reaches the publish stage, then it is skipped:
    receivers never go back to older text, and version 2 was the one published."""
    first = post(GUID, "Storm nears", "The storm neared the coast on Monday.")
    second = post(GUID, "Storm lands", "The storm made landfall on Monday night.")
    older, newer = ingest(first), ingest(second)

    enrich_and_publish(newer)
    enrich_and_publish(older)

    with session_scope() as session:
        assert announcements(session, first.article_id) == [("published", 2)]


def test_one_batch_of_new_articles_updates_and_repeats_numbers_each_article_in_order(database: str) -> None:
    """Given, in one ingest batch: three new articles, a second version of an article ingested before, and a new
    article submitted twice (as a backlog holds them), when the batch is ingested (twice: a redelivery), then each
    new article has version 1 as its current version, the updated one 1 and 2 with 2 current, the twice-submitted
    one 1 and 2 in the source's order, and the redelivery adds nothing."""
    fresh = [post(f"urn:wire-a:new-{n}", f"Bridge {n} opens", f"Bridge {n} opened on Monday.") for n in range(3)]
    earlier = post("urn:wire-a:road", "Road closed", "The coast road closed on Monday.")
    ingest(earlier)
    update = post("urn:wire-a:road", "Road reopens", "The coast road reopened on Tuesday.",
                  versioncreated="2026-12-01T10:00:00Z")
    twice = [post("urn:wire-a:ferry", "Ferry delayed", "The ferry was delayed on Monday.",
                  versioncreated="2026-12-01T09:00:00Z"),
             post("urn:wire-a:ferry", "Ferry cancelled", "The ferry was cancelled on Monday.",
                  versioncreated="2026-12-01T11:00:00Z")]
    batch = [a.events[0].payload["submission_id"] for a in [*fresh, update, *reversed(twice)]]

    events = in_transaction(ingest_submissions, batch)
    again = in_transaction(ingest_submissions, batch)

    assert len(events) == 1 and len(events[0].payload["version_ids"]) == 6 and again == []
    with session_scope() as session:
        for accepted in fresh:
            current = session.get_one(ArticleVersion, article(session, accepted.article_id).current_version_id)
            assert current.number == 1
        assert _numbers(earlier.article_id) == [1, 2]
        road = article(session, earlier.article_id)
        assert session.get_one(ArticleVersion, road.current_version_id).headline == "Road reopens"
        ferry = article(session, twice[0].article_id)
        assert _numbers(ferry.id) == [1, 2]
        assert session.get_one(ArticleVersion, ferry.current_version_id).headline == "Ferry cancelled"
