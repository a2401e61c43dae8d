"""Group commit: a lone caller is worked at once; callers arriving while a group is worked go together in the
next one; a group that fails is worked again one by one, so a bad item fails alone."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from shared.group_commit import GroupCommit


class Recorder:
    """Work that records its groups, can be held at its first call, and fails for the items named 'bad'."""

    def __init__(self) -> None:
        self.groups: list[list[str]] = []
        self.release = threading.Event()
        self.release.set()
        self.started = threading.Event()

    def __call__(self, items: Sequence[str]) -> list[str | Exception]:
        self.groups.append(list(items))
        self.started.set()
        assert self.release.wait(10)
        if "bad" in items:  # an item that makes the whole unit of work fail (a database error, say)
            raise RuntimeError("the unit of work failed")
        return [ValueError(item) if item.startswith("refused") else item.upper() for item in items]


def _wait_for(group: GroupCommit, count: int) -> None:
    deadline = time.monotonic() + 10
    while group.waiting < count:
        assert time.monotonic() < deadline, f"{group.waiting} of {count} callers waiting"
        time.sleep(0.005)


def _held_then(work: Recorder, group: GroupCommit, items: list[str], pool: ThreadPoolExecutor) -> list:
    """The first item submitted and held in its group; the others submitted meanwhile; then all released."""
    work.release.clear()
    first = pool.submit(group.submit, "first")
    assert work.started.wait(10)
    rest = [pool.submit(group.submit, item) for item in items]
    _wait_for(group, len(items))
    work.release.set()
    return [first, *rest]


def test_a_lone_caller_is_worked_at_once_alone() -> None:
    work = Recorder()
    group = GroupCommit(work, limit=32)
    assert group.submit("a") == "A"
    assert work.groups == [["a"]] and group.waiting == 0


def test_callers_arriving_during_a_group_are_worked_together_in_the_next() -> None:
    work = Recorder()
    group = GroupCommit(work, limit=32)
    with ThreadPoolExecutor(8) as pool:
        futures = _held_then(work, group, [f"item-{n}" for n in range(5)], pool)
        assert [future.result(10) for future in futures] == ["FIRST", *(f"ITEM-{n}" for n in range(5))]
    assert work.groups[0] == ["first"]
    assert sorted(work.groups[1]) == [f"item-{n}" for n in range(5)] and len(work.groups) == 2


def test_a_group_takes_at_most_the_limits_weight_and_the_rest_go_in_the_next() -> None:
    work = Recorder()
    group = GroupCommit(work, limit=3)
    with ThreadPoolExecutor(8) as pool:
        futures = _held_then(work, group, [f"item-{n}" for n in range(5)], pool)
        [future.result(10) for future in futures]
    assert [len(taken) for taken in work.groups] == [1, 3, 2]


def test_an_item_heavier_than_the_limit_goes_alone() -> None:
    work = Recorder()
    group = GroupCommit(work, limit=4)
    with ThreadPoolExecutor(4) as pool:
        work.release.clear()
        first = pool.submit(group.submit, "first")
        assert work.started.wait(10)
        heavy = pool.submit(group.submit, "heavy", 200)
        _wait_for(group, 1)
        light = pool.submit(group.submit, "light")
        _wait_for(group, 2)
        work.release.set()
        assert (first.result(10), heavy.result(10), light.result(10)) == ("FIRST", "HEAVY", "LIGHT")
    assert work.groups == [["first"], ["heavy"], ["light"]]


def test_an_item_refused_on_its_own_fails_alone_in_its_group() -> None:
    work = Recorder()
    group = GroupCommit(work, limit=32)
    with ThreadPoolExecutor(8) as pool:
        futures = _held_then(work, group, ["x", "refused-y", "z"], pool)
        outcomes = {}
        for future in futures:
            try:
                outcomes[future.result(10)] = "ok"
            except ValueError as exc:
                outcomes[str(exc)] = "refused"
    assert outcomes == {"FIRST": "ok", "X": "ok", "refused-y": "refused", "Z": "ok"}
    assert len(work.groups) == 2


def test_a_group_that_fails_as_a_whole_is_worked_again_one_by_one_and_only_the_bad_item_fails() -> None:
    work = Recorder()
    group = GroupCommit(work, limit=32)
    with ThreadPoolExecutor(8) as pool:
        futures = _held_then(work, group, ["x", "bad", "z"], pool)
        results = []
        for future in futures:
            try:
                results.append(future.result(10))
            except RuntimeError:
                results.append("failed")
    assert results == ["FIRST", "X", "failed", "Z"]
    # The failed group of three, then each of its items alone.
    assert sorted(work.groups[1]) == ["bad", "x", "z"]
    assert sorted(map(tuple, work.groups[2:])) == [("bad",), ("x",), ("z",)]


def test_work_that_raises_for_a_lone_item_raises_to_its_caller() -> None:
    def fail(_: Sequence[str]) -> list[str]:
        raise RuntimeError("database down")

    with pytest.raises(RuntimeError, match="database down"):
        GroupCommit(fail, limit=32).submit("a")


def test_many_callers_at_once_each_get_their_own_outcome_and_no_one_waits_forever() -> None:
    seen: list[int] = []

    def work(items: Sequence[int]) -> list[int]:
        seen.extend(items)
        time.sleep(0.001)
        return [item * 2 for item in items]

    group = GroupCommit(work, limit=8)
    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(group.submit, range(500), timeout=60))
    assert results == [n * 2 for n in range(500)]
    assert sorted(seen) == list(range(500))


def test_after_a_failed_group_each_caller_works_its_own_item_so_a_slow_one_delays_only_itself() -> None:
    # Given work that fails a group holding "slow" (as a lock wait cut short by a timeout would), and that, for
    # "slow" alone, waits until it is let go (the lock held elsewhere)
    work = Recorder()
    let_go = threading.Event()

    def slow_alone(items: Sequence[str]) -> list[str | Exception]:
        if items == ["slow"]:
            assert let_go.wait(10)
            return ["SLOW"]
        if "slow" in items:
            work.groups.append(list(items))
            raise RuntimeError("lock_timeout")
        return work(items)

    group = GroupCommit(slow_alone, limit=32)
    with ThreadPoolExecutor(8) as pool:
        work.release.clear()
        first = pool.submit(group.submit, "first")
        assert work.started.wait(10)
        rest = [pool.submit(group.submit, item) for item in ["x", "slow", "z"]]
        _wait_for(group, 3)
        work.release.set()
        # When the group of three fails, then x and z are answered while "slow" still waits for its lock
        assert first.result(10) == "FIRST"
        assert rest[0].result(10) == "X" and rest[2].result(10) == "Z"
        assert not rest[1].done()
        # And a caller arriving now is not held behind it either
        assert group.submit("late") == "LATE"
        let_go.set()
        assert rest[1].result(10) == "SLOW"


def test_a_lone_caller_whose_group_fails_waits_alone_outside_the_group_so_callers_behind_it_go_on() -> None:
    # Given group work that gives up on "slow" (a lock wait cut short), and alone work that waits for it
    let_go = threading.Event()

    def group_work(items: Sequence[str]) -> list[str]:
        if "slow" in items:
            raise RuntimeError("lock_timeout")
        return [item.upper() for item in items]

    def alone(item: str) -> str:
        if item == "slow":
            assert let_go.wait(10)
        return item.upper()

    group = GroupCommit(group_work, limit=32, alone=alone)
    with ThreadPoolExecutor(4) as pool:
        # When "slow" arrives with no one else writing (it leads a group of one, which fails)
        slow = pool.submit(group.submit, "slow")
        time.sleep(0.1)
        # Then callers arriving after it are answered while it still waits
        assert [pool.submit(group.submit, item).result(5) for item in ("a", "b")] == ["A", "B"]
        assert not slow.done()
        let_go.set()
        assert slow.result(10) == "SLOW"
