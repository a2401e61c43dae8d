"""What the enrich service writes: places, entities and mentions of one article version."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from shared import outbox
from shared.enrichment import Enrichment
from shared.enrichment import Entity as FoundEntity
from shared.enrichment import Place as FoundPlace
from shared.messages import PublishRequested
from shared.models import (
    Article,
    ArticleStatus,
    ArticleVersion,
    Base,
    Entity,
    Mention,
    OutboxEvent,
    Place,
    utcnow,
    version_and_article,
)
from shared.queues import PUBLISH_TASK

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def enrichment_text(version: ArticleVersion) -> str:
    """The text enrichment reads; mention offsets point into it (headline, blank line, body)."""
    return f"{version.headline}\n\n{version.body_text}"


def reusable_enrichment(session: Session, version: ArticleVersion) -> Enrichment | None:
    """The enrichment of the same text in the article this one duplicates, if it was enriched already.

    Only an identical headline and body qualify: mention offsets point into the text character by character.
    """
    original = session.scalar(select(Article.duplicate_of).where(Article.id == version.article_id))
    if original is None:
        return None
    return session.scalar(select(ArticleVersion.enrichment).where(
        ArticleVersion.article_id == original, ArticleVersion.enriched_at.is_not(None),
        ArticleVersion.headline == version.headline, ArticleVersion.body_text == version.body_text,
        ArticleVersion.enrichment.is_not(None)).order_by(ArticleVersion.number.desc()).limit(1))


def _insert_ignore(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert rows that are not there yet; concurrent workers inserting the same row both succeed."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    # executemany with one compiled statement (a multi-row VALUES is recompiled for every row count), on the
    # table rather than the mapped class: the ORM's bulk-insert bookkeeping is not needed for rows it never loads.
    table = cast(Table, model.__table__)
    session.execute(insert(table).on_conflict_do_nothing(), rows)


# The columns of the place table a found place fills (its first-level division lives in the enrichment only).
_PLACE_COLUMNS = {column.name for column in Place.__table__.columns} & set(FoundPlace.model_fields)


def _main_country(places: Sequence[FoundPlace]) -> str | None:
    counts = Counter(p.country_code for p in places if p.country_code for _ in p.mentions)
    return counts.most_common(1)[0][0] if counts else None


def save_enrichment(session: Session, version_id: str, enrichment: Enrichment) -> list[OutboxEvent]:
    """Store an enrichment and queue publication; a second call for the same version does nothing."""
    # Both rows read before anything is written: no autoflush between statements.
    version, article = version_and_article(session, version_id)
    if version.enriched_at is not None:
        return []
    places = enrichment.places
    _insert_ignore(session, Place, [p.model_dump(mode="json", include=_PLACE_COLUMNS)
                                    for p in places if p.geonameid is not None])
    # Places are stored once, as places; the enrichment JSON keeps them among the entities too.
    entities = [e for e in enrichment.entities if e.label not in PLACE_LABELS]
    _insert_ignore(session, Entity, [{"label": e.label, "name": e.name} for e in entities])
    mentions = [
        {"version_id": version_id, "kind": "place", "place_geonameid": p.geonameid, "entity_id": None,
         "text": m.text[:300], "start": m.start, "end": m.end, "confidence": p.confidence}
        for p in places for m in p.mentions
    ]
    entity_ids = _entity_ids(session, entities)
    mentions += [
        {"version_id": version_id, "kind": "entity", "place_geonameid": None,
         "entity_id": entity_ids[(e.label, e.name)],
         "text": m.text[:300], "start": m.start, "end": m.end, "confidence": None}
        for e in entities for m in e.mentions
    ]
    _insert_ignore(session, Mention, mentions)
    version.enrichment = enrichment
    version.enriched_at = utcnow()
    # The story's focus routes it (country feeds, the routing key); the most-mentioned country only when the
    # focus names none.
    article.country_code = enrichment.focus.country_code or _main_country(places)
    if article.status == ArticleStatus.RECEIVED:
        article.status = ArticleStatus.ENRICHED
    return [outbox.add_task(session, PUBLISH_TASK, PublishRequested(version_id=version_id))]


def _entity_ids(session: Session, entities: Sequence[FoundEntity]) -> dict[tuple[str, str], int]:
    if not entities:
        return {}
    pairs = {(e.label, e.name) for e in entities}
    # label = ANY(...) AND name = ANY(...) is an index scan on the unique (label, name) key; a row-value IN
    # list is not, and PostgreSQL scanned the whole table for it. The few extra combinations are dropped here.
    rows = session.execute(select(Entity.id, Entity.label, Entity.name).where(
        Entity.label.in_({label for label, _ in pairs}), Entity.name.in_({name for _, name in pairs})))
    return {(label, name): entity_id for entity_id, label, name in rows if (label, name) in pairs}
