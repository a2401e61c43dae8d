"""Versioned message schemas: what travels on the queues and on the topic exchange.

Queue messages carry ids, never objects. The downstream announcement carries the article and its
enrichment (shared/enrichment.py's places and entities), because subscribers have no access to our database;
its JSON Schema is kept in
``shared/schemas/`` and a test fails if the two drift apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from shared.enrichment import Entity, Place


class Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    v: Literal[1] = 1


class IngestRequested(Message):
    submission_id: str


class EnrichRequested(Message):
    version_id: str


class PublishRequested(Message):
    version_id: str


class DeliveryRequested(Message):
    delivery_id: str


class FeedPollRequested(Message):
    """Poll one feed, as the holder of its claim ``token`` (a stale token makes the message a no-op)."""

    feed_id: int
    token: str


class AnnouncedArticle(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    guid: str
    source: str
    version_id: str
    version: int
    url: str
    headline: str
    summary: str
    body_text: str
    byline: str | None
    dateline: str | None
    language: str
    located: str | None
    pubstatus: str
    versioncreated: datetime | None
    captions: list[str]
    # The first article (another source's) with the same text, when this one repeated it.
    duplicate_of: str | None = None


class ArticleAnnouncement(BaseModel):
    """The body of every message on the ``newsflow.articles`` topic exchange (schema version 1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: Literal[1] = 1
    event: Literal["published", "updated", "withdrawn"]
    article: AnnouncedArticle
    places: list[Place]
    entities: list[Entity]
