"""The exchange message of an article version (the mirrors' ninjs body is services/publish/ninjs.py)."""

from __future__ import annotations

from shared.enrichment import Enrichment
from shared.links import article_url
from shared.messages import AnnouncedArticle, ArticleAnnouncement
from shared.models import Article, ArticleVersion


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
