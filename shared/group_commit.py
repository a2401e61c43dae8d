"""Group commit: concurrent callers' work done together in one unit (one transaction, one message onward).

A caller hands its item to ``GroupCommit.submit`` and gets its own outcome back. When no one is working, the
caller leads at once: it takes every item waiting (its own included, up to ``limit`` weight) and runs the
group. Callers arriving meanwhile wait; when the leader is done one of them leads the next group with all
that gathered. A lone caller therefore never waits for company, and under load the fixed cost of a
transaction is shared by everyone who arrived during the previous one (the database's group commit, one level
up: PostgreSQL's ``commit_delay`` without the delay).

A group that fails as a whole (a lone caller's group included) is worked again one item at a time, so one
bad item fails alone: each caller works its own item again in its own thread, outside the group (``alone``), so
an item that is slow alone (it waits for a lock, say) delays its own caller only, not the others of its group
nor the callers behind it. The group's work should therefore give up early on what may take long (a lock
wait) and leave the waiting to ``alone``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

class _Pending(Generic[T, R]):
    __slots__ = ("item", "weight", "done", "alone", "result", "error", "wake")

    def __init__(self, item: T, weight: int) -> None:
        self.item, self.weight = item, weight
        self.done = False
        self.alone = False  # its group failed: its caller works it again by itself
        self.result: R | None = None
        self.error: BaseException | None = None
        self.wake = threading.Event()  # set when done, or when asked to lead the next group


class GroupCommit(Generic[T, R]):
    """Run ``work(items) -> outcomes`` over groups of concurrently submitted items.

    ``work`` returns one outcome per item, in order: a result, or an exception for that item alone (it is
    raised to its caller). If ``work`` raises, each item is worked again by its own caller with ``alone`` (by
    default ``work`` over that item alone), outside the group.
    """

    def __init__(self, work: Callable[[Sequence[T]], Sequence[R | BaseException]], limit: int,
                 alone: Callable[[T], R | BaseException] | None = None) -> None:
        self._work = work
        self._alone_work = alone or (lambda item: work([item])[0])
        self._limit = max(1, limit)
        self._lock = threading.Lock()
        self._waiting: list[_Pending[T, R]] = []
        self._leading = False

    @property
    def waiting(self) -> int:
        """How many callers wait for a group to take them now."""
        with self._lock:
            return len(self._waiting)

    def submit(self, item: T, weight: int = 1) -> R:
        """``item``'s outcome, worked in a group with whatever else is waiting."""
        pending: _Pending[T, R] = _Pending(item, weight)
        with self._lock:
            self._waiting.append(pending)
            lead = not self._leading  # no one is working: the queue holds this item alone, lead at once
            self._leading = True
        while not pending.done:
            if not lead:
                pending.wake.wait()  # only this caller's own news wakes it: done, or its turn to lead
                pending.wake.clear()
                if pending.done:
                    break
            # Leading: the oldest waiting item is this one, so the group taken holds it.
            with self._lock:
                group = self._take()
            try:
                self._run(group)
            finally:
                with self._lock:
                    if self._waiting:  # the next leader is the oldest caller still waiting
                        self._waiting[0].wake.set()
                    else:
                        self._leading = False
            lead = False
        if pending.alone:
            return self._alone(pending.item)
        if pending.error is not None:
            raise pending.error
        return pending.result  # type: ignore[return-value]

    def _alone(self, item: T) -> R:
        outcome = self._alone_work(item)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def _take(self) -> list[_Pending[T, R]]:
        """The oldest waiting items up to the limit's weight (always at least one)."""
        taken: list[_Pending[T, R]] = []
        weight = 0
        while self._waiting and (not taken or weight + self._waiting[0].weight <= self._limit):
            item = self._waiting.pop(0)
            taken.append(item)
            weight += item.weight
        return taken

    def _run(self, group: list[_Pending[T, R]]) -> None:
        try:
            outcomes = list(self._work([pending.item for pending in group]))
            if len(outcomes) != len(group):
                raise RuntimeError(f"group work gave {len(outcomes)} outcomes for {len(group)} items")
        except Exception:  # one item may have failed them all: each caller works its own again alone
            for pending in group:
                pending.alone = True
                pending.done = True
                pending.wake.set()
            return
        except BaseException as exc:  # the process is stopping: every caller hears it, none waits for ever
            outcomes = [exc] * len(group)
            self._settle(group, outcomes)
            raise
        self._settle(group, outcomes)

    @staticmethod
    def _settle(group: list[_Pending[T, R]], outcomes: Sequence[R | BaseException]) -> None:
        for pending, outcome in zip(group, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                pending.error = outcome
            else:
                pending.result = outcome
            pending.done = True
            pending.wake.set()
