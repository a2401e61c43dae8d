"""Articles as stored: the article, its submissions and versions, and the places and entities they mention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Dialect, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.types import TypeDecorator

from shared.enrichment import Enrichment

from .base import Base, new_id, utcnow


class EnrichmentJSON(TypeDecorator[Enrichment]):
    """The enrichment contract in a JSON column: validated on the way in, an ``Enrichment`` on the way out."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Enrichment | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Enrichment):  # a dict would be written unchecked and read back as a dict
            raise TypeError(f"an article version's enrichment is an Enrichment, not {type(value).__name__}")
        return value.model_dump(mode="json")

    def process_result_value(self, value: Any, dialect: Dialect) -> Enrichment | None:
        return None if value is None else Enrichment.model_validate(value)


class ArticleStatus:
    RECEIVED = "received"
    ENRICHED = "enriched"
    PUBLISHED = "published"
    # A withheld version reached the publish stage: nothing announced, delivered or listed until a usable one.
    HELD = "held"
    FAILED = "failed"


class Article(Base):
    """One story from one source, across all its versions."""

    __tablename__ = "article"
    __table_args__ = (UniqueConstraint("source", "guid"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    source: Mapped[str] = mapped_column(String(200))
    guid: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default=ArticleStatus.RECEIVED, index=True)
    pubstatus: Mapped[str] = mapped_column(String(20), default="usable")
    headline: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    country_code: Mapped[str | None] = mapped_column(String(2))
    current_version_id: Mapped[str | None] = mapped_column(String(36))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    # When the source first created the article (ninjs ``firstcreated``), when it said; the earliest it said.
    firstcreated: Mapped[datetime | None]
    # The date search lists the article under (its sort key, since/until): the source's firstcreated with its
    # first version (never after its arrival), else its arrival. Set once: a later version correcting
    # firstcreated moves the article's firstcreated, not its place in search, so a reader paging through
    # results meanwhile sees it neither twice nor never (the cursor is a position in this order).
    listed_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    # The first article (of another source) whose text this one repeated when it arrived.
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("article.id"), index=True)


class Submission(Base):
    """One accepted POST of an article, exactly as parsed: what the ingest worker starts from."""

    __tablename__ = "submission"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(100))
    pubstatus: Mapped[str] = mapped_column(String(20), default="usable")
    payload: Mapped[dict[str, Any]]
    versioncreated: Mapped[datetime | None]
    request_id: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleVersion(Base):
    """The normalised text of one submission, and its enrichment once enriched."""

    __tablename__ = "article_version"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id"), index=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id"), unique=True)
    number: Mapped[int] = mapped_column(Integer)
    headline: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    byline: Mapped[str | None] = mapped_column(Text)
    dateline: Mapped[str | None] = mapped_column(String(200))
    captions: Mapped[list[Any]] = mapped_column(default=list)
    alternate_urls: Mapped[list[Any]] = mapped_column(default=list)
    language: Mapped[str] = mapped_column(String(16), default="en")
    located: Mapped[str | None] = mapped_column(String(200))
    pubstatus: Mapped[str] = mapped_column(String(20), default="usable")
    versioncreated: Mapped[datetime | None]
    # What the publish stage announced it as (published | updated | withdrawn); None until then or if not.
    event: Mapped[str | None] = mapped_column(String(20))
    enrichment: Mapped[Enrichment | None] = mapped_column(EnrichmentJSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enriched_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]


class Place(Base):
    """A resolved place, keyed by its GeoNames id."""

    __tablename__ = "place"

    geonameid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    feature_class: Mapped[str | None] = mapped_column(String(1))
    feature_code: Mapped[str | None] = mapped_column(String(10))
    # The GeoNames first-level division (a state, a province) it lies in: search finds a division's towns by it.
    admin1_code: Mapped[str | None] = mapped_column(String(20))
    disputed: Mapped[list[Any]] = mapped_column(default=list)


class Entity(Base):
    """A person, organisation or other named thing, by label and canonical name."""

    __tablename__ = "entity"
    __table_args__ = (UniqueConstraint("label", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))


class Mention(Base):
    """Where a version mentions a place or an entity (character offsets into its body)."""

    __tablename__ = "mention"
    __table_args__ = (
        UniqueConstraint("version_id", "kind", "start", "end"),
        Index("ix_mention_place", "place_geonameid"),
        Index("ix_mention_entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("article_version.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # place | entity
    place_geonameid: Mapped[int | None] = mapped_column(ForeignKey("place.geonameid"))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
    text: Mapped[str] = mapped_column(String(300))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float | None] = mapped_column(Float)


def version_and_article(session: Session, version_id: str) -> tuple[ArticleVersion, Article]:
    """An article version with its article, in one round trip (NoResultFound if there is no such version)."""
    version, article = session.execute(
        select(ArticleVersion, Article).join(Article, Article.id == ArticleVersion.article_id)
        .where(ArticleVersion.id == version_id)).one()
    return version, article
