"""The stack of active mocks; the innermost one serves the calls.

The stack is one per process, not per thread: a mock activated in a test serves the
calls of every thread the test starts.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_ecsmock.mock import EcsMock

stack: list[EcsMock] = []
lock = threading.RLock()
#: while the pytest plugin runs a test: every handle activated during it (for the report)
seen: list[EcsMock] | None = None


def current() -> EcsMock | None:
    return stack[-1] if stack else None


def push(handle: EcsMock) -> None:
    with lock:
        stack.append(handle)
        if seen is not None and not any(h is handle for h in seen):
            seen.append(handle)


def pop(handle: EcsMock) -> bool:
    """Take ``handle`` off the top of the stack; False if it is not on top."""
    with lock:
        if not stack or stack[-1] is not handle:
            return False
        stack.pop()
        return True
