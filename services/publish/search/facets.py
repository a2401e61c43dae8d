"""Counts of a search's matches per focus country, place, entity, source and day: a histogram and a map."""

from __future__ import annotations

from typing import Any

from sqlalchemy import desc, func, select
from sqlalchemy.orm import Session

from services.publish.search import engines
from services.publish.search.filters import Filters
from services.publish.search.query import DATED, selection
from shared.models import Article, ArticleVersion, Entity, Mention, Place

TOP = 50  # places, entities, sources and countries, the most frequent first; days are all shown


def facets(session: Session, filters: Filters) -> dict[str, Any]:
    """For the articles the filters choose: their total and their counts per facet."""
    matches = selection(session, filters).query.with_only_columns(
        Article.id, ArticleVersion.id.label("version_id"), Article.country_code, Article.source,
        DATED.label("dated")).subquery()
    total = session.scalar(select(func.count()).select_from(matches)) or 0
    count = func.count(func.distinct(matches.c.id)).label("count")
    countries = session.execute(select(matches.c.country_code, count).where(matches.c.country_code.is_not(None))
                                .group_by(matches.c.country_code).order_by(desc("count"), matches.c.country_code)
                                .limit(TOP))
    sources = session.execute(select(matches.c.source, count).group_by(matches.c.source)
                              .order_by(desc("count"), matches.c.source).limit(TOP))
    day = engines.day(session, matches.c.dated).label("day")
    days = session.execute(select(day, count).group_by(day).order_by(day))
    places = session.execute(
        select(Place.geonameid, Place.name, Place.country_code, Place.lat, Place.lon, count).select_from(matches)
        .join(Mention, Mention.version_id == matches.c.version_id)
        .join(Place, Place.geonameid == Mention.place_geonameid)
        .group_by(Place.geonameid, Place.name, Place.country_code, Place.lat, Place.lon)
        .order_by(desc("count"), Place.geonameid).limit(TOP))
    entities = session.execute(
        select(Entity.id, Entity.label, Entity.name, count).select_from(matches)
        .join(Mention, Mention.version_id == matches.c.version_id).join(Entity, Entity.id == Mention.entity_id)
        .group_by(Entity.id, Entity.label, Entity.name).order_by(desc("count"), Entity.id).limit(TOP))
    return {
        "total": total,
        "countries": [{"country_code": code, "count": n} for code, n in countries],
        "places": [{"geonameid": gid, "name": name, "country_code": cc, "lat": lat, "lon": lon, "count": n}
                   for gid, name, cc, lat, lon, n in places],
        "entities": [{"id": eid, "label": label, "name": name, "count": n} for eid, label, name, n in entities],
        "sources": [{"source": source, "count": n} for source, n in sources],
        "days": [{"day": str(d), "count": n} for d, n in days],
    }
