"""The article as IPTC ninjs 2.2, the body every mirror receives.

ninjs 2.2 (shared/standards/ninjs/ninjs-schema_2.2.json) allows no property of its own making, so our
enrichment goes where the standard has room for it (docs/architecture.md, "What mirrors receive"):
places with their GeoNames URI and a GeoJSON Feature whose ``properties`` carry every other field of the
enrichment's place (disputes, confidence, mentions with their offsets) and the focus; people,
organisations, events and other entities with the URI of their feed; our ids and the source's guid as
``altids``; the source as an ``infosource``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from shared.enrichment import Enrichment, Located
from shared.known import EntityIds
from shared.links import article_urn, feed_url
from shared.models import Article, ArticleVersion

VERSION = "2.2"
SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
# Where each entity label goes among ninjs's lists; a label not named here is one of "objects".
ENTITY_LISTS = {"PERSON": "people", "ORG": "organisations", "EVENT": "events"}


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def utc_iso(moment: datetime | None) -> str | None:
    """An RFC 3339 date-time with its offset, as ninjs's ``format: date-time`` requires (stored times are UTC)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def document(article: Article, version: ArticleVersion, *, entity_ids: EntityIds, firstcreated: str | None,
             page: str | None = None) -> dict[str, Any]:
    """The ninjs object of one version; ``page``, the article's HTML document, is added as a body for html mirrors."""
    enrichment = version.enrichment or Enrichment()
    body: dict[str, Any] = {
        "uri": article_urn(article.id),
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA},
        "type": "text",
        "representationtype": "full",
        "version": str(version.number),
        "firstcreated": firstcreated,
        "versioncreated": utc_iso(version.versioncreated),
        "pubstatus": version.pubstatus,
        "language": version.language,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": version.headline}],
        "descriptions": ([{"role": "summary", "contenttype": "text/plain", "value": version.summary}]
                         if version.summary else [])
        + [{"role": "caption", "contenttype": "text/plain", "value": caption} for caption in version.captions],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": version.body_text},
                   {"role": "main", "contenttype": "text/html", "value": version.body_html}]
        + ([{"role": "page", "contenttype": "text/html", "value": page}] if page is not None else []),
        "by": version.byline,
        "located": version.located or version.dateline,
        "places": _places(enrichment),
        "altids": [{"role": "guid", "value": article.guid}, {"role": "newsflow-article", "value": article.id},
                   {"role": "newsflow-version", "value": version.id}],
        "infosources": [{"name": article.source, "role": "source"}],
        "associations": ([{"name": "duplicate-of", "uri": article_urn(article.duplicate_of)}]
                         if article.duplicate_of else []),
    }
    body |= _entities(enrichment, entity_ids)
    return {key: value for key, value in body.items() if value not in (None, [])}


def _places(enrichment: Enrichment) -> list[dict[str, Any]]:
    """Every place the article names, then its focus country or city when the text did not name it."""
    focus = {which: place for which, place in
             (("country", enrichment.focus.country), ("city", enrichment.focus.city)) if place is not None}
    named = {place.geonameid for place in enrichment.places if place.geonameid is not None}
    unnamed = [place for place in focus.values() if place.geonameid is None or place.geonameid not in named]
    return [_place(place, focus) for place in (*enrichment.places, *unnamed)]


def _place(place: Located, focus: Mapping[str, Located]) -> dict[str, Any]:
    roles = [which for which, main in focus.items()
             if main is place or (main.geonameid is not None and main.geonameid == place.geonameid)]
    # Every field of the enrichment's place but the name and the point, which ninjs and GeoJSON carry.
    properties = place.model_dump(mode="json", exclude={"name", "lat", "lon"}) | {"focus": roles}
    geometry = ({"type": "Point", "coordinates": [place.lon, place.lat]}
                if place.lat is not None and place.lon is not None else None)
    out: dict[str, Any] = {"name": place.name, "rel": "focus" if roles else "mentioned",
                           "geojson": {"type": "Feature", "geometry": geometry, "properties": properties}}
    if place.geonameid is not None:
        out["uri"] = f"https://sws.geonames.org/{place.geonameid}/"
        properties["feed"] = feed_url("places", place.geonameid)
    return out


def _entities(enrichment: Enrichment, entity_ids: EntityIds) -> dict[str, list[dict[str, Any]]]:
    """People, organisations, events and other named things, each linked to its feed when it has one."""
    lists: dict[str, list[dict[str, Any]]] = {}
    for entity in enrichment.entities:
        if entity.label in PLACE_LABELS:
            continue  # places are ninjs places, with their GeoNames uri and point
        item: dict[str, Any] = {"name": entity.name, "rel": "mentioned"}
        entity_id = entity_ids.get((entity.label, entity.name))
        if entity_id is not None:
            item["uri"] = feed_url("entities", entity_id)
        lists.setdefault(ENTITY_LISTS.get(entity.label, "objects"), []).append(item)
    return lists
