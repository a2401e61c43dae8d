"""When to poll next: adaptive intervals within bounds, the feed's own hints, error backoff with jitter."""

from __future__ import annotations

import random

from services.ingest.feeds import schedule

BOUNDS = schedule.Bounds(min_interval=60, max_interval=3600, backoff_max=7200, retry_after_cap=600)


def test_mostly_new_items_halve_the_interval() -> None:
    assert schedule.adapted(600, new=8, total=10, bounds=BOUNDS) == 300


def test_no_new_items_stretch_the_interval_by_half() -> None:
    assert schedule.adapted(600, new=0, total=10, bounds=BOUNDS) == 900


def test_some_new_items_keep_the_interval() -> None:
    assert schedule.adapted(600, new=2, total=10, bounds=BOUNDS) == 600


def test_the_interval_stays_within_its_bounds() -> None:
    assert schedule.adapted(100, new=10, total=10, bounds=BOUNDS) == 60
    assert schedule.adapted(3000, new=0, total=10, bounds=BOUNDS) == 3600


def test_the_feeds_own_hints_are_a_floor_capped_at_the_maximum() -> None:
    """Cache-Control max-age or RSS ttl longer than the interval: we ask no more often than the feed changes."""
    assert schedule.after_success(300, [1800.0, None], BOUNDS) == 1800
    assert schedule.after_success(300, [86400.0], BOUNDS) == 3600
    assert schedule.after_success(300, [None, 60.0], BOUNDS) == 300


def test_hard_errors_back_off_faster_than_soft_ones() -> None:
    rng = random.Random(1)
    soft = schedule.after_error(100, score=schedule.weight(soft=True) * 2, retry_after=None, bounds=BOUNDS, rng=rng)
    hard = schedule.after_error(100, score=schedule.weight(soft=False) * 2, retry_after=None, bounds=BOUNDS, rng=rng)
    assert 100 * 2 * 0.8 <= soft <= 100 * 2 * 1.2
    assert 100 * 32 * 0.8 <= hard <= 100 * 32 * 1.2


def test_backoff_is_jittered_and_capped() -> None:
    waits = {round(schedule.after_error(100, 50, None, BOUNDS, random.Random(seed))) for seed in range(20)}
    assert len(waits) > 10 and all(7200 * 0.8 <= wait <= 7200 * 1.2 for wait in waits)


def test_retry_after_is_waited_out_but_capped() -> None:
    assert schedule.after_error(60, 1, retry_after=500, bounds=BOUNDS, rng=random.Random(0)) >= 500
    assert schedule.after_error(60, 1, retry_after=10**6, bounds=BOUNDS, rng=random.Random(0)) == 600
