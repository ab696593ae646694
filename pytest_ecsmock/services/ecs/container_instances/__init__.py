"""ECS container instances: the EC2 instances whose agents joined a cluster."""

from __future__ import annotations

from pytest_ecsmock.services.ecs.container_instances.agent_config import AgentConfig
from pytest_ecsmock.services.ecs.container_instances.hooks import ContainerInstanceHooks
from pytest_ecsmock.services.ecs.container_instances.instance_types import (
    INSTANCE_TYPES,
    InstanceType,
)
from pytest_ecsmock.services.ecs.container_instances.model import (
    ContainerInstance,
    TaskOnInstance,
)
from pytest_ecsmock.services.ecs.container_instances.store import ContainerInstanceStore

__all__ = [
    "INSTANCE_TYPES",
    "AgentConfig",
    "ContainerInstance",
    "ContainerInstanceHooks",
    "ContainerInstanceStore",
    "InstanceType",
    "TaskOnInstance",
]
