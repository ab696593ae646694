"""GetTaskProtection and UpdateTaskProtection (task scale-in protection).

AWS protects only tasks of a service: a standalone task is a ``TASK_NOT_VALID``
failure. Every task is standalone until services are simulated; the rules for service
tasks (``Task.service_name``) are here for them: protection lasts ``expiresInMinutes``
(1 to 2880, 120 by default) on the simulated clock, and each update with
``protectionEnabled`` true starts the period again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.params import check_at_most
from pytest_ecsmock.services.ecs.tasks.model import Task

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.clusters import Cluster

MAX_TASKS = 10
MIN_MINUTES = 1
MAX_MINUTES = 2880
DEFAULT_MINUTES = 120
NOT_VALID = "TASK_NOT_VALID"

Answer = tuple[list[dict[str, Any]], list[dict[str, str]]]


def _references(params: dict[str, Any], required: bool) -> list[str]:
    references = list(params.get("tasks") or [])
    if required and not references:
        raise errors.InvalidParameterException("Tasks cannot be empty.")
    check_at_most(references, MAX_TASKS, "tasks")
    return references


def _sort(
    ecs: EcsBackend, cluster: Cluster, references: list[str]
) -> tuple[list[Task], list[dict[str, str]]]:
    """The service tasks named, and the failures of the others."""
    found: list[Task] = []
    failures: list[dict[str, str]] = []
    for reference in references:
        task = ecs.tasks.find(cluster, reference)
        if task is None:
            arn = reference if reference.startswith("arn:") else ecs.tasks.arn(cluster, reference)
            failures.append({"arn": arn, "reason": "MISSING"})
        elif task.service_name is None:
            failures.append({"arn": task.arn, "reason": NOT_VALID})
        else:
            found.append(task)
    return found, failures


def _describe(ecs: EcsBackend, task: Task) -> dict[str, Any]:
    until = task.protected_until
    enabled = task.protected and until is not None and ecs.context.clock.now() < until
    answer: dict[str, Any] = {"taskArn": task.arn, "protectionEnabled": enabled}
    if enabled:
        answer["expirationDate"] = until
    return answer


def get_protection(ecs: EcsBackend, params: dict[str, Any]) -> Answer:
    cluster = ecs.cluster(params.get("cluster"))
    tasks, failures = _sort(ecs, cluster, _references(params, required=False))
    return [_describe(ecs, task) for task in tasks], failures


def update_protection(ecs: EcsBackend, params: dict[str, Any]) -> Answer:
    cluster = ecs.cluster(params.get("cluster"))
    references = _references(params, required=True)
    enabled = bool(params["protectionEnabled"])
    minutes = params.get("expiresInMinutes", DEFAULT_MINUTES)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise errors.InvalidParameterException(
            f"expiresInMinutes must be between {MIN_MINUTES} and {MAX_MINUTES}."
        )
    tasks, failures = _sort(ecs, cluster, references)
    now = ecs.context.clock.now()
    for task in tasks:
        task.protected = enabled
        task.protected_until = now + timedelta(minutes=minutes) if enabled else None
    return [_describe(ecs, task) for task in tasks], failures
