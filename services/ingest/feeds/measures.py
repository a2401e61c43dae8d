"""Per-feed metrics: polls by outcome, items by kind, errors by kind, and the lag from an item's date to its
acceptance. Labelled by feed id (bounded by the feeds an operator adds)."""

from __future__ import annotations

from datetime import datetime

from shared import metrics


def polled(feed_id: int, outcome: str, items: dict[str, int]) -> None:
    """One poll's outcome and what became of its items (new, edited, refused, joined)."""
    metrics.feed_polled(str(feed_id), outcome, items)


def failed(feed_id: int, kind: str) -> None:
    metrics.feed_polled(str(feed_id), "error", {}, kind)


def item_lag(feed_id: int, published: datetime | None, accepted: datetime) -> None:
    if published is not None:
        metrics.feed_item_lag(str(feed_id), max((accepted - published).total_seconds(), 0.0))
