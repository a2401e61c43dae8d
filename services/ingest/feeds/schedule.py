"""When to poll a feed next: pure functions of what the last poll found.

- After a success the interval adapts to how often items are new: halved when most items were new (we are
  missing some between polls), stretched by half when none were, kept otherwise; always within
  ``[feed_min_interval, feed_max_interval]``. The feed's own hints (Cache-Control max-age, RSS ttl,
  sy:updatePeriod) are a floor: we never ask more often than the publisher says the feed changes.
- After an error the wait grows exponentially with the error score (a soft error counts 1, a hard one 3), with
  jitter so feeds that failed together do not come back together, up to ``feed_backoff_max``; a Retry-After
  (capped at ``feed_retry_after_cap``) is waited out in full.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SOFT_WEIGHT = 1.0
HARD_WEIGHT = 3.0
MOSTLY_NEW = 0.5  # more than this share of the items new: poll more often
JITTER = 0.2  # +-20 %


@dataclass(frozen=True)
class Bounds:
    min_interval: float
    max_interval: float
    backoff_max: float
    retry_after_cap: float


def adapted(interval: float, new: int, total: int, bounds: Bounds) -> float:
    """The next interval after a poll that found ``new`` of ``total`` items new (a 304 is 0 of 0)."""
    if total and new / total > MOSTLY_NEW:
        interval *= 0.5
    elif new == 0:
        interval *= 1.5
    return min(max(interval, bounds.min_interval), bounds.max_interval)


def after_success(interval: float, hints: list[float | None], bounds: Bounds) -> float:
    """Seconds to the next poll: the adapted interval, never below the feed's own hints (capped at the maximum)."""
    floor = max((hint for hint in hints if hint), default=0.0)
    return max(interval, min(floor, bounds.max_interval))


def after_error(interval: float, score: float, retry_after: float | None, bounds: Bounds,
                rng: random.Random | None = None) -> float:
    """Seconds to the next poll after an error: exponential in ``score``, jittered, at least the Retry-After."""
    pick = rng or random
    wait = min(interval * 2 ** max(score - 1, 0), bounds.backoff_max) * pick.uniform(1 - JITTER, 1 + JITTER)
    if retry_after is not None:
        wait = max(wait, min(retry_after, bounds.retry_after_cap))
    return wait


def weight(soft: bool) -> float:
    return SOFT_WEIGHT if soft else HARD_WEIGHT
