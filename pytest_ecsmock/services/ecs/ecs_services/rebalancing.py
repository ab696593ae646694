"""Availability Zone rebalancing: a steady service whose tasks are spread unevenly over
the zones it can use starts a task in the zone with the fewest, and once that one is
healthy the scheduler's scale-in stops one in the zone with the most.

The zones a service can use are those of its cluster's ACTIVE container instances
(EC2) or of its subnets (awsvpc on Fargate). A service is compatible when it is a
REPLICA service with the ECS controller whose first placement strategy (if any) is a
spread over ``attribute:ecs.availability-zone``; others default to DISABLED.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.ecs_services import events
from pytest_ecsmock.services.ecs.ecs_services.launching import ZONE_ATTRIBUTE, launch
from pytest_ecsmock.services.ecs.params import check_enum

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.ecs_services.model import Service
    from pytest_ecsmock.services.ecs.ecs_services.scheduler import Scheduler
    from pytest_ecsmock.services.ecs.tasks import Task

ENABLED, DISABLED = "ENABLED", "DISABLED"


def compatible(scheduling: str, controller: str, strategy: list[dict[str, Any]]) -> bool:
    if scheduling != "REPLICA" or controller != "ECS":
        return False
    if not strategy:
        return True
    first = strategy[0]
    return first.get("type") == "spread" and first.get("field") == ZONE_ATTRIBUTE


def setting(
    value: str | None,
    scheduling: str,
    controller: str,
    strategy: list[dict[str, Any]],
    *,
    explicit: bool = True,
) -> str:
    """The ``availabilityZoneRebalancing`` a service gets: ENABLED by default when it is
    compatible, DISABLED otherwise; ENABLED asked for an incompatible service is refused."""
    fits = compatible(scheduling, controller, strategy)
    if value is None:
        return ENABLED if fits else DISABLED
    check_enum(value, (ENABLED, DISABLED), "availabilityZoneRebalancing")
    if value == ENABLED and not fits:
        if not explicit:
            return DISABLED
        raise errors.InvalidParameterException(
            "Availability Zone rebalancing needs a REPLICA service with the ECS deployment "
            "controller whose first placement strategy, if any, is spread over "
            f"{ZONE_ATTRIBUTE}."
        )
    return value


def zones_of(scheduler: Scheduler, service: Service) -> list[str]:
    network = service.primary.revision.network
    if service.primary.revision.launch_type == "FARGATE" and network is not None:
        return sorted({subnet.availability_zone for subnet in network.subnets})
    instances = scheduler.ecs.container_instances.in_cluster(service.cluster)
    return sorted({i.availability_zone for i in instances if i.status == "ACTIVE"})


def _spread(counts: Counter[str], zones: list[str]) -> str:
    parts = [f"{counts[zone]} tasks in {zone}" for zone in zones]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" and {parts[-1]}"


def rebalance(scheduler: Scheduler, service: Service, keepers: list[Task], room: int) -> None:
    """Called on a steady service (its PRIMARY deployment holds all its tasks, healthy):
    start one task where the fewest run, if ``room`` (maximumPercent) allows."""
    if service.availability_zone_rebalancing != ENABLED:
        return
    zones = zones_of(scheduler, service)
    if len(zones) < 2:
        return
    counts = Counter(dict.fromkeys(zones, 0))
    counts.update(t.availability_zone for t in keepers if t.availability_zone in counts)
    fewest = min(zones, key=lambda zone: (counts[zone], zone))
    most = max(counts.values())
    context = scheduler.context
    if most - counts[fewest] <= 1:
        if service.rebalancing:
            service.rebalancing = False
            events.record(context, service, f"is AZ balanced with {_spread(counts, zones)}.")
        return
    if room < 1:
        return
    if not service.rebalancing:
        service.rebalancing = True
        events.record(
            context,
            service,
            f"is not AZ balanced with {_spread(counts, zones)}. AZ Rebalancing in progress.",
        )
    launched = launch(scheduler.ecs, service, service.primary, 1, {}, zone=fewest)
    if not launched.tasks:
        events.record(
            context,
            service,
            f"is unable to place a task in Availability Zone {fewest} because no container "
            "instance met all of its requirements.",
        )
        return
    scheduler.adopt_quietly(service, service.primary, launched.tasks)
    started = " ".join(f"(task {t.task_id})" for t in launched.tasks)
    events.record(
        context,
        service,
        f"has started 1 tasks in Availability Zone {fewest} to AZ Rebalance: {started}.",
    )


def surplus_order(keepers: list[Task]) -> dict[str, int]:
    """How many of ``keepers`` share each task's zone: the scheduler's scale-in stops a
    task where most run first."""
    counts = Counter(t.availability_zone for t in keepers)
    return {t.arn: counts[t.availability_zone] for t in keepers}
