"""REPLICA services: keep ``desiredCount`` tasks and roll deployments out.

With D the desired count, tasks RUNNING or starting stay at most
``floor(D * maximumPercent / 100)``, healthy tasks at least
``ceil(D * minimumHealthyPercent / 100)``. Each pass starts tasks of the PRIMARY
deployment up to the upper bound, then stops tasks of older deployments (and tasks on
DRAINING instances) as far as the lower bound allows, those not running first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pytest_ecsmock.services.ecs.ecs_services import events, rebalancing
from pytest_ecsmock.services.ecs.ecs_services.model import (
    ACTIVE,
    COMPLETED,
    FAILED,
    IN_PROGRESS,
    STARTING,
    Service,
)

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.ecs_services.scheduler import Scheduler
    from pytest_ecsmock.services.ecs.tasks import Task


def keep_replicas(scheduler: Scheduler, service: Service) -> None:
    desired = service.desired_count
    primary = service.primary
    configuration = service.configuration
    ceiling = math.floor(desired * configuration.maximum_percent / 100)
    live = [
        t
        for t in service.tasks()
        if t.desired_status == "RUNNING" and t.arn not in scheduler.stopping
    ]
    counted = [
        t
        for t in service.tasks()
        if t.desired_status == "RUNNING" and t.last_status in (*STARTING, "RUNNING")
    ]
    draining_hosts = scheduler.draining_instances(service)
    keepers = [
        t for t in live if scheduler.owner[t.arn][1] is primary and not _on(t, draining_hosts)
    ]
    started = False
    if (
        primary.rollout_state != FAILED
        and service.status == ACTIVE
        and scheduler.may_launch(service)
    ):
        count = min(desired - len(keepers), ceiling - len(counted))
        if count > 0:
            started = scheduler.start_tasks(service, primary, count)
    extra = surplus(scheduler, service, keepers, desired)
    replaceable = [t for t in live if t not in keepers]
    if primary.rollout_state == FAILED and service.status == ACTIVE:
        replaceable = [t for t in replaceable if _on(t, draining_hosts)]
    chosen = extra + within_floor(scheduler, service, replaceable, leaving=extra)
    scaling = f"Scaling activity initiated by (deployment {primary.id})"
    if service.rebalancing and extra:
        for task in extra:
            events.record(scheduler.context, service, events.rebalanced_away(task))
        scheduler.stop_tasks(service, extra, scaling, announce=False)
    if chosen:
        scheduler.stop_tasks(service, chosen, scaling)
    for deployment in service.deployments[1:]:
        deployment.desired_count = sum(
            1
            for t in deployment.tasks.values()
            if t.desired_status == "RUNNING" and t.arn not in scheduler.stopping
        )
    if not started and not chosen and len(keepers) < desired and service.status == ACTIVE:
        settled = all(scheduler.healthy(t) for t in counted) and not scheduler.stopping.keys() & {
            t.arn for t in service.tasks()
        }
        if settled and len(counted) >= ceiling and primary.rollout_state != FAILED:
            events.record(scheduler.context, service, events.held_by_configuration())
    completion(scheduler, service, keepers, desired)
    if service.steady and not started and not chosen:
        rebalancing.rebalance(scheduler, service, keepers, ceiling - len(counted))


def surplus(
    scheduler: Scheduler, service: Service, keepers: list[Task], desired: int
) -> list[Task]:
    """The PRIMARY tasks beyond the desired count to stop: those not healthy first,
    then where the most tasks of the service run, the newest first. While zones
    are being rebalanced, none until the new task is healthy."""
    if len(keepers) <= desired:
        return []
    if len(keepers) - desired > 1:
        service.rebalancing = False  # a scale-in, not the task a rebalancing added
    healthy = {t.arn: scheduler.healthy(t) for t in keepers}
    if service.rebalancing and not all(healthy.values()):
        return []
    share = rebalancing.surplus_order(keepers)
    ordered = sorted(keepers, key=lambda t: (healthy[t.arn], -share[t.arn], -t.sequence))
    return ordered[: len(keepers) - desired]


def completion(scheduler: Scheduler, service: Service, keepers: list[Task], desired: int) -> None:
    primary = service.primary
    steady = (
        len(service.deployments) == 1
        and len(service.tasks()) == desired
        and len(keepers) == desired
        and all(scheduler.healthy(t) for t in keepers)
        and service.status == ACTIVE
    )
    if not steady:
        service.steady = False
        return
    if primary.rollout_state == IN_PROGRESS:
        now = scheduler.context.clock.now()
        primary.rollout_state = COMPLETED
        primary.rollout_state_reason = f"ECS deployment {primary.id} completed."
        primary.updated_at = primary.finished_at = now
        events.record(scheduler.context, service, events.deployment_completed(primary.id))
    if not service.steady:
        service.steady = True
        events.record(scheduler.context, service, events.steady())


def within_floor(
    scheduler: Scheduler, service: Service, candidates: list[Task], leaving: Sequence[Task] = ()
) -> list[Task]:
    """Of ``candidates``, those that may stop now: the ones not running, and running
    ones as far as ``minimumHealthyPercent`` of the desired count allows once the
    ``leaving`` tasks are gone."""
    percent = service.configuration.minimum_healthy_percent
    floor = math.ceil(service.desired_count * percent / 100)
    staying = [t for t in service.tasks() if t not in leaving]
    budget = sum(1 for t in staying if scheduler.healthy(t)) - floor
    chosen = []
    for task in sorted(candidates, key=lambda t: (t.last_status == "RUNNING", t.sequence)):
        if task.last_status != "RUNNING":
            chosen.append(task)
        elif budget > 0:
            chosen.append(task)
            budget -= 1
    return chosen


def _on(task: Task, instance_arns: set[str]) -> bool:
    return task.instance is not None and task.instance.arn in instance_arns
