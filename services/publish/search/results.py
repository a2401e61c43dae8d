"""One search result as the API, the export and the command line show it, trimmed to the fields asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, ColumnElement, type_coerce
from sqlalchemy.orm import Session

from services.publish.search import engines
from services.publish.search.query import DATED
from services.publish.search.syntax import Terms
from shared import known
from shared.errors import InvalidInput
from shared.links import article_url, feed_url, page_url
from shared.models import Article, ArticleVersion

FIELDS = ("id", "url", "api_url", "headline", "summary", "snippet", "source", "language", "status", "date",
          "updated_at", "focus_country", "places", "entities", "score", "body")
DEFAULT_FIELDS = tuple(name for name in FIELDS if name != "body")
"""Every field but the body text, which only ``fields=...,body`` asks for."""


def read_fields(text: str | None) -> tuple[str, ...]:
    """The fields named in a comma-separated list (the defaults when none); InvalidInput for an unknown one."""
    if text is None or not text.strip():
        return DEFAULT_FIELDS
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in FIELDS]
    if unknown:
        raise InvalidInput("fields", f"{', '.join(map(repr, unknown))} not among {', '.join(FIELDS)}")
    return ("id", *(name for name in names if name != "id"))


def columns(fields: Sequence[str]) -> list[ColumnElement[Any]]:
    """The columns a page reads for these fields (the article id always: the cursor needs it)."""
    chosen: list[Any] = [Article.id, ArticleVersion.id.label("version_id"), ArticleVersion.headline,
                         Article.source, Article.status, Article.country_code, Article.updated_at,
                         DATED.label("dated"), ArticleVersion.language, ArticleVersion.summary]
    if "body" in fields:
        chosen.append(ArticleVersion.body_text)
    if "places" in fields or "entities" in fields:
        # As stored (plain JSON): the stored contract was validated when written, and validating a whole
        # Enrichment per row again cost a third of a page's time for the few fields a result shows.
        chosen.append(type_coerce(ArticleVersion.enrichment, JSON).label("enrichment"))
    return chosen


def render(session: Session, rows: Sequence[Any], fields: Sequence[str], terms: Terms | None,
           scored: bool) -> list[dict[str, Any]]:
    """The rows of one page as result objects, with snippets and entity ids read in one query each."""
    version_ids = [row.version_id for row in rows]
    marked = engines.snippets(session, terms, version_ids) if terms is not None and "snippet" in fields else {}
    entity_ids = known.entity_ids(session, version_ids) if "entities" in fields else {}
    return [_result(row, fields, marked.get(row.version_id), entity_ids.get(row.version_id, {}), scored)
            for row in rows]


def _result(row: Any, fields: Sequence[str], snippet: str | None, entity_ids: known.EntityIds,
            scored: bool) -> dict[str, Any]:
    enrichment: dict[str, Any] = getattr(row, "enrichment", None) or {}
    every = {
        "id": lambda: row.id, "url": lambda: page_url(row.id), "api_url": lambda: article_url(row.id),
        "headline": lambda: row.headline, "summary": lambda: row.summary, "snippet": lambda: snippet,
        "source": lambda: row.source, "language": lambda: row.language, "status": lambda: row.status,
        "date": lambda: known.aware(row.dated).isoformat(),
        "updated_at": lambda: known.aware(row.updated_at).isoformat(),
        "focus_country": lambda: row.country_code, "body": lambda: row.body_text,
        "score": lambda: float(row.sort_key) if scored else None,
        "places": lambda: [{"geonameid": p.get("geonameid"), "name": p["name"], "country_code": p.get("country_code"),
                            "lat": p.get("lat"), "lon": p.get("lon"), "mentions": len(p.get("mentions") or ()),
                            "feed": feed_url("places", p["geonameid"]) if p.get("geonameid") else None}
                           for p in enrichment.get("places") or ()],
        "entities": lambda: [{"id": entity_ids[(e["label"], e["name"])], "label": e["label"], "name": e["name"],
                              "feed": feed_url("entities", entity_ids[(e["label"], e["name"])])}
                             for e in enrichment.get("entities") or () if (e["label"], e["name"]) in entity_ids],
    }
    return {name: every[name]() for name in fields}
