"""The circuit breaker's rules as pure functions: a breaker and a time in, a decision out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.publish.breaker import CLOSED, HALF_OPEN, OPEN, Breaker, Policy, after, cooldown, counts, gate
from services.publish.leases import has_room

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
POLICY = Policy(threshold=3, cooldown=10.0, max_cooldown=60.0, probe_timeout=20.0)


def _fail(breaker: Breaker, times: int, now: datetime = NOW) -> Breaker:
    for _ in range(times):
        breaker = after(breaker, False, now, POLICY)
    return breaker


def test_a_closed_breaker_lets_every_attempt_through() -> None:
    assert gate(Breaker(), NOW, POLICY) == (Breaker(), None)


def test_failures_below_the_threshold_keep_it_closed_and_are_counted() -> None:
    assert _fail(Breaker(), 2) == Breaker(CLOSED, failures=2)


def test_the_threshold_th_failure_in_a_row_parks_the_mirror_for_the_cooldown() -> None:
    parked = _fail(Breaker(), 3)
    assert parked == Breaker(OPEN, failures=3, trips=1, parked_until=NOW + timedelta(seconds=10))


def test_a_success_between_failures_starts_the_count_again() -> None:
    breaker = after(_fail(Breaker(), 2), True, NOW, POLICY)
    assert _fail(breaker, 2).state == CLOSED


def test_a_parked_mirror_defers_attempts_until_the_cooldown_ends() -> None:
    parked = _fail(Breaker(), 3)
    assert gate(parked, NOW + timedelta(seconds=9), POLICY) == (parked, parked.parked_until)


def test_after_the_cooldown_one_attempt_is_the_probe_and_the_others_wait_for_it() -> None:
    parked = _fail(Breaker(), 3)
    later = NOW + timedelta(seconds=10)
    probing, until = gate(parked, later, POLICY)
    assert until is None and probing.state == HALF_OPEN
    assert probing.parked_until == later + timedelta(seconds=POLICY.probe_timeout)
    assert gate(probing, later + timedelta(seconds=1), POLICY) == (probing, probing.parked_until)


def test_a_probe_that_never_reports_back_expires_and_another_attempt_probes() -> None:
    probing, _ = gate(_fail(Breaker(), 3), NOW + timedelta(seconds=10), POLICY)
    assert probing.parked_until is not None
    again, until = gate(probing, probing.parked_until, POLICY)
    assert until is None and again.state == HALF_OPEN and again.parked_until > probing.parked_until


def test_a_successful_probe_closes_the_breaker() -> None:
    probing, _ = gate(_fail(Breaker(), 3), NOW + timedelta(seconds=10), POLICY)
    assert after(probing, True, NOW + timedelta(seconds=11), POLICY) == Breaker()


def test_a_failed_probe_parks_the_mirror_again_twice_as_long() -> None:
    probing, _ = gate(_fail(Breaker(), 3), NOW + timedelta(seconds=10), POLICY)
    moment = NOW + timedelta(seconds=12)
    reparked = after(probing, False, moment, POLICY)
    assert reparked.state == OPEN and reparked.trips == 2
    assert reparked.parked_until == moment + timedelta(seconds=20)


def test_the_cooldown_doubles_per_trip_up_to_its_ceiling() -> None:
    assert [cooldown(trips, POLICY) for trips in range(1, 6)] == [10.0, 20.0, 40.0, 60.0, 60.0]


def test_a_late_failure_while_parked_does_not_extend_the_cooldown() -> None:
    parked = _fail(Breaker(), 3)
    late = after(parked, False, NOW + timedelta(seconds=5), POLICY)
    assert late.parked_until == parked.parked_until and late.failures == 4


def test_a_stored_naive_time_is_read_as_utc() -> None:
    parked = _fail(Breaker(), 3)
    naive = Breaker(OPEN, 3, 1, parked.parked_until.replace(tzinfo=None))  # type: ignore[union-attr]
    assert gate(naive, NOW, POLICY)[1] == parked.parked_until


def test_only_outcomes_about_the_mirrors_health_count() -> None:
    assert counts(ok=True, permanent=False) and counts(ok=False, permanent=False)
    assert not counts(ok=False, permanent=True)  # one article refused (a 4xx) says nothing of the mirror


def test_the_cap_counts_only_leases_that_have_not_expired() -> None:
    live, dead = NOW + timedelta(seconds=5), NOW - timedelta(seconds=1)
    assert has_room([], NOW, 1)
    assert has_room([live, dead, dead], NOW, 2)
    assert not has_room([live, live], NOW, 2)
    assert has_room([live.replace(tzinfo=None)], NOW, 2)
