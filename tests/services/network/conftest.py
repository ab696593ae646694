from __future__ import annotations

from collections.abc import Callable

import pytest

from pytest_ecsmock.clock import SimulatedClock
from pytest_ecsmock.ids import IdGenerator
from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.network import NetworkBackend

ACCOUNT = "123456789012"


@pytest.fixture
def make_registry() -> Callable[..., NetworkBackend]:
    """A network backend of its own, outside any mock (plain Python)."""

    def make(region: str = "us-east-1", account_id: str = ACCOUNT, seed: int = 0) -> NetworkBackend:
        context = BackendContext(
            service="network",
            account_id=account_id,
            region=region,
            clock=SimulatedClock(),
            ids=IdGenerator(seed),
            sibling=lambda name: pytest.fail(f"the network backend asked for {name}"),
        )
        return NetworkBackend(context)

    return make


@pytest.fixture
def registry(make_registry: Callable[..., NetworkBackend]) -> NetworkBackend:
    return make_registry()
