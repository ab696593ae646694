"""ECS operations: decoded parameters in, result dicts out.

The handlers live in one module per resource; importing them registers them on
``service``.
"""

from __future__ import annotations

from pytest_ecsmock.services.ecs import (  # noqa: F401  (modules that register operations)
    account_setting_handlers,
    capacity_provider_handlers,
    cluster_handlers,
    container_instance_handlers,
    service_deployment_handlers,
    service_handlers,
    tag_handlers,
    task_definition_handlers,
    task_handlers,
    task_set_handlers,
)
from pytest_ecsmock.services.ecs.api import service

__all__ = ["service"]
