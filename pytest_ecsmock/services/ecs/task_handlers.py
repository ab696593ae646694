"""Task operations.

The task modules are imported by the handlers that use them, not here: registering
the operations must not cost their import (see ``EcsBackend``).
"""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend


@service.operation("RunTask")
def run_task_handler(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.tasks.run import run_task

    tasks, failures = run_task(ecs, params)
    view = frozenset({"TAGS"})
    return {"tasks": [task.describe(view) for task in tasks], "failures": failures}


@service.operation("StartTask")
def start_task_handler(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.tasks.start import start_task

    tasks, failures = start_task(ecs, params)
    view = frozenset({"TAGS"})
    return {"tasks": [task.describe(view) for task in tasks], "failures": failures}


@service.operation("StopTask")
def stop_task(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.cluster(params.get("cluster"))
    task = ecs.tasks.stop(cluster, params["task"], params.get("reason"))
    return {"task": task.describe(frozenset({"TAGS"}))}


@service.operation("DescribeTasks")
def describe_tasks(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.cluster(params.get("cluster"))
    tasks, failures = ecs.tasks.describe(cluster, params["tasks"], params.get("include"))
    return {"tasks": tasks, "failures": failures}


@service.operation("ListTasks")
def list_tasks(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.cluster(params.get("cluster"))
    arns, token = ecs.tasks.list_arns(cluster, params)
    return {"taskArns": arns, "nextToken": token}


@service.operation("GetTaskProtection")
def get_task_protection(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.tasks.protection import get_protection

    protected, failures = get_protection(ecs, params)
    return {"protectedTasks": protected, "failures": failures}


@service.operation("UpdateTaskProtection")
def update_task_protection(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.tasks.protection import update_protection

    protected, failures = update_protection(ecs, params)
    return {"protectedTasks": protected, "failures": failures}


@service.operation("ExecuteCommand")
def execute_command_handler(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.tasks.execute import execute_command

    return execute_command(ecs, params)
