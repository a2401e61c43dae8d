"""What the database knows of articles beyond one version: the ids of their entities, when they were first created.

The API, feeds, the article page and the mirrors' ninjs link entities to ``/feeds/entities/{id}`` and date an
article by its first version; these are read here in one query per batch of versions or articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.models import Article, ArticleVersion, Entity, Mention

EntityIds = dict[tuple[str, str], int]
"""An entity's database id by its (label, name), the key the enrichment names it by."""


def entity_ids(session: Session, version_ids: Iterable[str]) -> dict[str, EntityIds]:
    """For each version, the ids of the entities it mentions."""
    found: dict[str, EntityIds] = defaultdict(dict)
    rows = session.execute(select(Mention.version_id, Entity.id, Entity.label, Entity.name).distinct()
                           .join(Entity, Entity.id == Mention.entity_id)
                           .where(Mention.version_id.in_(list(version_ids))))
    for version_id, entity_id, label, name in rows:
        found[version_id][(label, name)] = entity_id
    return found


def first_created(session: Session, article_ids: Iterable[str]) -> dict[str, datetime]:
    """For each article, when its source created it: the ``firstcreated`` the source gave, else the earliest
    ``versioncreated`` of its versions."""
    ids = list(article_ids)
    rows = session.execute(select(ArticleVersion.article_id, func.min(ArticleVersion.versioncreated))
                           .where(ArticleVersion.article_id.in_(ids))
                           .group_by(ArticleVersion.article_id))
    found = {article_id: aware(moment) for article_id, moment in rows if moment is not None}
    given = session.execute(select(Article.id, Article.firstcreated).where(
        Article.id.in_(ids), Article.firstcreated.is_not(None)))
    return found | {article_id: aware(moment) for article_id, moment in given}


def aware(moment: datetime) -> datetime:
    """The moment with an offset: the database hands naive UTC back from SQLite."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
