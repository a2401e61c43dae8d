"""The latest articles with the places and entities found in them, for the console."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shared.db import session_scope
from shared.enrichment import Enrichment, Place
from shared.models import Article, ArticleVersion
from shared.worldmap import project


def _place(place: Place) -> dict[str, Any]:
    """A place's fields (not its mentions) and where it sits on the console's world map."""
    x, y = project(place.lon, place.lat) if place.lat is not None and place.lon is not None else (None, None)
    return place.model_dump(mode="json", exclude={"mentions"}) | {"x": x, "y": y}


def recent_articles(limit: int = 20) -> list[dict[str, Any]]:
    """The ``limit`` most recently changed articles, newest first, with their current enrichment."""
    with session_scope() as session:
        rows = session.execute(
            select(Article, ArticleVersion).outerjoin(ArticleVersion, ArticleVersion.id == Article.current_version_id)
            .order_by(Article.updated_at.desc()).limit(limit)).all()
        result = []
        for article, version in rows:
            enrichment = (version.enrichment if version is not None else None) or Enrichment()
            result.append({
                "id": article.id, "headline": article.headline, "status": article.status,
                "source": article.source, "updated_at": article.updated_at.isoformat(),
                "places": [_place(place) for place in enrichment.places],
                "entities": [entity.model_dump(include={"label", "name"}) for entity in enrichment.entities],
            })
        return result
