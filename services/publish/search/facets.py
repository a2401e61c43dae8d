"""Counts of a search's matches per focus country, place, entity, source and day: a histogram and a map."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Integer, String, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from services.publish.search.engines import is_postgresql, plan_each_search
from services.publish.search.filters import Filters
from services.publish.search.query import DATED, selection
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
    plan_each_search(session)
    matches = selection(session, filters).query.with_only_columns(
        Article.id, Article.current_version_id.label("version_id"), Article.country_code, Article.source,
        DATED.label("dated")).cte("matches")
    # One statement: the matches are found once (a CTE read by every branch, so PostgreSQL materialises it)
    # and counted per facet by the database, instead of sending every match to Python and finding them again
    # for the mentions (two full-text searches, and every row over the wire).
    day = (func.to_char(func.timezone("UTC", matches.c.dated), "YYYY-MM-DD") if is_postgresql(session)
           else func.substr(matches.c.dated, 1, 10))
    no_text, no_id = cast(null(), String), cast(null(), Integer)
    counted = union_all(
        select(literal("total"), no_text, no_id, no_id, func.count()).select_from(matches),
        select(literal("country"), matches.c.country_code, no_id, no_id, func.count())
        .where(matches.c.country_code.is_not(None)).group_by(matches.c.country_code),
        select(literal("source"), matches.c.source, no_id, no_id, func.count()).group_by(matches.c.source),
        select(literal("day"), day, no_id, no_id, func.count()).group_by(day),
        select(literal("mention"), no_text, Mention.place_geonameid, Mention.entity_id,
               func.count(func.distinct(matches.c.id)))
        .select_from(matches).join(Mention, Mention.version_id == matches.c.version_id)
        .group_by(Mention.place_geonameid, Mention.entity_id))
    by_kind: dict[str, list[Any]] = {"total": [], "country": [], "source": [], "day": [], "mention": []}
    for kind, key, place_id, entity_id, n in session.execute(counted):
        by_kind[kind].append((key, place_id, entity_id, n))
    total = by_kind["total"][0][3] if by_kind["total"] else 0
    countries = _top(Counter({key: n for key, _, _, n in by_kind["country"]}))
    sources = _top(Counter({key: n for key, _, _, n in by_kind["source"]}))
    days = sorted((key, n) for key, _, _, n in by_kind["day"])
    top_places = _top_ids({gid: n for _, gid, eid, n in by_kind["mention"] if gid is not None and eid is None})
    top_entities = _top_ids({eid: n for _, gid, eid, n in by_kind["mention"] if eid is not None and gid is None})
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
