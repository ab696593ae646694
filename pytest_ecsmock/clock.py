"""The simulated clock: the only source of time for the backends.

Time moves only when someone moves it (``advance``, ``move_to``, or a botocore waiter
sleeping while a mock is active).  Backends schedule what should happen later
(a cluster becoming ACTIVE, a task reaching RUNNING) with ``call_at``; the clock runs
those callbacks, in time order, as it passes them.  Reading state never changes it.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

UTC = timezone.utc


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _seconds(amount: float | timedelta) -> timedelta:
    delta = amount if isinstance(amount, timedelta) else timedelta(seconds=amount)
    if delta < timedelta(0):
        raise ValueError("the simulated clock only moves forward")
    return delta


class SimulatedClock:
    """Simulated time, in UTC.

    ``lock`` is shared with the mock that owns the clock, so that moving the clock
    (and the callbacks it runs) never interleaves with a call being served.
    """

    def __init__(
        self,
        start: datetime | None = None,
        *,
        lock: threading.RLock | None = None,
        instant: bool = False,
    ) -> None:
        if start is None:
            start = datetime.now(UTC).replace(microsecond=0)
        self._now = _aware(start)
        self._start = self._now
        self._queue: list[tuple[datetime, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._lock = lock if lock is not None else threading.RLock()
        #: lifecycle="instant": lifecycle steps (``after``) happen at once
        self.instant = instant

    @property
    def start(self) -> datetime:
        """When the clock started."""
        return self._start

    def now(self) -> datetime:
        """The simulated time (an aware ``datetime`` in UTC)."""
        return self._now

    def timestamp(self) -> float:
        return self._now.timestamp()

    def elapsed(self) -> timedelta:
        """How much simulated time has passed since the start."""
        return self._now - self._start

    def call_at(self, when: datetime, callback: Callable[[], None]) -> None:
        """Run ``callback`` when the clock reaches ``when`` (at once if that has passed,
        the next time the clock moves)."""
        with self._lock:
            heapq.heappush(self._queue, (_aware(when), next(self._order), callback))

    def call_later(self, seconds: float | timedelta, callback: Callable[[], None]) -> None:
        """Run ``callback`` when ``seconds`` more have passed."""
        with self._lock:
            self.call_at(self._now + _seconds(seconds), callback)

    def after(self, seconds: float | timedelta, callback: Callable[[], None]) -> None:
        """A lifecycle step that takes ``seconds`` in AWS (a task starting, a cluster
        being created): scheduled like ``call_later``, or run at once, before the call
        that started it answers, when the mock's lifecycle is ``"instant"``.  What is
        not a step towards a settled state (a stopped task being forgotten after an
        hour) uses ``call_later``."""
        if self.instant:
            _seconds(seconds)
            with self._lock:
                callback()
        else:
            self.call_later(seconds, callback)

    def advance(self, seconds: float | timedelta = 0) -> datetime:
        """Move forward by ``seconds`` and run everything scheduled up to then."""
        with self._lock:
            return self.move_to(self._now + _seconds(seconds))

    def move_to(self, when: datetime) -> datetime:
        """Move forward to ``when`` and run everything scheduled up to then."""
        when = _aware(when)
        with self._lock:
            if when < self._now:
                raise ValueError(f"cannot move the clock back from {self._now} to {when}")
            while self._queue and self._queue[0][0] <= when:
                due, _, callback = heapq.heappop(self._queue)
                self._now = max(self._now, due)
                callback()
            self._now = when
            return self._now

    def settle(self, limit: float | timedelta = 24 * 3600) -> datetime:
        """Run scheduled work until nothing is left (or ``limit`` seconds have passed)."""
        with self._lock:
            deadline = self._now + _seconds(limit)
            while self._queue and self._queue[0][0] <= deadline:
                self.move_to(self._queue[0][0])
            return self._now

    def pending(self) -> int:
        """How many callbacks are scheduled and not yet run."""
        return len(self._queue)

    def clear(self) -> None:
        """Forget everything scheduled; the time stays where it is."""
        with self._lock:
            self._queue.clear()

    def __repr__(self) -> str:
        return f"<SimulatedClock {self._now.isoformat()}>"
