"""Starting the tasks of a deployment, through the way RunTask starts tasks: the same
checks, placement engine, ports, ENIs and lifecycle."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.errors import ServiceError
from pytest_ecsmock.services.ecs import placement
from pytest_ecsmock.services.ecs.managed_scaling import NO_PROVIDER_INSTANCES
from pytest_ecsmock.services.ecs.placement.checks import AVAILABILITY_ZONE
from pytest_ecsmock.services.ecs.tasks import fargate
from pytest_ecsmock.services.ecs.tasks.run import NO_INSTANCES, Made, prepare, split_by_strategy

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.container_instances import ContainerInstance
    from pytest_ecsmock.services.ecs.ecs_services.model import Deployment, Service
    from pytest_ecsmock.services.ecs.tasks import Task

ZONE_ATTRIBUTE = f"attribute:{AVAILABILITY_ZONE}"
#: the scheduler's strategy when the service names none: spread over the zones
DEFAULT_STRATEGY = [{"type": "spread", "field": ZONE_ATTRIBUTE}]


@dataclass
class Launched:
    tasks: list[Task] = field(default_factory=list)
    #: RunTask-style failures (``arn``, ``reason``) of the instances that could not
    #: take a task
    failures: list[dict[str, str]] = field(default_factory=list)
    #: the cluster (or the capacity provider's group) has no ACTIVE container instance
    no_instances: bool = False
    #: where none was found: "cluster" or "capacity provider"
    no_instances_in: str = "cluster"
    #: an error that stopped the launch (a role that cannot be assumed, ...)
    error: str | None = None


def _maker(ecs: EcsBackend, service: Service, deployment: Deployment) -> Made:
    revision = deployment.revision
    tags = dict(service.tags) if service.propagate_tags == "SERVICE" else {}
    if service.propagate_tags == "TASK_DEFINITION":
        tags = dict(revision.definition.tags)
    params: dict[str, Any] = {
        "group": f"service:{service.name}",
        "startedBy": deployment.id,
        "enableExecuteCommand": service.enable_execute_command,
    }
    made = prepare(ecs, service.cluster, revision.definition, params, revision.launch_type)
    made.tags = tags
    return made


def launch(
    ecs: EcsBackend,
    service: Service,
    deployment: Deployment,
    count: int,
    have: dict[str, int],
    zone: str | None = None,
) -> Launched:
    """Start ``count`` tasks of ``deployment``. ``have`` counts the deployment's live
    tasks per capacity provider, so that a strategy shares the whole service out; with
    ``zone``, only in that Availability Zone."""
    result = Launched()
    revision = deployment.revision
    network = revision.network
    constraints = list(service.placement_constraints)
    if zone is not None:
        constraints.append({"type": "memberOf", "expression": f"{ZONE_ATTRIBUTE} == {zone}"})
        if network is not None:
            in_zone = tuple(s for s in network.subnets if s.availability_zone == zone)
            network = dataclasses.replace(network, subnets=in_zone or network.subnets)
    try:
        made = _maker(ecs, service, deployment)
    except ServiceError as problem:
        result.error = problem.message
        return result
    shares: list[tuple[str | None, int]] = [(None, count)]
    if revision.strategy:
        total = sum(have.values()) + count
        wanted = split_by_strategy(revision.strategy, total)
        shares = [
            (name, n - have.get(name or "", 0)) for name, n in wanted if n > have.get(name or "", 0)
        ]
    params = {
        "placementConstraints": constraints,
        "placementStrategy": service.placement_strategy or DEFAULT_STRATEGY,
    }
    # awsvpc tasks go one at a time, so that those whose addresses are there start
    # when a subnet runs out (creating interfaces is all or nothing)
    batches = [(provider, 1) for provider, share in shares for _ in range(share)]
    if network is None:
        batches = shares
    for provider, share in batches:
        try:
            if revision.launch_type == "FARGATE":
                assert network is not None
                version = fargate.platform_version(
                    {"platformVersion": revision.platform_version}, "FARGATE"
                )
                quietest = _quietest_zone(service, network, result.tasks)
                result.tasks += made.fargate(share, quietest, version, provider)
                continue
            tasks, failures = made.ec2(share, network, params, provider)
        except ServiceError as problem:
            if problem.message in (NO_INSTANCES, NO_PROVIDER_INSTANCES):
                result.no_instances = True
                if problem.message == NO_PROVIDER_INSTANCES:
                    result.no_instances_in = "capacity provider"
            else:
                result.error = problem.message
            return result
        result.tasks += tasks
        result.failures += failures
        if failures and not tasks:
            return result  # no room: the others would find none either
    return result


def _quietest_zone(
    service: Service, network: fargate.AwsvpcConfiguration, starting: list[Task]
) -> fargate.AwsvpcConfiguration:
    """``network`` narrowed to the subnets of the zone where the service runs the
    fewest tasks (Fargate spreads a service's tasks over the zones of its subnets)."""
    zones = sorted({subnet.availability_zone for subnet in network.subnets})
    live = [t for t in service.tasks() if t.desired_status == "RUNNING"] + starting
    counts = {zone: sum(1 for t in live if t.availability_zone == zone) for zone in zones}
    zone = min(zones, key=lambda z: (counts[z], z))
    subnets = tuple(subnet for subnet in network.subnets if subnet.availability_zone == zone)
    return dataclasses.replace(network, subnets=subnets)


def launch_on(
    ecs: EcsBackend, service: Service, deployment: Deployment, instance: ContainerInstance
) -> Launched:
    """Start one task of a DAEMON service's ``deployment`` on ``instance``."""
    result = Launched()
    revision = deployment.revision
    try:
        made = _maker(ecs, service, deployment)
        constraints = placement.parse_constraints(service.placement_constraints)
    except ServiceError as problem:
        result.error = problem.message
        return result
    placed = placement.place(
        made.requirement(revision.network),
        [instance],
        1,
        constraints=constraints,
        rng=ecs.context.ids.random,
        group=made.group,
    )
    result.failures = [failure.describe() for failure in placed.failures]
    result.tasks = made.apply(placed.placements, [instance], revision.network)
    return result


def can_ever_run_on(
    ecs: EcsBackend, service: Service, deployment: Deployment, instance: ContainerInstance
) -> bool:
    """Whether ``instance`` meets the attributes and ``memberOf`` constraints the tasks
    of ``deployment`` need, whatever its free resources (DAEMON services ask)."""
    from pytest_ecsmock.services.ecs.placement.checks import Checks
    from pytest_ecsmock.services.ecs.placement.views import InstanceView

    try:
        constraints = placement.parse_constraints(service.placement_constraints)
    except ValueError:
        return False
    requirement = placement.requirement_for(deployment.definition)
    group = f"service:{service.name}"
    return Checks(requirement, constraints).can_ever_take(InstanceView(instance, group))
