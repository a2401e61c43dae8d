"""The downstream view of an article version: the exchange message and the mirrors' ninjs body."""

from __future__ import annotations

from typing import Any

from shared.enrichment import Enrichment
from shared.messages import AnnouncedArticle, ArticleAnnouncement
from shared.models import Article, ArticleVersion
from shared.settings import get_settings

NINJS_EXTENSION = "newsflow"  # our enrichment travels under this key of the ninjs object


def article_url(article_id: str) -> str:
    """The absolute URL of an article's status resource."""
    return f"{get_settings().base_url}/v1/articles/{article_id}"


def event_of(version: ArticleVersion) -> str:
    """The event a version was announced as (chosen by services/publish/events.py when it was published)."""
    if version.event is not None:
        return version.event
    # Versions published before the event was recorded: the rule of that time.
    if version.pubstatus == "canceled":
        return "withdrawn"
    return "published" if version.number == 1 else "updated"


def announcement(article: Article, version: ArticleVersion) -> ArticleAnnouncement:
    """The message on the topic exchange for this version."""
    enrichment = version.enrichment or Enrichment()
    return ArticleAnnouncement(
        event=event_of(version),  # type: ignore[arg-type]
        article=AnnouncedArticle(
            id=article.id, guid=article.guid, source=article.source, version_id=version.id,
            version=version.number, url=article_url(article.id), headline=version.headline,
            summary=version.summary, body_text=version.body_text, byline=version.byline,
            dateline=version.dateline, language=version.language, located=version.located,
            pubstatus=version.pubstatus, versioncreated=version.versioncreated, captions=list(version.captions),
            duplicate_of=article.duplicate_of,
        ),
        places=list(enrichment.places),
        entities=list(enrichment.entities),
    )


def ninjs(article: Article, version: ArticleVersion) -> dict[str, Any]:
    """The article as a ninjs 2.0 object, with our enrichment under the ``newsflow`` extension key."""
    enrichment = version.enrichment or Enrichment()
    body: dict[str, Any] = {
        "$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json",
        "uri": article.guid,
        "type": "text",
        "version": str(version.number),
        "pubstatus": version.pubstatus,
        "language": version.language,
        "headlines": [{"role": "main", "value": version.headline}],
        "bodies": [
            {"role": "main", "contenttype": "text/plain", "value": version.body_text},
            {"role": "main", "contenttype": "text/html", "value": version.body_html},
        ],
        "descriptions": [{"role": "summary", "value": version.summary}],
        "by": version.byline,
        "located": version.located or version.dateline,
        "places": [
            {"name": p.name, "uri": f"http://sws.geonames.org/{p.geonameid}/",
             "geometry_geojson": {"type": "Point", "coordinates": [p.lon, p.lat]}}
            for p in enrichment.places if p.geonameid is not None
        ],
        "people": [{"name": e.name} for e in enrichment.entities if e.label == "PERSON"],
        "organisations": [{"name": e.name} for e in enrichment.entities if e.label == "ORG"],
        NINJS_EXTENSION: {"article_id": article.id, "version_id": version.id, "event": event_of(version),
                          "source": article.source, "duplicate_of": article.duplicate_of,
                          "captions": list(version.captions), **enrichment.model_dump(mode="json")},
    }
    if version.versioncreated is not None:
        body["versioncreated"] = version.versioncreated.isoformat()
    return {key: value for key, value in body.items() if value is not None}
