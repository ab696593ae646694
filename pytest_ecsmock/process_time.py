"""``simulate_sleep``: the process's own sleeping and clock reading follow the mock.

Deployment code often polls in its own loop (``time.sleep(5)``, a deadline from
``time.time()`` or ``time.monotonic()``).  With ``mock_ecs(simulate_sleep=True)`` (or
the marker option), while that mock is the active one:

* ``time.sleep(s)`` advances the simulated clock by ``s`` and returns at once;
* ``time.time()`` and ``time.time_ns()`` read the simulated clock, so they agree with
  the timestamps the mocked services return;
* ``time.monotonic()`` and ``time.monotonic_ns()`` move with the simulated clock.

``time.perf_counter`` stays real (it measures the test itself), and so does
``datetime.now()``, which Python reads from the operating system directly: compare
mocked timestamps with ``time.time()`` or with the clock (``ecsmock.clock.now()``).

The functions of the ``time`` module are replaced only while such a mock is active,
and answer as the real ones whenever the active mock has not asked for this, so code
that imported them by name before (``from time import sleep``) keeps real time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pytest_ecsmock import _active

if TYPE_CHECKING:
    from pytest_ecsmock.mock import EcsMock

_REAL: dict[str, Callable[..., Any]] = {
    name: getattr(time, name) for name in ("sleep", "time", "time_ns", "monotonic", "monotonic_ns")
}
_lock = threading.Lock()
_installed = False


def _simulating() -> EcsMock | None:
    mock = _active.current()
    return mock if mock is not None and mock.simulate_sleep else None


def _sleep(seconds: float) -> None:
    mock = _simulating()
    if mock is None:
        _REAL["sleep"](seconds)
        return
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    mock.clock.advance(seconds)


def _time() -> float:
    mock = _simulating()
    return mock.clock.timestamp() if mock is not None else float(_REAL["time"]())


def _time_ns() -> int:
    mock = _simulating()
    return int(mock.clock.timestamp() * 1e9) if mock is not None else int(_REAL["time_ns"]())


def _monotonic() -> float:
    mock = _simulating()
    if mock is None:
        return float(_REAL["monotonic"]())
    return mock.monotonic_base + mock.clock.elapsed().total_seconds()


def _monotonic_ns() -> int:
    mock = _simulating()
    return int(_monotonic() * 1e9) if mock is not None else int(_REAL["monotonic_ns"]())


_FAKES: dict[str, Callable[..., Any]] = {
    "sleep": _sleep,
    "time": _time,
    "time_ns": _time_ns,
    "monotonic": _monotonic,
    "monotonic_ns": _monotonic_ns,
}


def real_monotonic() -> float:
    return float(_REAL["monotonic"]())


def sync() -> None:
    """Install the stand-ins while an active mock simulates sleep; remove them after."""
    global _installed
    with _lock:
        wanted = any(mock.simulate_sleep for mock in _active.stack)
        if wanted and not _installed:
            for name, fake in _FAKES.items():
                setattr(time, name, fake)
            _installed = True
        elif not wanted and _installed:
            for name, real in _REAL.items():
                setattr(time, name, real)
            _installed = False
