"""DAEMON services: one task on each ACTIVE instance that can run it, including
instances that join later; a new deployment replaces them instance by instance, as
far as ``minimumHealthyPercent`` allows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_ecsmock.services.ecs.ecs_services.launching import (
    Launched,
    can_ever_run_on,
    launch_on,
)
from pytest_ecsmock.services.ecs.ecs_services.model import ACTIVE, FAILED, Service
from pytest_ecsmock.services.ecs.ecs_services.replica import completion, within_floor
from pytest_ecsmock.services.ecs.placement.checks import ATTRIBUTE
from pytest_ecsmock.services.ecs.placement.constraints import MEMBER_OF_UNSATISFIED

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.ecs_services.scheduler import Scheduler
    from pytest_ecsmock.services.ecs.tasks import Task


def keep_daemons(scheduler: Scheduler, service: Service) -> None:
    primary = service.primary
    by_instance: dict[str, list[Task]] = {}
    for task in service.tasks():
        if (
            task.desired_status == "RUNNING"
            and task.arn not in scheduler.stopping
            and task.instance
        ):
            by_instance.setdefault(task.instance.arn, []).append(task)
    to_stop: list[Task] = []
    replaced: list[Task] = []  # old deployments' tasks on ACTIVE instances
    started = Launched()
    eligible = 0
    for instance in scheduler.ecs.container_instances.in_cluster(service.cluster):
        tasks = by_instance.pop(instance.arn, [])
        if instance.status != "ACTIVE" or service.status != ACTIVE:
            to_stop += tasks
            continue
        old = [t for t in tasks if scheduler.owner[t.arn][1] is not primary]
        replaced += old
        current = [t for t in tasks if scheduler.owner[t.arn][1] is primary]
        if current and not can_ever_run_on(scheduler.ecs, service, primary, instance):
            to_stop += current  # its attributes or the constraints changed
            continue
        if current:
            eligible += 1
            continue
        if old or primary.rollout_state == FAILED or not scheduler.may_launch(service):
            eligible += 1
            continue
        launched = launch_on(scheduler.ecs, service, primary, instance)
        if launched.tasks or not _ineligible(launched):
            eligible += 1
            started.failures += launched.failures
        started.tasks += launched.tasks
        started.error = started.error or launched.error
    scheduler.adopt(service, primary, started)
    for tasks in by_instance.values():
        to_stop += tasks
    if service.status == ACTIVE:
        service.desired_count = primary.desired_count = eligible
    to_stop += within_floor(scheduler, service, replaced)
    if to_stop:
        scheduler.stop_tasks(
            service, to_stop, f"Scaling activity initiated by (deployment {primary.id})"
        )
    keepers = [
        t
        for t in service.tasks()
        if scheduler.owner[t.arn][1] is primary
        and t.desired_status == "RUNNING"
        and t.arn not in scheduler.stopping
    ]
    completion(scheduler, service, keepers, service.desired_count)


def _ineligible(launched: Launched) -> bool:
    """The daemon's task can never run on the instance (attributes or constraints)."""
    return any(f["reason"] in (ATTRIBUTE, MEMBER_OF_UNSATISFIED) for f in launched.failures)
