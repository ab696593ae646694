"""ECS task definitions: validation, the computed fields and the family store."""

from __future__ import annotations

from pytest_ecsmock.services.ecs.task_definitions.model import (
    ContainerSpec,
    PortMapping,
    TaskDefinition,
)
from pytest_ecsmock.services.ecs.task_definitions.store import Family, TaskDefinitionStore

__all__ = ["ContainerSpec", "Family", "PortMapping", "TaskDefinition", "TaskDefinitionStore"]
