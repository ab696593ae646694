"""The ECS service definition that every handler module registers its operations on."""

from __future__ import annotations

from pytest_ecsmock.services.base import ServiceDef
from pytest_ecsmock.services.ecs.backend import EcsBackend

service: ServiceDef[EcsBackend] = ServiceDef("ecs", EcsBackend)
