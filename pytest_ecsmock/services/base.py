"""What the services share: how a service declares its operations and its backend."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from pytest_ecsmock.clock import SimulatedClock
    from pytest_ecsmock.ids import IdGenerator

B = TypeVar("B")
Params = dict[str, Any]
Result = dict[str, Any]
Handler = Callable[[Any, Params], Result]


@dataclass
class BackendContext:
    """What a backend may know of the world: where it lives, the time, identifiers,
    and its sibling backends in the same account and region."""

    service: str
    account_id: str
    region: str
    clock: SimulatedClock
    ids: IdGenerator
    sibling: Callable[[str], Any]
    #: with strict_roles: role -> (exists, trusts ecs-tasks.amazonaws.com); else None
    check_role: Callable[[str], tuple[bool, bool]] | None = None

    @property
    def partition(self) -> str:
        if self.region.startswith("cn-"):
            return "aws-cn"
        if self.region.startswith("us-gov-"):
            return "aws-us-gov"
        return "aws"

    def arn(self, resource: str, service: str | None = None, region: str | None = None) -> str:
        where = self.region if region is None else region
        owner = self.account_id
        return f"arn:{self.partition}:{service or self.service}:{where}:{owner}:{resource}"


class ServiceDef(Generic[B]):
    """A served AWS service: its backend factory and its operation handlers.

    Handlers are thin: decoded parameters in (member names as in the model), a plain
    dict out (datetimes for timestamps, bytes for blobs).
    """

    def __init__(self, name: str, backend: Callable[[BackendContext], B]) -> None:
        self.name = name
        self.backend_factory = backend
        self.operations: dict[str, Callable[[B, Params], Result]] = {}
        #: operations answered with the not-implemented error on purpose, and why
        self.left_out: dict[str, str] = {}

    def leave_out(self, names: list[str], reason: str) -> None:
        """Say why ``names`` answer with the not-implemented error (shown in the error
        and in docs/coverage.md)."""
        for name in names:
            self.left_out[name] = reason

    def operation(
        self, name: str
    ) -> Callable[[Callable[[B, Params], Result]], Callable[[B, Params], Result]]:
        def register(handler: Callable[[B, Params], Result]) -> Callable[[B, Params], Result]:
            if name in self.operations:
                raise ValueError(f"{self.name}:{name} is registered twice")
            self.operations[name] = handler
            return handler

        return register


SERVICE_MODULES = {
    "ecs": "pytest_ecsmock.services.ecs.handlers",
    "ecr": "pytest_ecsmock.services.ecr.handlers",
    "eks": "pytest_ecsmock.services.eks.handlers",
    "elbv2": "pytest_ecsmock.services.elbv2.handlers",
    "iam": "pytest_ecsmock.services.iam.handlers",
    "network": "pytest_ecsmock.services.network.handlers",
}

_loaded: dict[str, ServiceDef[Any]] = {}


def service_def(name: str) -> ServiceDef[Any]:
    found = _loaded.get(name)
    if found is None:
        module = importlib.import_module(SERVICE_MODULES[name])
        found = module.service
        _loaded[name] = found
    return found
