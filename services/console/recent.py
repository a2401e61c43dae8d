"""The latest articles with the places and entities found in them, for the console."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.console.worldmap import project
from shared.db import session_scope
from shared.models import Article, ArticleVersion


def _place(place: dict[str, Any]) -> dict[str, Any]:
    on_map = place.get("lat") is not None and place.get("lon") is not None
    x, y = project(place["lon"], place["lat"]) if on_map else (None, None)
    return {"geonameid": place.get("geonameid"), "name": place.get("name"),
            "country_code": place.get("country_code"), "lat": place.get("lat"), "lon": place.get("lon"),
            "disputed": place.get("disputed") or [], "x": x, "y": y}


def recent_articles(limit: int = 20) -> list[dict[str, Any]]:
    """The ``limit`` most recently changed articles, newest first, with their current enrichment."""
    with session_scope() as session:
        rows = session.execute(
            select(Article, ArticleVersion).outerjoin(ArticleVersion, ArticleVersion.id == Article.current_version_id)
            .order_by(Article.updated_at.desc()).limit(limit)).all()
        result = []
        for article, version in rows:
            enrichment = (version.enrichment if version is not None else None) or {}
            result.append({
                "id": article.id, "headline": article.headline, "status": article.status,
                "source": article.source, "updated_at": article.updated_at.isoformat(),
                "places": [_place(place) for place in enrichment.get("places", [])],
                "entities": [{"label": entity.get("label"), "name": entity.get("name")}
                             for entity in enrichment.get("entities", [])],
            })
        return result
