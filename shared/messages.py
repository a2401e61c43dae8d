"""Versioned message schemas: what travels on the queues and on the topic exchange.

Queue messages carry ids, never objects. The downstream announcement carries the article and its
enrichment (shared/enrichment.py's places and entities), because subscribers have no access to our database;
its JSON Schema is kept in
``shared/schemas/`` and a test fails if the two drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from shared.enrichment import Entity, Place


class Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    v: Literal[1] = 1


# The most items one stage message carries (a batch: NEWSFLOW_BATCH_SIZE is capped by it).
MAX_BATCH = 256


class StageMessage(Message):
    """A stage's work: one id (``v`` 1, ``{"version_id": ...}``) or, when a backlog formed, a batch of ids
    (``v`` 2, ``{"version_ids": [...]}``). One id always travels in the v1 form, so an idle pipeline sends
    exactly what it sent before batches existed. Code reads ``ids`` either way.
    """

    ID_FIELD: ClassVar[str]
    v: Literal[1, 2] = 1  # type: ignore[assignment]  # the one message family with a second version
    ids: tuple[str, ...] = Field(min_length=1, max_length=MAX_BATCH)

    @model_validator(mode="before")
    @classmethod
    def _wire_forms(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "ids" in data:
            return data
        data = dict(data)
        one, many = cls.ID_FIELD, f"{cls.ID_FIELD}s"
        version = data.get("v", 2 if many in data else 1)
        if version == 1 and one in data and many not in data:
            data["ids"] = (data.pop(one),)
        elif version == 2 and many in data and one not in data:
            data["ids"] = data.pop(many)
        else:  # a field the version does not have: refused by name
            raise ValueError(f"v{version} carries {one!r} (v1) or {many!r} (v2), exactly one of them")
        return data

    @model_validator(mode="after")
    def _version_matches(self) -> StageMessage:
        object.__setattr__(self, "v", 1 if len(self.ids) == 1 else 2)
        return self

    @model_serializer(mode="plain")
    def _wire(self) -> dict[str, Any]:
        if len(self.ids) == 1:
            return {"v": 1, self.ID_FIELD: self.ids[0]}
        return {"v": 2, f"{self.ID_FIELD}s": list(self.ids)}

    @classmethod
    def of(cls: type[S], ids: Sequence[str]) -> S:
        """The message for these ids (v1 for one, v2 for several)."""
        return cls(ids=tuple(ids))


S = TypeVar("S", bound=StageMessage)


class IngestRequested(StageMessage):
    ID_FIELD: ClassVar[str] = "submission_id"


class EnrichRequested(StageMessage):
    ID_FIELD: ClassVar[str] = "version_id"


class PublishRequested(StageMessage):
    ID_FIELD: ClassVar[str] = "version_id"


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
