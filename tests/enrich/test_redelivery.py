"""The enrich stage's write may run many times for one version, in any order: one enrichment, one publication."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from services.enrich.store import save_enrichment
from services.publish.store import publish_version
from shared.db import session_scope
from shared.enrichment import Enrichment
from shared.models import ArticleVersion, Entity, Mention, OutboxEvent, Place
from shared.queues import PUBLISH_TASK
from tests.ingest.stages import concurrently, in_transaction, ingest, post

COPIES = 4
MANILA = {"name": "Manila", "geonameid": 1701668, "country_code": "PH", "lat": 14.6042, "lon": 120.9822,
          "feature_class": "P", "feature_code": "PPLC", "disputed": [], "confidence": 0.9,
          "mentions": [{"start": 4, "end": 10, "text": "Manila"}, {"start": 30, "end": 36, "text": "Manila"}]}
ENRICHMENT = Enrichment.model_validate({"places": [MANILA], "entities": [
    {"label": "ORG", "name": "Coast Guard", "mentions": [{"start": 12, "end": 23, "text": "Coast Guard"}]}]})


def _versions() -> list[str]:
    """Three ingested, not yet enriched articles: their version ids."""
    return [ingest(post(f"urn:reenrich:{n}", f"Ferry story {n}", f"In Manila, the Coast Guard said ferry {n} "
                        "left Manila on time.")) for n in range(3)]


def _save(version_id: str) -> None:
    in_transaction(save_enrichment, version_id, ENRICHMENT)


def _assert_one_enrichment_each(versions: list[str]) -> None:
    with session_scope() as session:
        mentions = dict(session.execute(select(Mention.version_id, func.count()).group_by(Mention.version_id)).all())
        assert session.scalar(select(func.count()).select_from(Place)) == 1
        assert session.scalar(select(func.count()).select_from(Entity)) == 1
        enriched = session.scalars(select(ArticleVersion.enrichment).where(ArticleVersion.id.in_(versions))).all()
    assert mentions == {version_id: 3 for version_id in versions}  # two place mentions, one entity mention
    assert enriched == [ENRICHMENT] * len(versions)


def _published_once_each(versions: list[str]) -> None:
    """Every publish message queued (duplicates included) handled: one announcement per version."""
    with session_scope() as session:
        queued = [event.payload["version_id"] for event in session.scalars(
            select(OutboxEvent).where(OutboxEvent.kind == "task", OutboxEvent.name == PUBLISH_TASK))]
    assert set(queued) == set(versions)
    random.shuffle(queued)
    for version_id in queued:
        in_transaction(publish_version, version_id)
    with session_scope() as session:
        announced = [event.payload["article"]["version_id"] for event in session.scalars(
            select(OutboxEvent).where(OutboxEvent.kind == "announce"))]
    assert sorted(announced) == sorted(versions)


def test_each_enrichment_saved_many_times_in_random_order_is_stored_and_queued_once(pg_redis: dict[str, str]) -> None:
    """Given three versions, when each one's enrichment is saved four times in a random order, then each has one
    set of mentions, the place and the entity exist once, and one publish message is queued per version."""
    versions = _versions()
    messages = versions * COPIES
    random.shuffle(messages)

    for version_id in messages:
        _save(version_id)

    _assert_one_enrichment_each(versions)
    with session_scope() as session:
        queued = session.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == PUBLISH_TASK)).all()
    assert sorted(payload["version_id"] for payload in queued) == sorted(versions)


def test_each_enrichment_saved_many_times_at_once_is_stored_once_and_published_once(pg_redis: dict[str, str]) -> None:
    """The same with every copy saved at the same moment by its own worker thread: one set of mentions per
    version, and however many publish messages the race queued, one announcement per version."""
    versions = _versions()

    concurrently(_save, versions * COPIES)

    _assert_one_enrichment_each(versions)
    _published_once_each(versions)
