"""Service events, worded as ECS words them in DescribeServices ``events``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from pytest_ecsmock.services.ecs.placement.checks import (
    AGENT,
    ATTRIBUTE,
    CPU,
    ENI,
    MEMORY,
    PORTS,
    PORTS_UDP,
)

if TYPE_CHECKING:
    from pytest_ecsmock.services.base import BackendContext
    from pytest_ecsmock.services.ecs.ecs_services.model import Service
    from pytest_ecsmock.services.ecs.tasks import Task

MAX_EVENTS = 100
#: the same message again within this time is not repeated
REPEAT_AFTER = timedelta(hours=6)
TROUBLESHOOTING = "For more information, see the Troubleshooting section."
#: placement failure reason -> how the "closest matching" instance is described
CLOSEST = {
    CPU: "has insufficient CPU units available.",
    MEMORY: "has insufficient memory available.",
    PORTS: "is already using a port required by your task.",
    PORTS_UDP: "is already using a port required by your task.",
    ENI: 'encountered error "RESOURCE:ENI". The instance has no free elastic network '
    "interface for the task.",
    ATTRIBUTE: "is missing an attribute required by your task.",
    AGENT: "has an agent that is not connected.",
}


def record(context: BackendContext, service: Service, message: str) -> None:
    """Add ``(service <name>) <message>`` unless it repeats the newest event."""
    text = f"(service {service.name}) {message}"
    now = context.clock.now()
    if service.events:
        newest = service.events[0]
        if newest["message"] == text and now - newest["createdAt"] < REPEAT_AFTER:
            return
    service.events.insert(0, {"id": context.ids.uuid(), "createdAt": now, "message": text})
    del service.events[MAX_EVENTS:]


def ids(task_ids: Iterable[str], kind: str = "task") -> str:
    return " ".join(f"({kind} {task_id})" for task_id in task_ids)


def started(task_ids: list[str]) -> str:
    return f"has started {len(task_ids)} tasks: {ids(task_ids)}."


def stopped(task_ids: list[str]) -> str:
    return f"has stopped {len(task_ids)} running tasks: {ids(task_ids)}."


def rebalanced_away(task: Task) -> str:
    return (
        f"has stopped 1 running tasks in Availability Zone {task.availability_zone} due to AZ "
        f"rebalancing: (task {task.task_id})."
    )


def draining(count: int) -> str:
    return f"has begun draining connections on {count} tasks."


def registered(count: int, target_group_arn: str) -> str:
    return f"registered {count} targets in (target-group {target_group_arn})"


def deregistered(count: int, target_group_arn: str) -> str:
    return f"deregistered {count} targets in (target-group {target_group_arn})"


def unable_to_place(
    reason: str | None, instance_id: str | None, missing_in: str = "cluster"
) -> str:
    """``missing_in``: "cluster", or "capacity provider" (none in its Auto Scaling group)."""
    head = "was unable to place a task because no container instance met all of its requirements."
    if instance_id is None or reason is None:
        missing = f"No Container Instances were found in your {missing_in}."
        return f"{head} Reason: {missing} {TROUBLESHOOTING}"
    closest = CLOSEST.get(reason, f'encountered error "{reason}".')
    where = f"The closest matching (container-instance {instance_id})"
    return f"{head} {where} {closest} {TROUBLESHOOTING}"


def unable_to_start_consistently() -> str:
    return f"is unable to consistently start tasks successfully. {TROUBLESHOOTING}"


def held_by_configuration() -> str:
    return (
        "was unable to stop or start tasks during a deployment because of the service "
        "deployment configuration. Update the minimumHealthyPercent or maximumPercent value "
        "and try again."
    )


def steady() -> str:
    return "has reached a steady state."


def deployment_completed(deployment_id: str) -> str:
    return f"(deployment {deployment_id}) deployment completed."


def deployment_failed(deployment_id: str) -> str:
    return f"(deployment {deployment_id}) deployment failed: tasks failed to start."


def rolling_back(deployment_id: str) -> str:
    """The circuit breaker (or StopServiceDeployment) returns to ``deployment_id``."""
    return f"rolling back to deployment {deployment_id}."
