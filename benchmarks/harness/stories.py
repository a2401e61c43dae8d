"""Published, enriched articles written straight into the tables in bulk: search's test data and benchmark load.

Rows are what the pipeline leaves (article, submission, version with its enrichment, places, entities,
mentions) so search reads them exactly as it reads real ones; one executemany per table per batch.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from shared.enrichment import Enrichment, Focus
from shared.models import Article, ArticleVersion, Entity, Mention, Place, Submission


@dataclass(frozen=True)
class StoryPlace:
    """A place a story names, as the gazetteer knows it."""

    geonameid: int
    name: str
    country_code: str
    lat: float
    lon: float
    feature_code: str = "PPL"
    admin1_code: str | None = None


@dataclass(frozen=True)
class Story:
    """One published article and what enrichment found in it."""

    headline: str
    body: str
    dated: datetime  # aware; the source's firstcreated, and every stored time of the article
    source: str = "wire"
    language: str = "en"
    status: str = "published"
    pubstatus: str = "usable"
    places: tuple[StoryPlace, ...] = ()
    entities: tuple[tuple[str, str], ...] = ()  # (label, name)
    focus_country: str | None = None
    updated_at: datetime | None = None
    guid: str = field(default_factory=lambda: uuid.uuid4().hex)
    enrichment: Enrichment | None = None  # shared by copies of one text; else made from places and entities


def _insert(connection: Connection, model: Any, rows: list[dict[str, Any]], ignore: bool = False) -> None:
    if not rows:
        return
    table: Table = model.__table__
    if connection.dialect.name == "postgresql" and not ignore:
        _copy(connection, table, rows)
        return
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).on_conflict_do_nothing() if ignore else insert(table)
    connection.execute(statement, rows)


def _copy(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY: a hundred thousand articles' rows in seconds rather than one statement each."""
    columns = list(rows[0])
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    quoted = ", ".join(f'"{name}"' for name in columns)
    structured = [name for name in columns if isinstance(rows[0][name], dict | list | Enrichment)]
    written: dict[int, str] = {}  # copies of one text share their enrichment: serialised once
    with cursor.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            values = dict(row)
            for name in structured:
                value = row[name]
                if isinstance(value, Enrichment):
                    values[name] = written.get(id(value)) or written.setdefault(id(value), value.model_dump_json())
                else:
                    values[name] = json.dumps(value)
            copy.write_row([values[name] for name in columns])


def load(connection: Connection, stories: list[Story]) -> list[str]:
    """Write the stories (one batch); the article ids, in order."""
    places = {p.geonameid: p for story in stories for p in story.places}
    _insert(connection, Place, [{"geonameid": p.geonameid, "name": p.name, "country_code": p.country_code,
                                 "lat": p.lat, "lon": p.lon, "feature_class": _feature_class(p),
                                 "feature_code": p.feature_code, "admin1_code": p.admin1_code, "disputed": []}
                                for p in places.values()], ignore=True)
    pairs = {pair for story in stories for pair in story.entities}
    _insert(connection, Entity, [{"label": label, "name": name} for label, name in pairs], ignore=True)
    entity_ids = {(label, name): eid for eid, label, name in connection.execute(
        select(Entity.id, Entity.label, Entity.name).where(Entity.name.in_({name for _, name in pairs})))}
    articles: list[dict[str, Any]] = []
    submissions: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for story in stories:
        article_id, version_id, submission_id = (str(uuid.uuid4()) for _ in range(3))
        articles.append({"id": article_id, "source": story.source, "guid": story.guid, "status": story.status,
                         "pubstatus": story.pubstatus, "headline": story.headline, "language": story.language,
                         "country_code": story.focus_country, "current_version_id": version_id,
                         "created_at": story.dated, "updated_at": story.updated_at or story.dated,
                         "published_at": story.dated, "firstcreated": story.dated,
                         "listed_at": story.dated})
        submissions.append({"id": submission_id, "article_id": article_id, "content_type": "application/json",
                            "content_hash": hashlib.sha256(story.guid.encode()).hexdigest(), "payload": {},
                            "pubstatus": story.pubstatus, "received_at": story.dated})
        versions.append({"id": version_id, "article_id": article_id, "submission_id": submission_id, "number": 1,
                         "headline": story.headline, "body_text": story.body, "body_html": f"<p>{story.body}</p>",
                         "summary": story.body[:200], "language": story.language, "pubstatus": story.pubstatus,
                         "enrichment": story.enrichment or _enrichment(story), "created_at": story.dated,
                         "enriched_at": story.dated, "published_at": story.dated, "captions": [],
                         "alternate_urls": []})
        text = f"{story.headline}\n\n{story.body}"
        mentions += [{"version_id": version_id, "kind": "place", "place_geonameid": p.geonameid, "entity_id": None,
                      "text": p.name, **_span(text, p.name, n)} for n, p in enumerate(story.places)]
        mentions += [{"version_id": version_id, "kind": "entity", "place_geonameid": None,
                      "entity_id": entity_ids[pair], "text": pair[1], **_span(text, pair[1], 1000 + n)}
                     for n, pair in enumerate(story.entities)]
    _insert(connection, Article, articles)
    _insert(connection, Submission, submissions)
    _insert(connection, ArticleVersion, versions)
    # Two names found at one spot (a label's two readings) are one mention, as the unique key says.
    unique = {(m["version_id"], m["kind"], m["start"], m["end"]): m for m in reversed(mentions)}
    _insert(connection, Mention, list(unique.values()))
    return [row["id"] for row in articles]


def _span(text: str, name: str, fallback: int) -> dict[str, int]:
    start = text.find(name)
    start = start if start >= 0 else fallback * 1000  # unique per version when the name is not in the text
    return {"start": start, "end": start + len(name)}


def _enrichment(story: Story) -> Enrichment:
    text = f"{story.headline}\n\n{story.body}"
    return Enrichment.model_validate({
        "places": [{"geonameid": p.geonameid, "name": p.name, "country_code": p.country_code, "lat": p.lat,
                    "lon": p.lon, "admin1_code": p.admin1_code, "feature_code": p.feature_code,
                    "feature_class": _feature_class(p), "confidence": 0.9,
                    "mentions": [{"text": p.name, **_span(text, p.name, n)}]}
                   for n, p in enumerate(story.places)],
        "entities": [{"label": label, "name": name, "mentions": [{"text": name, **_span(text, name, 1000 + n)}]}
                     for n, (label, name) in enumerate(story.entities)],
        "focus": Focus(country_code=story.focus_country),
    })


def _feature_class(place: StoryPlace) -> str:
    return "A" if place.feature_code.startswith(("PCL", "ADM")) else "P"
