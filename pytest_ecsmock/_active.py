"""The stack of active mocks; the innermost one serves the calls."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_ecsmock.mock import EcsMock

stack: list[EcsMock] = []
lock = threading.RLock()


def current() -> EcsMock | None:
    return stack[-1] if stack else None
