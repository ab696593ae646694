"""Backends per (account, region, service), created on first use."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from pytest_ecsmock.clock import SimulatedClock
from pytest_ecsmock.ids import IdGenerator
from pytest_ecsmock.services.base import BackendContext, service_def

GLOBAL_SERVICES = {"iam"}
GLOBAL_REGION = "us-east-1"


class State:
    def __init__(
        self,
        clock: SimulatedClock,
        ids: IdGenerator,
        role_check: Callable[[str, str], Callable[[str], tuple[bool, bool]]] | None = None,
    ) -> None:
        self.clock = clock
        self.ids = ids
        #: (account, region) -> the strict role check there, when strict_roles is on
        self.role_check = role_check
        self._backends: dict[tuple[str, str, str], Any] = {}
        self._lock = threading.RLock()

    def backend(self, service: str, account_id: str, region: str) -> Any:
        if service in GLOBAL_SERVICES:
            region = GLOBAL_REGION
        key = (account_id, region, service)
        found = self._backends.get(key)
        if found is not None:
            return found
        with self._lock:
            if key not in self._backends:
                context = BackendContext(
                    service=service,
                    account_id=account_id,
                    region=region,
                    clock=self.clock,
                    ids=self.ids,
                    sibling=lambda other: self.backend(other, account_id, region),
                    check_role=(self.role_check(account_id, region) if self.role_check else None),
                )
                self._backends[key] = service_def(service).backend_factory(context)
            return self._backends[key]

    def existing(self) -> dict[tuple[str, str, str], Any]:
        return dict(self._backends)

    def clear(self) -> None:
        with self._lock:
            self._backends.clear()
