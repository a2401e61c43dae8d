"""Small summaries of measured samples: percentiles, rates, rounding."""

from __future__ import annotations

from collections.abc import Sequence


def percentile(values: Sequence[float], share: float) -> float | None:
    """The ``share`` (0..1) percentile by linear interpolation; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_ms(seconds: Sequence[float]) -> dict[str, float | int | None]:
    """Count, p50, p95, p99, max and mean of latencies given in seconds, reported in milliseconds."""
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 1)

    return {"count": len(seconds), "p50_ms": ms(percentile(seconds, 0.50)), "p95_ms": ms(percentile(seconds, 0.95)),
            "p99_ms": ms(percentile(seconds, 0.99)), "max_ms": ms(max(seconds) if seconds else None),
            "mean_ms": ms(sum(seconds) / len(seconds) if seconds else None)}


def rate(count: int, seconds: float) -> float | None:
    """Events per second, rounded; None for an empty interval."""
    return round(count / seconds, 2) if seconds > 0 else None


def ratio(value: float | None, reference: float | None) -> float | None:
    """value / reference, rounded; None if either is missing or the reference is zero."""
    if value is None or not reference:
        return None
    return round(value / reference, 3)
