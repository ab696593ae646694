"""iam operations: decoded parameters in, result dicts out."""

from __future__ import annotations

from typing import Any

from pytest_ecsmock.services.base import BackendContext, ServiceDef


class Backend:
    def __init__(self, context: BackendContext) -> None:
        self.context = context


service: ServiceDef[Any] = ServiceDef("iam", Backend)
