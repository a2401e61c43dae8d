"""Mirrors and the deliveries of article versions to them, with the per-mirror lease and circuit breaker state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, new_id, utcnow


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
