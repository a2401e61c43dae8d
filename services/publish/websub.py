"""WebSub: after a publish, tell the configured hub which feeds changed, so subscribers hear at once.

The ping is a courtesy: a hub that is down must never fail or delay a publish, so errors are logged
and dropped (subscribers still poll the feeds, which carry ETag and Last-Modified).
"""

from __future__ import annotations

from urllib.parse import quote

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.publish.feeds import FORMATS
from shared.logging import get_logger
from shared.models import Article, ArticleVersion, Mention
from shared.settings import get_settings

log = get_logger(__name__)
PING_TIMEOUT_S = 5.0


def enabled() -> bool:
    """Whether a hub is configured (NEWSFLOW_WEBSUB_HUB): without one there is nobody to tell."""
    return bool(get_settings().websub_hub)


def topics(session: Session, version_id: str) -> list[str]:
    """Every feed URL that publishing this version changes: all, its source, country, places and entities."""
    version = session.get_one(ArticleVersion, version_id)
    article = session.get_one(Article, version.article_id)
    # Mentions of every version: a withdrawal repeats the text but is not enriched again. The version ids come
    # first so the mention lookup is by its version_id index (a join let the planner scan the whole table).
    versions = list(session.scalars(select(ArticleVersion.id).where(ArticleVersion.article_id == article.id)))
    mentions = session.execute(
        select(Mention.place_geonameid, Mention.entity_id).distinct().where(Mention.version_id.in_(versions))).all()
    paths = ["all", f"sources/{quote(article.source, safe='')}"]
    if article.country_code:
        paths.append(f"countries/{article.country_code.lower()}")
    paths += sorted({f"places/{place}" for place, _ in mentions if place is not None})
    paths += sorted({f"entities/{entity}" for _, entity in mentions if entity is not None})
    base = get_settings().base_url
    return [f"{base}/feeds/{path}.{fmt}" for path in paths for fmt in FORMATS]


def ping(feed_urls: list[str]) -> bool:
    """POST ``hub.mode=publish`` with every changed feed to the hub; False (logged) when it did not take it."""
    hub = get_settings().websub_hub
    if not hub or not feed_urls:
        return False
    try:
        answer = httpx.post(hub, data={"hub.mode": "publish", "hub.url": feed_urls}, timeout=PING_TIMEOUT_S)
    except httpx.HTTPError as exc:
        log.warning("websub.ping_failed", hub=hub, error=f"{type(exc).__name__}: {exc}")
        return False
    if not answer.is_success:
        log.warning("websub.ping_refused", hub=hub, status=answer.status_code)
        return False
    log.info("websub.pinged", hub=hub, feeds=len(feed_urls))
    return True
