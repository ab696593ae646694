"""RunTask: check everything, place the tasks, then make them (a failed call changes
nothing)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors, placement
from pytest_ecsmock.services.ecs.cluster_options import FARGATE_PROVIDERS, parse_strategy
from pytest_ecsmock.services.ecs.clusters import Cluster
from pytest_ecsmock.services.ecs.container_instances import ContainerInstance, TaskOnInstance
from pytest_ecsmock.services.ecs.tags import parse_tags
from pytest_ecsmock.services.ecs.task_definitions import TaskDefinition
from pytest_ecsmock.services.ecs.tasks import fargate, lifecycle
from pytest_ecsmock.services.ecs.tasks.model import Task, TaskContainer
from pytest_ecsmock.services.ecs.tasks.overrides import Overrides, parse_overrides
from pytest_ecsmock.services.ecs.tasks.roles import check_task_roles

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.network import Subnet

MAX_COUNT = 10
STARTED_BY = re.compile(r"^[A-Za-z0-9_/-]{1,128}\Z")
MAX_GROUP = 255
NO_INSTANCES = "No Container Instances were found in your cluster."
#: members accepted by the API that the mock cannot honour yet
UNSUPPORTED = ("enableECSManagedTags", "volumeConfigurations")
BOTH_GIVEN = (
    "Specifying both a launch type and capacity provider strategy is not supported. "
    "Remove one and try again."
)


def resolve_definition(ecs: EcsBackend, reference: str) -> TaskDefinition:
    found = ecs.task_definitions.resolve(reference)
    if found is None:
        raise errors.InvalidParameterException("TaskDefinition not found.")
    if found.status != "ACTIVE":
        raise errors.InvalidParameterException("TaskDefinition is inactive")
    return found


def _launch(
    cluster: Cluster, params: dict[str, Any], count: int
) -> tuple[str, list[tuple[str | None, int]]]:
    """The launch type of the tasks and how many go to each capacity provider (one
    ``(None, count)`` share without a strategy)."""
    launch_type = params.get("launchType")
    strategy = params.get("capacityProviderStrategy")
    if launch_type is not None and strategy:
        raise errors.InvalidParameterException(BOTH_GIVEN)
    if launch_type is None and not strategy:
        strategy = cluster.default_strategy
    if strategy:
        parsed = parse_strategy(strategy, cluster.capacity_providers, "capacityProviderStrategy")
        fargate = parsed[0]["capacityProvider"] in FARGATE_PROVIDERS
        return ("FARGATE" if fargate else "EC2"), split_by_strategy(parsed, count)
    if launch_type in (None, "EC2"):
        return "EC2", [(None, count)]
    if launch_type == "FARGATE":
        return "FARGATE", [(None, count)]
    if launch_type == "EXTERNAL":
        raise errors.InvalidParameterException(
            "launchType EXTERNAL is not supported by pytest-ecsmock yet."
        )
    raise errors.InvalidParameterException(
        f"1 validation error detected: Value '{launch_type}' at 'launchType' failed to "
        "satisfy constraint: Member must satisfy enum value set: [EC2, FARGATE, EXTERNAL]"
    )


def split_by_strategy(strategy: list[dict[str, Any]], count: int) -> list[tuple[str | None, int]]:
    """``count`` tasks over a checked strategy: the item with a base takes the first
    ``base`` tasks; the rest are shared in proportion to the weights, each item taking
    the whole part of its share, and the tasks left over going one each to the items with
    the largest fractions (ties: the earlier item). When no weight is above 0 (a single
    item), that item takes them all."""
    shares = {item["capacityProvider"]: 0 for item in strategy}
    left = count
    for item in strategy:
        taken = min(item["base"], left)
        shares[item["capacityProvider"]] += taken
        left -= taken
    weighted = [item for item in strategy if item["weight"] > 0]
    if not weighted:
        shares[strategy[0]["capacityProvider"]] += left
        left = 0
    total = sum(item["weight"] for item in weighted)
    fractions = []
    given = 0
    for index, item in enumerate(weighted):
        whole, fraction = divmod(left * item["weight"], total or 1)
        shares[item["capacityProvider"]] += whole
        given += whole
        fractions.append((-fraction, index, item["capacityProvider"]))
    for _, _, name in sorted(fractions)[: left - given]:
        shares[name] += 1
    return [(name, n) for name, n in shares.items() if n > 0]


def run_task(ecs: EcsBackend, params: dict[str, Any]) -> tuple[list[Task], list[dict[str, str]]]:
    cluster = ecs.cluster(params.get("cluster"))
    definition = resolve_definition(ecs, params["taskDefinition"])
    count = params.get("count", 1)
    if not 1 <= count <= MAX_COUNT:
        raise errors.InvalidParameterException(f"count must be between 1 and {MAX_COUNT}.")
    launch_type, shares = _launch(cluster, params, count)
    made = prepare(ecs, cluster, definition, params, launch_type)
    network = fargate.parse_network(ecs.network, params, definition.network_mode, launch_type)
    version = fargate.platform_version(params, launch_type)
    if launch_type == "FARGATE":
        if params.get("placementConstraints") or params.get("placementStrategy"):
            raise errors.InvalidParameterException(
                "Task placement constraints and strategies are not supported for launch "
                "type FARGATE."
            )
        assert network is not None  # Fargate definitions are awsvpc
        made_tasks = []
        for provider, share in shares:
            made_tasks += made.fargate(share, network, version, provider)
        return made_tasks, []
    if shares[0][0] is None:
        return made.ec2(count, network, params)
    from pytest_ecsmock.services.ecs.managed_scaling import provider_capacity

    for provider, _ in shares:  # a provider without capacity fails the call, changing nothing
        assert provider is not None
        provider_capacity(ecs, cluster, provider)
    tasks: list[Task] = []
    failures: list[dict[str, str]] = []
    for provider, share in shares:
        assert provider is not None
        placed, failed = made.ec2(share, network, params, provider)
        tasks += placed
        failures += failed
    return tasks, failures


def prepare(
    ecs: EcsBackend,
    cluster: Cluster,
    definition: TaskDefinition,
    params: dict[str, Any],
    launch_type: str,
) -> Made:
    """Check what RunTask and StartTask share (the definition's compatibility, group,
    startedBy, overrides, tags) and return the maker of the tasks."""
    if launch_type not in definition.compatibilities:
        raise errors.InvalidParameterException(
            f"Task definition does not support launch_type {launch_type}."
        )
    for name in UNSUPPORTED:
        if params.get(name):
            raise errors.InvalidParameterException(
                f"{name} is not supported by pytest-ecsmock yet."
            )
    group = params.get("group") or f"family:{definition.family}"
    if len(group) > MAX_GROUP:
        raise errors.InvalidParameterException(
            f"group must be at most {MAX_GROUP} characters long."
        )
    started_by = params.get("startedBy")
    if started_by is not None and not STARTED_BY.match(started_by):
        raise errors.InvalidParameterException(
            "startedBy must be 1 to 128 letters, numbers, hyphens, underscores or slashes."
        )
    overrides = parse_overrides(
        definition,
        params.get("overrides"),
        partition=ecs.context.partition,
        account=ecs.context.account_id,
    )
    check_task_roles(ecs.context, definition, overrides)
    tags = parse_tags(params.get("tags"))
    propagate = params.get("propagateTags")
    if propagate == "TASK_DEFINITION":
        tags = {**definition.tags, **tags}
    elif propagate not in (None, "NONE"):
        raise errors.InvalidParameterException(
            "propagateTags SERVICE is only valid for tasks started by a service."
        )
    return Made(ecs, cluster, definition, overrides, group, started_by, tags, params)


class Made:
    """Makes the tasks of one RunTask or StartTask call once everything is checked."""

    def __init__(
        self,
        ecs: EcsBackend,
        cluster: Cluster,
        definition: TaskDefinition,
        overrides: Overrides,
        group: str,
        started_by: str | None,
        tags: dict[str, str],
        params: dict[str, Any],
    ) -> None:
        self.ecs = ecs
        self.cluster = cluster
        self.definition = definition
        self.overrides = overrides
        self.group = group
        self.started_by = started_by
        self.tags = tags
        self.params = params

    def ec2(
        self,
        count: int,
        network: fargate.AwsvpcConfiguration | None,
        params: dict[str, Any],
        provider: str | None = None,
    ) -> tuple[list[Task], list[dict[str, str]]]:
        """Place and start ``count`` tasks; with an Auto Scaling group ``provider``, only
        on the cluster's instances of its group, and with its managed scaling ENABLED,
        the tasks that find no room wait PROVISIONING for instances (see
        :mod:`pytest_ecsmock.services.ecs.managed_scaling`)."""
        ecs = self.ecs
        td_constraints = self.definition.document.get("placementConstraints", [])
        try:
            constraints = placement.parse_constraints(
                params.get("placementConstraints", []),
                task_definition_constraints=len(td_constraints),
            )
            constraints += placement.parse_constraints(
                td_constraints, member="taskDefinition.placementConstraints"
            )
            strategies = placement.parse_strategies(params.get("placementStrategy", []))
        except ValueError as problem:
            raise errors.InvalidParameterException(str(problem)) from None
        from pytest_ecsmock.services.ecs.managed_scaling import Waiting, provider_capacity

        instances = ecs.container_instances.in_cluster(self.cluster)
        managed = False
        if provider is not None:  # only its group's instances; managed scaling may add some
            instances, managed = provider_capacity(ecs, self.cluster, provider)
        result = placement.place(
            self.requirement(network),
            instances,
            count,
            constraints=constraints,
            strategies=strategies,
            rng=ecs.context.ids.random,
            group=self.group,
        )
        if result.no_container_instances and not managed:
            raise errors.InvalidParameterException(NO_INSTANCES)
        tasks = self.apply(result.placements, instances, network, provider)
        if managed and result.unplaced:  # the others wait, PROVISIONING, for instances
            assert provider is not None
            waiting = Waiting(self, network, tuple(constraints), tuple(strategies), provider)
            tasks += ecs.managed_scaling.wait(waiting, result.unplaced)
            return tasks, []
        return tasks, [failure.describe() for failure in result.failures]

    def requirement(self, network: fargate.AwsvpcConfiguration | None) -> placement.TaskRequirement:
        """What one task needs of an instance (overridden sizes; awsvpc: the zones)."""
        return dataclasses.replace(
            placement.requirement_for(
                self.definition, availability_zones=network.zones if network else None
            ),
            cpu=self.overrides.cpu,
            memory=self.overrides.memory,
        )

    def apply(
        self,
        placements: Sequence[placement.Placement],
        instances: Sequence[ContainerInstance],
        network: fargate.AwsvpcConfiguration | None,
        provider: str | None = None,
    ) -> list[Task]:
        """Start one EC2 task per placement (its instance among ``instances``): the ENIs
        of awsvpc tasks, the host ports, the resources taken on the instance."""
        by_arn = {instance.arn: instance for instance in instances}
        chosen = [by_arn[p.container_instance_arn] for p in placements]
        interfaces = self.interfaces_for(network, chosen)
        tasks = []
        for index, (where, instance) in enumerate(zip(placements, chosen, strict=True)):
            task = self.new_task("EC2", provider, instance.availability_zone, instance.architecture)
            self.settle(task, where, instance, interfaces[index] if interfaces else None)
            tasks.append(self._begin(task))
        return tasks

    def interfaces_for(
        self, network: fargate.AwsvpcConfiguration | None, chosen: Sequence[ContainerInstance]
    ) -> list[Any]:
        if network is None or not chosen:
            return []
        subnets = [_subnet_in(network.subnets, i.availability_zone) for i in chosen]
        return fargate.create_interfaces(
            self.ecs.network, subnets, network.security_groups, "ECS task interface"
        )

    def settle(
        self, task: Task, where: placement.Placement, instance: ContainerInstance, interface: Any
    ) -> None:
        """Put ``task`` on ``instance`` as ``where`` says (its ENI, ports, resources)."""
        task.instance = instance
        task.availability_zone = instance.availability_zone
        if interface is not None:
            self._attach(task, interface)
        _bind_ports(task, self.definition, where.dynamic_host_ports)
        instance.add_task(
            TaskOnInstance(
                task.arn,
                where.group,
                cpu=where.cpu,
                memory=where.memory,
                tcp_ports=where.tcp_ports,
                udp_ports=where.udp_ports,
                dynamic_ports=frozenset(where.dynamic_host_ports),
                uses_eni=where.uses_eni,
                last_status=task.last_status,
            )
        )

    def fargate(
        self,
        count: int,
        network: fargate.AwsvpcConfiguration,
        version: str | None,
        provider: str | None,
    ) -> list[Task]:
        ecs = self.ecs
        ordered = sorted(network.subnets, key=lambda s: (s.availability_zone, s.subnet_id))
        offset = ecs.context.ids.random.randrange(len(ordered))
        subnets = [ordered[(offset + index) % len(ordered)] for index in range(count)]
        interfaces = fargate.create_interfaces(
            ecs.network, subnets, network.security_groups, "arn:aws:ecs: task interface"
        )
        platform = self.definition.document.get("runtimePlatform", {})
        architecture = "arm64" if platform.get("cpuArchitecture") == "ARM64" else "x86_64"
        tasks = []
        for interface in interfaces:
            task = self.new_task("FARGATE", provider, interface.availability_zone, architecture)
            task.platform_version = version
            self._attach(task, interface)
            tasks.append(self._begin(task))
        return tasks

    def new_task(
        self, launch_type: str, provider: str | None, zone: str, architecture: str
    ) -> Task:
        ecs = self.ecs
        task_id = ecs.context.ids.hex(32)
        arn = ecs.tasks.arn(self.cluster, task_id)
        containers = []
        for spec in self.definition.containers:
            size = self.overrides.sizes[spec.name]
            containers.append(
                TaskContainer(
                    name=spec.name,
                    arn=ecs.context.arn(f"container/{self.cluster.name}/{task_id}/")
                    + ecs.context.ids.uuid(),
                    image=spec.image,
                    cpu=size.cpu,
                    memory=size.memory,
                    memory_reservation=size.memory_reservation,
                    essential=spec.essential,
                )
            )
        return Task(
            task_id=task_id,
            arn=arn,
            cluster=self.cluster,
            definition=self.definition,
            launch_type=launch_type,
            capacity_provider=provider,
            group=self.group,
            cpu=self.overrides.cpu,
            memory=self.overrides.memory,
            created_at=ecs.context.clock.now(),
            containers=containers,
            availability_zone=zone,
            architecture=architecture,
            started_by=self.started_by,
            overrides=self.overrides.echo,
            tags=dict(self.tags),
            reference_id=self.params.get("referenceId"),
            enable_execute_command=bool(self.params.get("enableExecuteCommand", False)),
            sequence=ecs.tasks.next_sequence(),
        )

    def _attach(self, task: Task, interface: Any) -> None:
        task.interface = interface
        task.attachment_id = self.ecs.context.ids.uuid()

    def _begin(self, task: Task) -> Task:
        self.ecs.tasks.add(task)
        lifecycle.begin(self.ecs.tasks, task)  # with lifecycle="instant" it runs to RUNNING
        if task.instance is not None and task.arn in task.instance.tasks:  # not yet STOPPED
            task.instance.update_task(task.arn, last_status=task.last_status)
        return task


def _subnet_in(subnets: tuple[Subnet, ...], zone: str) -> Subnet:
    return next((s for s in subnets if s.availability_zone == zone), subnets[0])


def _bind_ports(task: Task, definition: TaskDefinition, dynamic: tuple[int, ...]) -> None:
    mode = definition.network_mode
    if mode not in ("bridge", "host"):
        return
    ports = iter(dynamic)
    for container, spec in zip(task.containers, definition.containers, strict=True):
        for mapping in spec.port_mappings:
            if mapping.container_port is None:
                continue
            host_port = mapping.host_port
            if mode == "host":
                host_port = host_port or mapping.container_port
            elif not host_port:
                host_port = next(ports)
            container.bindings.append(
                {
                    "containerPort": mapping.container_port,
                    "hostPort": host_port,
                    "protocol": mapping.protocol,
                }
            )
