"""Which articles a feed lists, read from the database, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pycountry
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from services.publish.feeds.entry import Category, FeedEntry
from shared import known
from shared.enrichment import Enrichment
from shared.known import EntityIds
from shared.links import article_url, page_url, scheme
from shared.models import Article, ArticleVersion, Entity, Mention, Place

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Scope:
    """A feed's selection: everything, one place (GeoNames id), entity (id), country (ISO code) or source."""

    place: int | None = None
    entity: int | None = None
    country: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Window:
    """Which page of a feed: the ``page``-th (from 1), or the entries published ``before`` a moment."""

    page: int = 1
    before: datetime | None = None


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return EPOCH
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _selection(scope: Scope, withdrawn: bool = False) -> Select:  # type: ignore[type-arg]
    query = (
        select(Article, ArticleVersion)
        .join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .where(Article.published_at.is_not(None))
    )
    if not withdrawn:  # a held (withheld) article leaves the feeds as a killed one does, until released
        query = query.where(Article.pubstatus.not_in(("canceled", "withheld")))
    if scope.country is not None:
        query = query.where(Article.country_code == scope.country)
    if scope.source is not None:
        query = query.where(Article.source == scope.source)
    if scope.place is not None:
        query = query.where(select(Mention.id).where(
            Mention.version_id == ArticleVersion.id, Mention.place_geonameid == scope.place).exists())
    if scope.entity is not None:
        query = query.where(select(Mention.id).where(
            Mention.version_id == ArticleVersion.id, Mention.entity_id == scope.entity).exists())
    return query


def stamp(session: Session, scope: Scope) -> tuple[datetime, int]:
    """A cheap fingerprint of the feed's content: its newest change (withdrawals included) and its size."""
    changed = _selection(scope, withdrawn=True).with_only_columns(Article.updated_at).subquery()
    listed = _selection(scope).with_only_columns(Article.id).subquery()
    newest = session.scalar(select(func.max(changed.c.updated_at)))
    count = session.scalar(select(func.count()).select_from(listed)) or 0
    return _aware(newest).astimezone(UTC), count


def entries(session: Session, scope: Scope, limit: int, window: Window = Window()
            ) -> tuple[list[FeedEntry], datetime | None]:
    """One page of the feed's entries, newest publication first, and the moment the next page starts before
    (None when no older entries follow)."""
    query = _selection(scope).order_by(Article.published_at.desc(), Article.id)
    if window.before is not None:
        query = query.where(Article.published_at < window.before)
    else:
        query = query.offset((window.page - 1) * limit)
    rows = list(session.execute(query.limit(limit + 1)))
    listed = rows[:limit]
    entity_ids = known.entity_ids(session, [version.id for _, version in listed])
    created = known.first_created(session, [article.id for article, _ in listed])
    items = [_entry(article, version, entity_ids.get(version.id, {}), created.get(article.id))
             for article, version in listed]
    return items, _aware(listed[-1][0].published_at) if len(rows) > limit and listed else None


def entries_of(session: Session, article_ids: list[str]) -> list[FeedEntry]:
    """The feed entries of these articles (their current versions), in the order given (a search's results)."""
    rows = {article.id: (article, version) for article, version in session.execute(
        select(Article, ArticleVersion).join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .where(Article.id.in_(article_ids)))}
    listed = [rows[article_id] for article_id in article_ids if article_id in rows]
    entity_ids = known.entity_ids(session, [version.id for _, version in listed])
    created = known.first_created(session, [article.id for article, _ in listed])
    return [_entry(article, version, entity_ids.get(version.id, {}), created.get(article.id))
            for article, version in listed]


def _entry(article: Article, version: ArticleVersion, entity_ids: EntityIds, created: datetime | None) -> FeedEntry:
    enrichment = version.enrichment or Enrichment()
    # The point of the place named most often (the first of them on a tie).
    points = [(len(p.mentions), (p.lat, p.lon)) for p in enrichment.places if p.lat is not None and p.lon is not None]
    main = max(points, key=lambda point: point[0], default=None)
    # The source's own dates: the first version's creation, this version's; our arrival times only without them.
    published = created or _aware(article.published_at)
    updated = _aware(version.versioncreated) if version.versioncreated else _aware(
        version.published_at or article.updated_at)
    return FeedEntry(
        id=article.id, title=version.headline, link=page_url(article.id), json_url=article_url(article.id),
        summary=version.summary, content_html=version.body_html, published=published, updated=max(updated, published),
        authors=(article.source,), contributors=(version.byline,) if version.byline else (),
        categories=_categories(article, enrichment, entity_ids), language=version.language,
        point=main[1] if main else None,
    )


def _categories(article: Article, enrichment: Enrichment, entity_ids: EntityIds) -> tuple[Category, ...]:
    """The places (by GeoNames id), entities (by id) and main country the article is filed under, once each."""
    places = [Category(str(p.geonameid), scheme("places"), p.name) for p in enrichment.places if p.geonameid]
    entities = [Category(str(entity_ids[(e.label, e.name)]), scheme("entities"), e.name)
                for e in enrichment.entities if (e.label, e.name) in entity_ids]
    country = pycountry.countries.get(alpha_2=article.country_code) if article.country_code else None
    countries = [Category(article.country_code, scheme("countries"), country.name if country else
                          article.country_code)] if article.country_code else []
    return tuple(dict.fromkeys([*places, *entities, *countries]))


def place_name(session: Session, geonameid: int) -> str | None:
    """The name of a place we have seen, or None."""
    return session.scalar(select(Place.name).where(Place.geonameid == geonameid))


def entity_name(session: Session, entity_id: int) -> str | None:
    """The name of an entity we have seen, or None."""
    return session.scalar(select(Entity.name).where(Entity.id == entity_id))
