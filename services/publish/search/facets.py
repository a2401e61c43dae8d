"""Counts of a search's matches per focus country, place, entity, source and day: a histogram and a map."""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.publish.search.filters import Filters
from services.publish.search.query import DATED, selection
from shared.known import aware
from shared.models import Article, Entity, Mention, Place

TOP = 50  # places, entities, sources and countries, the most frequent first; days are all shown


def _top(counts: Counter[str]) -> list[tuple[str, int]]:
    """The TOP most frequent, ties in key order."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]


def _top_ids(counts: dict[int, int]) -> list[tuple[int, int]]:
    """The TOP most frequent ids, ties by id."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]


def facets(session: Session, filters: Filters) -> dict[str, Any]:
    """For the articles the filters choose: their total and their counts per facet."""
    matches = selection(session, filters).query.with_only_columns(
        Article.id, Article.current_version_id.label("version_id"), Article.country_code, Article.source,
        DATED.label("dated")).subquery()
    # One pass over the matches for the total, countries, sources and days (each its own grouped query
    # would find the matches again: four full-text searches instead of one).
    rows = session.execute(select(matches.c.id, matches.c.country_code, matches.c.source, matches.c.dated)).all()
    total = len(rows)
    countries = _top(Counter(row.country_code for row in rows if row.country_code is not None))
    sources = _top(Counter(row.source for row in rows))
    days = sorted(Counter(aware(row.dated).astimezone(UTC).date().isoformat() for row in rows).items())
    # One grouped pass over the matches' mentions for places and entities together, names read for the top.
    mentioned = session.execute(
        select(Mention.place_geonameid, Mention.entity_id, func.count(func.distinct(matches.c.id)))
        .select_from(matches).join(Mention, Mention.version_id == matches.c.version_id)
        .group_by(Mention.place_geonameid, Mention.entity_id)).all()
    top_places = _top_ids({gid: n for gid, eid, n in mentioned if gid is not None and eid is None})
    top_entities = _top_ids({eid: n for gid, eid, n in mentioned if eid is not None and gid is None})
    place_rows = {row.geonameid: row for row in session.execute(
        select(Place.geonameid, Place.name, Place.country_code, Place.lat, Place.lon)
        .where(Place.geonameid.in_([gid for gid, _ in top_places])))}
    entity_rows = {row.id: row for row in session.execute(
        select(Entity.id, Entity.label, Entity.name).where(Entity.id.in_([eid for eid, _ in top_entities])))}
    places = [(*place_rows[gid], n) for gid, n in top_places]
    entities = [(*entity_rows[eid], n) for eid, n in top_entities]
    return {
        "total": total,
        "countries": [{"country_code": code, "count": n} for code, n in countries],
        "places": [{"geonameid": gid, "name": name, "country_code": cc, "lat": lat, "lon": lon, "count": n}
                   for gid, name, cc, lat, lon, n in places],
        "entities": [{"id": eid, "label": label, "name": name, "count": n} for eid, label, name, n in entities],
        "sources": [{"source": source, "count": n} for source, n in sources],
        "days": [{"day": str(d), "count": n} for d, n in days],
    }
