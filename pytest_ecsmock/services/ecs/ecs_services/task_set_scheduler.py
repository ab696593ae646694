"""The scheduler's pass over a service with task sets (EXTERNAL or CODE_DEPLOY
controller): each task set is kept at its computed desired count.

A pass sets each task set's ``computedDesiredCount`` from the service's desiredCount
and the set's scale (so it follows UpdateService and UpdateTaskSet at the next pass, as
AWS's catches up), starts missing tasks and stops extra ones (unhealthy and newest
first). There is no rolling update between task sets: moving traffic is the external
controller's work. minimumHealthyPercent and maximumPercent only bound the replacement
of tasks on DRAINING container instances: replacements start while the task set stays
within ``floor(count * maximumPercent / 100)`` tasks, and a task on a DRAINING instance
stops while ``ceil(count * minimumHealthyPercent / 100)`` healthy tasks remain.

A task set is STEADY_STATE when it runs its computed count, has nothing pending or
stopping, no task on a DRAINING instance, and every task passes its load balancer and
container health checks (without either, RUNNING is enough: the 40 seconds a rolling
update waits do not apply). A DRAINING task set leaves the service once its tasks stopped.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pytest_ecsmock.services.ecs.ecs_services import events
from pytest_ecsmock.services.ecs.ecs_services.model import ACTIVE, DRAINING, STARTING
from pytest_ecsmock.services.ecs.ecs_services.targets import has_health_checks, task_health
from pytest_ecsmock.services.ecs.ecs_services.task_sets import STABILIZING, STEADY_STATE

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.ecs_services.model import Service
    from pytest_ecsmock.services.ecs.ecs_services.scheduler import Scheduler
    from pytest_ecsmock.services.ecs.ecs_services.task_sets import TaskSet
    from pytest_ecsmock.services.ecs.tasks import Task


def keep_task_sets(scheduler: Scheduler, service: Service) -> None:
    draining_hosts = scheduler.draining_instances(service)
    now = scheduler.context.clock.now()
    for task_set in service.task_sets:
        if service.status != ACTIVE and task_set.status != DRAINING:
            task_set.status, task_set.updated_at = DRAINING, now  # the service is deleted
        _keep(scheduler, service, task_set, draining_hosts)
    service.task_sets = [s for s in service.task_sets if s.status != DRAINING or s.tasks]
    steady = bool(service.task_sets) and service.status == ACTIVE
    for task_set in service.task_sets:
        stable = _stable(scheduler, task_set, draining_hosts)
        status = STEADY_STATE if stable else STABILIZING
        if task_set.stability_status != status:
            task_set.stability_status, task_set.stability_status_at = status, now
        steady = steady and stable
    if steady and not service.steady:
        events.record(scheduler.context, service, events.steady())
    service.steady = steady
    if service.status == DRAINING and not service.tasks():
        scheduler.store.deactivated(service)


def _keep(scheduler: Scheduler, service: Service, task_set: TaskSet, hosts: set[str]) -> None:
    count = task_set.desired_count = task_set.computed_count(service)
    live = [
        t
        for t in task_set.tasks.values()
        if t.desired_status == "RUNNING" and t.arn not in scheduler.stopping
    ]
    keepers = [t for t in live if not _on(t, hosts)]
    moving = [t for t in live if _on(t, hosts)]
    missing = count - len(keepers)
    if moving:
        counted = [
            t
            for t in task_set.tasks.values()
            if t.desired_status == "RUNNING" and t.last_status in (*STARTING, "RUNNING")
        ]
        ceiling = math.floor(count * service.configuration.maximum_percent / 100)
        missing = min(missing, ceiling - len(counted))
    if missing > 0 and scheduler.may_launch(service):
        scheduler.start_tasks(service, task_set, missing)

    def serving(task: Task) -> bool:
        return _serving(scheduler, task_set, task)

    by_health = sorted(keepers, key=lambda t: (serving(t), -t.sequence))
    chosen = by_health[: max(0, len(keepers) - count)]
    if moving:
        floor = math.ceil(count * service.configuration.minimum_healthy_percent / 100)
        budget = sum(1 for t in live if serving(t) and t not in chosen) - floor
        for task in sorted(moving, key=lambda t: (serving(t), t.sequence)):
            if not serving(task):
                chosen.append(task)
            elif budget > 0 or count == 0:
                chosen.append(task)
                budget -= 1
    if chosen:
        reason = f"Scaling activity initiated by (deployment {task_set.id})"
        scheduler.stop_tasks(service, chosen, reason)


def _stable(scheduler: Scheduler, task_set: TaskSet, hosts: set[str]) -> bool:
    tasks = list(task_set.tasks.values())
    return (
        len(tasks) == task_set.desired_count
        and not any(_on(t, hosts) for t in tasks)
        and all(_serving(scheduler, task_set, t) for t in tasks)
    )


def _serving(scheduler: Scheduler, task_set: TaskSet, task: Task) -> bool:
    """RUNNING, not being stopped, healthy in its target groups and health checks."""
    if task.last_status != "RUNNING" or task.desired_status != "RUNNING":
        return False
    if task.arn in scheduler.stopping:
        return False
    if task_set.revision.load_balancers:
        states = scheduler.targets.target_states(task)
        if not states or any(state != "healthy" for _, state in states):
            return False
    return not has_health_checks(task) or task_health(task) == "HEALTHY"


def _on(task: Task, instance_arns: set[str]) -> bool:
    return task.instance is not None and task.instance.arn in instance_arns
