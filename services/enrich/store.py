"""What the enrich service writes: places, entities and mentions of one article version."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import NoResultFound
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
    return save_enrichments(session, [(version_id, enrichment)])


def save_enrichments(session: Session, found: Sequence[tuple[str, Enrichment]]) -> list[OutboxEvent]:
    """Store each version's enrichment and queue the publication of those stored, in one message; a version
    enriched already (a redelivered message) is left as it is.

    Places, entities and mentions of the whole batch are written sorted, one statement each: two batches
    inserting the same new names wait for each other in one order and never deadlock.
    """
    by_id = dict(found)
    rows = session.execute(select(ArticleVersion, Article).join(Article, Article.id == ArticleVersion.article_id)
                           .where(ArticleVersion.id.in_(list(by_id))).order_by(Article.id, ArticleVersion.id)).all()
    if missing := set(by_id) - {version.id for version, _ in rows}:
        raise NoResultFound(f"article version {sorted(missing)[0]} does not exist")
    todo = [(version, article, by_id[version.id]) for version, article in rows if version.enriched_at is None]
    if not todo:
        return []
    places = {p.geonameid: p for _, _, e in todo for p in e.places if p.geonameid is not None}
    _insert_ignore(session, Place, [places[g].model_dump(mode="json", include=_PLACE_COLUMNS) for g in sorted(places)])
    # Places are stored once, as places; the enrichment JSON keeps them among the entities too.
    named = sorted({(e.label, e.name) for _, _, found_ in todo for e in _entities(found_)})
    _insert_ignore(session, Entity, [{"label": label, "name": name} for label, name in named])
    entity_ids = _entity_ids(session, named)
    mentions = []
    for version, article, enrichment in todo:
        mentions += [
            {"version_id": version.id, "kind": "place", "place_geonameid": p.geonameid, "entity_id": None,
             "text": m.text[:300], "start": m.start, "end": m.end, "confidence": p.confidence}
            for p in enrichment.places for m in p.mentions
        ]
        mentions += [
            {"version_id": version.id, "kind": "entity", "place_geonameid": None,
             "entity_id": entity_ids[(e.label, e.name)],
             "text": m.text[:300], "start": m.start, "end": m.end, "confidence": None}
            for e in _entities(enrichment) for m in e.mentions
        ]
        version.enrichment = enrichment
        version.enriched_at = utcnow()
        # The story's focus routes it (country feeds, the routing key); the most-mentioned country only when the
        # focus names none.
        if article.current_version_id == version.id:
            article.country_code = enrichment.focus.country_code or _main_country(enrichment.places)
        # Only the current version moves the article on: a superseded one enriched late (a kill overtook it)
        # must not set back an article whose kill was published already.
        if article.status == ArticleStatus.RECEIVED and article.current_version_id == version.id:
            article.status = ArticleStatus.ENRICHED
    _insert_ignore(session, Mention, sorted(mentions, key=lambda m: (m["version_id"], m["kind"], m["start"], m["end"])))
    stored = [version.id for version, _, _ in todo]
    return [outbox.add_task(session, PUBLISH_TASK, PublishRequested.of(stored))]


def _entities(enrichment: Enrichment) -> list[FoundEntity]:
    """The entities stored as entities (places are stored as places)."""
    return [e for e in enrichment.entities if e.label not in PLACE_LABELS]


def _entity_ids(session: Session, named: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
    if not named:
        return {}
    pairs = set(named)
    # label = ANY(...) AND name = ANY(...) is an index scan on the unique (label, name) key; a row-value IN
    # list is not, and PostgreSQL scanned the whole table for it. The few extra combinations are dropped here.
    rows = session.execute(select(Entity.id, Entity.label, Entity.name).where(
        Entity.label.in_({label for label, _ in pairs}), Entity.name.in_({name for _, name in pairs})))
    return {(label, name): entity_id for entity_id, label, name in rows if (label, name) in pairs}
