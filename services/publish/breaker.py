"""The circuit breaker per mirror: rules as pure functions, state in, decision out.

A mirror that fails ``threshold`` attempts in a row is parked (OPEN): nothing is sent to it until its
cool-down ends. The first attempt after that is a probe (HALF_OPEN, the others keep waiting): if it
succeeds the breaker closes and the parked deliveries go out; if it fails the mirror is parked again,
each time twice as long, up to a ceiling (Svix and Stripe disable a failing endpoint the same way,
rather than let it hold everyone's queue). A probe that never reports back (its worker died) expires.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half_open"


@dataclass(frozen=True)
class Breaker:
    """One mirror's breaker as stored on its row."""

    state: str = CLOSED
    failures: int = 0  # in a row
    trips: int = 0  # times parked in a row: the cool-down grows with it
    parked_until: datetime | None = None  # OPEN: end of the cool-down; HALF_OPEN: the probe's deadline


@dataclass(frozen=True)
class Policy:
    """When to trip and how long to park."""

    threshold: int
    cooldown: float
    max_cooldown: float
    probe_timeout: float


def cooldown(trips: int, policy: Policy) -> float:
    """Seconds parked after the ``trips``-th trip in a row: doubling, capped."""
    return min(policy.max_cooldown, policy.cooldown * 2 ** max(0, trips - 1))


def gate(breaker: Breaker, now: datetime, policy: Policy) -> tuple[Breaker, datetime | None]:
    """Whether to attempt now: (breaker, None) to go ahead, (breaker, until) to wait until then."""
    if breaker.state == CLOSED:
        return breaker, None
    parked_until = aware(breaker.parked_until)
    if parked_until is not None and now < parked_until:
        return breaker, parked_until  # cooling down, or another attempt is the probe
    return replace(breaker, state=HALF_OPEN, parked_until=now + timedelta(seconds=policy.probe_timeout)), None


def after(breaker: Breaker, ok: bool, now: datetime, policy: Policy) -> Breaker:
    """The breaker once an attempt succeeded (``ok``) or failed."""
    if ok:
        return Breaker()
    failures = breaker.failures + 1
    if breaker.state == HALF_OPEN or (breaker.state == CLOSED and failures >= policy.threshold):
        trips = breaker.trips + 1
        return Breaker(OPEN, failures, trips, now + timedelta(seconds=cooldown(trips, policy)))
    return replace(breaker, failures=failures)  # OPEN: a late answer from before the trip


def counts(ok: bool, permanent: bool) -> bool:
    """Whether an outcome says anything about the mirror's health (one refused article does not)."""
    return ok or not permanent


def aware(moment: datetime | None) -> datetime | None:
    """A stored time as UTC-aware (SQLite hands back naive datetimes)."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment
