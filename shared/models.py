"""The schema: what newsflow stores about articles, their enrichment, mirrors and deliveries.

Unique keys make every hand-off idempotent: (source, guid) for articles, one version per submission,
one number per (article, version), one delivery per (mirror, version, event). Whether a submission repeats
one already held (same text, same pubstatus) is decided under the article's row lock (shared/article_lock.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A fresh public id."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON, list[Any]: JSON}


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
    enrichment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
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


class Mirror(Base):
    """A site (or subscriber webhook) that receives every published article."""

    __tablename__ = "mirror"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    previous_secret: Mapped[str | None] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(10), default="json")  # json | html
    filter: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The circuit breaker (services/publish/breaker.py), here so every deliver worker sees it.
    breaker_state: Mapped[str] = mapped_column(String(10), default="closed", server_default="closed")
    breaker_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    breaker_trips: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    parked_until: Mapped[datetime | None]


class MirrorLease(Base):
    """One attempt in flight to a mirror: the per-mirror concurrency cap counts these until they expire."""

    __tablename__ = "mirror_lease"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    mirror_id: Mapped[int] = mapped_column(ForeignKey("mirror.id"), index=True)
    delivery_id: Mapped[str] = mapped_column(String(36))
    expires_at: Mapped[datetime]


class DeliveryState:
    PENDING = "pending"
    RETRYING = "retrying"
    DELIVERED = "delivered"
    DEAD = "dead"


class Delivery(Base):
    """One article version pushed to one mirror; its id is the webhook-id receivers dedupe on."""

    __tablename__ = "delivery"
    __table_args__ = (UniqueConstraint("mirror_id", "version_id", "event"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    mirror_id: Mapped[int] = mapped_column(ForeignKey("mirror.id"), index=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("article_version.id"))
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id"), index=True)
    event: Mapped[str] = mapped_column(String(20))  # published | updated | withdrawn
    state: Mapped[str] = mapped_column(String(20), default=DeliveryState.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OutboxEvent(Base):
    """A message to send, written in the same transaction as the change that causes it."""

    __tablename__ = "outbox_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # task | announce
    name: Mapped[str] = mapped_column(String(200))  # task name or routing key
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class DeadLetter(Base):
    """A message that failed for good, kept with its error until an operator retries or discards it."""

    __tablename__ = "dead_letter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_name: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]]
    article_id: Mapped[str | None] = mapped_column(String(36), index=True)
    error: Mapped[str] = mapped_column(Text)
    traceback: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class Source(Base):
    """A wire service allowed to post articles: its API key (stored hashed) and optional signing secret."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the key
    key_prefix: Mapped[str] = mapped_column(String(16))  # shown by `sources list` to tell keys apart
    # Kept in clear like Mirror.secret: verifying an HMAC needs the secret itself.
    signing_secret: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class WebhookReceipt(Base):
    """A signed request's webhook-id, kept for the timestamp tolerance so a replay is refused."""

    __tablename__ = "webhook_receipt"
    __table_args__ = (UniqueConstraint("source_id", "webhook_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    webhook_id: Mapped[str] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class IdempotentRequest(Base):
    """The answer given to one Idempotency-Key of one source, replayed when the key comes again."""

    __tablename__ = "idempotent_request"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(200))  # the source's name; "" for anonymous posts
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the request, to spot a reused key
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


def version_and_article(session: Session, version_id: str) -> tuple[ArticleVersion, Article]:
    """An article version with its article, in one round trip (NoResultFound if there is no such version)."""
    version, article = session.execute(
        select(ArticleVersion, Article).join(Article, Article.id == ArticleVersion.article_id)
        .where(ArticleVersion.id == version_id)).one()
    return version, article


class ReconcilerLease(Base):
    """Who runs the reconciler now: one row per lease, taken or renewed by one conditional UPDATE."""

    __tablename__ = "reconciler_lease"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200), default="")
    acquired_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]


class Redrive(Base):
    """One message the reconciler sent again (a stage's next step): how often and when it may again."""

    __tablename__ = "redrive"

    item: Mapped[str] = mapped_column(String(300), primary_key=True)  # task name + the id it carries
    stage: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(20))  # stalled | stale_worker | overdue
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    next_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkerBeat(Base):
    """A worker's main process (host and pid) and when it last beat: what every host sees of it."""

    __tablename__ = "worker_beat"

    worker: Mapped[str] = mapped_column(String(200), primary_key=True)  # "<host>:<pid>"
    service: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class WorkClaim(Base):
    """A message a worker holds (received, running): removed when the task ends, re-driven if the worker dies."""

    __tablename__ = "work_claim"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)  # "<task id>:<retries>"
    item: Mapped[str] = mapped_column(String(300), index=True)  # same key as Redrive.item
    worker: Mapped[str] = mapped_column(String(200), index=True)
    task_name: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]]
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
