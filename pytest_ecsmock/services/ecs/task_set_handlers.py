"""Task set operations: services with the EXTERNAL deployment controller run task sets
(see ``ecs_services/task_sets.py``). The service modules are imported when a handler
runs, as for the other service operations."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend


@service.operation("CreateTaskSet")
def create_task_set(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.ecs_services import task_set_operations

    return {"taskSet": task_set_operations.create_task_set(ecs, params)}


@service.operation("UpdateTaskSet")
def update_task_set(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.ecs_services import task_set_operations

    return {"taskSet": task_set_operations.update_task_set(ecs, params)}


@service.operation("UpdateServicePrimaryTaskSet")
def update_service_primary_task_set(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.ecs_services import task_set_operations

    return {"taskSet": task_set_operations.update_primary(ecs, params)}


@service.operation("DeleteTaskSet")
def delete_task_set(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.ecs_services import task_set_operations

    return {"taskSet": task_set_operations.delete_task_set(ecs, params)}


@service.operation("DescribeTaskSets")
def describe_task_sets(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.ecs_services import task_set_operations

    found, failures = task_set_operations.describe_task_sets(ecs, params)
    return {"taskSets": found, "failures": failures}
