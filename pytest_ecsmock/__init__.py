"""pytest-ecsmock: Amazon ECS, ECR, EKS and ALB target groups, simulated offline."""

from __future__ import annotations

from pytest_ecsmock.calls import Call, CallList
from pytest_ecsmock.clock import SimulatedClock
from pytest_ecsmock.errors import (
    EcsmockUsageError,
    EcsmockWarning,
    NotImplementedByEcsmock,
    ServiceError,
    UninterceptedClientError,
    UnmockedServiceError,
)
from pytest_ecsmock.mock import EcsMock, MockEcs, Options, active_mock, mock_ecs

__all__ = [
    "Call",
    "CallList",
    "EcsMock",
    "EcsmockUsageError",
    "EcsmockWarning",
    "MockEcs",
    "NotImplementedByEcsmock",
    "Options",
    "ServiceError",
    "SimulatedClock",
    "UninterceptedClientError",
    "UnmockedServiceError",
    "active_mock",
    "mock_ecs",
]
