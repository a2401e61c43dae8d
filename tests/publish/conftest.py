"""Published articles made through the publish service's own code path, on a real database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from services.publish.store import publish_version
from shared.enrichment import Enrichment
from shared.models import Article, ArticleVersion, Entity, Mention, OutboxEvent, Place, Submission

KYIV = {"geonameid": 703448, "name": "Kyiv", "country_code": "UA", "lat": 50.45466, "lon": 30.5238}
MANILA = {"geonameid": 1701668, "name": "Manila", "country_code": "PH", "lat": 14.6042, "lon": 120.9822}


@dataclass
class Published:
    """What publishing one version wrote: the ids and the outbox events."""

    article_id: str
    version_id: str
    events: list[OutboxEvent]


def publish(session: Session, guid: str, headline: str, place: dict[str, Any] | None = None,
            versioncreated: datetime | None = None, pubstatus: str = "usable", source: str = "wire",
            entity: str | None = None, body_html: str | None = None, publish_now: bool = True) -> Published:
    """Store a new version of the article ``guid`` as enrich leaves it, then publish it (unless told not to)."""
    article = session.query(Article).filter_by(source=source, guid=guid).one_or_none()
    if article is None:
        article = Article(source=source, guid=guid, language="en")
        session.add(article)
        session.flush()
    number = session.query(ArticleVersion).filter_by(article_id=article.id).count() + 1
    text = f"{headline}. Our own sentence number {number} about it."
    submission = Submission(article_id=article.id, content_hash=hashlib.sha256(f"{guid}{number}".encode()).hexdigest(),
                            content_type="application/json", payload={}, versioncreated=versioncreated)
    session.add(submission)
    session.flush()
    places = [{**place, "feature_class": "P", "feature_code": "PPLC", "disputed": [], "confidence": 0.9,
               "mentions": [{"start": 0, "end": len(place["name"]), "text": place["name"]}]}] if place else []
    entities = [{"label": "ORG", "name": entity, "mentions": []}] if entity else []
    version = ArticleVersion(
        article_id=article.id, submission_id=submission.id, number=number, headline=headline, body_text=text,
        body_html=body_html or f"<p>{text}</p>", summary=text, byline="Desk Reporter", language="en",
        pubstatus=pubstatus, versioncreated=versioncreated,
        enrichment=Enrichment.model_validate({"places": places, "entities": entities}))
    session.add(version)
    session.flush()
    if place:
        if session.get(Place, place["geonameid"]) is None:
            session.add(Place(**place))
            session.flush()
        session.add(Mention(version_id=version.id, kind="place", place_geonameid=place["geonameid"],
                            text=place["name"], start=0, end=len(place["name"])))
    if entity:
        row = session.query(Entity).filter_by(label="ORG", name=entity).one_or_none() or Entity(label="ORG",
                                                                                             name=entity)
        session.add(row)
        session.flush()
        session.add(Mention(version_id=version.id, kind="entity", entity_id=row.id, text=entity, start=1, end=2))
    article.current_version_id, article.pubstatus, article.headline = version.id, pubstatus, headline
    article.country_code = place["country_code"] if place else None
    session.flush()
    return Published(article.id, version.id, publish_version(session, version.id) if publish_now else [])


@pytest.fixture()
def database(pg_redis: dict[str, str]) -> dict[str, str]:
    """A migrated PostgreSQL database and a clean Redis, configured for this test."""
    return pg_redis
