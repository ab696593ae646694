"""StartTask: one task on each container instance named, through RunTask's checks and
its way of starting EC2 tasks (tasks/run.py). No scheduler: no constraints or
strategies, only the resource, port, ENI, zone and attribute checks of placement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors, placement
from pytest_ecsmock.services.ecs.container_instances import ContainerInstance
from pytest_ecsmock.services.ecs.params import check_at_most
from pytest_ecsmock.services.ecs.tasks import fargate
from pytest_ecsmock.services.ecs.tasks.model import Task
from pytest_ecsmock.services.ecs.tasks.run import prepare, resolve_definition

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend

MAX_INSTANCES = 10
#: StartTask has no launch type: its tasks run on the EC2 container instances named
LAUNCH_TYPE = "EC2"


def start_task(ecs: EcsBackend, params: dict[str, Any]) -> tuple[list[Task], list[dict[str, str]]]:
    cluster = ecs.cluster(params.get("cluster"))
    definition = resolve_definition(ecs, params["taskDefinition"])
    references = list(params["containerInstances"])
    if not references:
        raise errors.InvalidParameterException("containerInstances can not be empty.")
    check_at_most(references, MAX_INSTANCES, "containerInstances")
    made = prepare(ecs, cluster, definition, params, LAUNCH_TYPE)
    network = fargate.parse_network(ecs.network, params, definition.network_mode, LAUNCH_TYPE)
    requirement = made.requirement(network)
    store = ecs.container_instances
    failures: list[dict[str, str]] = []
    placements: list[placement.Placement] = []
    targets: list[ContainerInstance] = []
    for reference in references:
        instance = store.find(cluster, reference)
        if instance is None or not instance.registered:
            reason = "MISSING" if instance is None else "INACTIVE"
            failures.append({"arn": store.missing_arn(cluster, reference), "reason": reason})
            continue
        if instance.status != "ACTIVE":  # DRAINING: ECS places no new task there
            failures.append({"arn": instance.arn, "reason": instance.status})
            continue
        # the placements of this call before this one count as taken (an instance named
        # twice gets two tasks only if it has room for both)
        result = placement.place(
            requirement,
            [instance],
            1,
            rng=ecs.context.ids.random,
            group=made.group,
            already_placed=[p for p in placements if p.container_instance_arn == instance.arn],
        )
        failures.extend(failure.describe() for failure in result.failures)
        placements.extend(result.placements)
        targets.append(instance)
    return made.apply(placements, targets, network), failures
