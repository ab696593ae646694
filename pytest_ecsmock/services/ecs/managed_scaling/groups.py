"""The Auto Scaling groups a test declares behind its capacity providers.

A group launches EC2 instances of one type from one launch template: here, an
``ecs.config`` text and an instance type. Its instances join the cluster through
``join_instance(..., auto_scaling_group=<name>)``; those joined when the group is
declared count as launched long ago (no warm-up), the ones managed scaling launches
boot for :data:`BOOT_SECONDS` first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from pytest_ecsmock.errors import EcsmockUsageError
from pytest_ecsmock.services.ecs.capacity_providers import ASG_ARN
from pytest_ecsmock.services.ecs.container_instances.agent_config import (
    AgentConfig,
    parse_agent_config,
)
from pytest_ecsmock.services.ecs.container_instances.instance_types import (
    InstanceType,
    UnknownInstanceType,
    instance_type,
)
from pytest_ecsmock.services.ecs.container_instances.join import (
    ASG_NAME,
    available_memory,
    join_instance,
)

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.container_instances import ContainerInstance

#: seconds from the launch of an EC2 instance to its agent's registration
BOOT_SECONDS = 60.0
CLUSTER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}\Z")


@dataclass(eq=False)
class Launch:
    """An EC2 instance the group launched whose agent has not registered (yet)."""

    launched_at: datetime
    availability_zone: str
    #: why its agent could not register (it stays in the group, without tasks)
    failure: str | None = None


@dataclass(eq=False)
class AutoScalingGroup:
    """A declared Auto Scaling group (see ``EcsBackend.auto_scaling_group``)."""

    name: str
    instance_type: InstanceType
    ecs_config: str
    agent_config: AgentConfig
    availability_zones: tuple[str, ...]
    min_size: int
    max_size: int
    ecs: EcsBackend = field(repr=False)
    #: instances on their way to registering
    booting: list[Launch] = field(default_factory=list)
    #: instances whose agent could not register
    stranded: list[Launch] = field(default_factory=list)
    #: container instance ARN -> launch time, of the instances managed scaling launched
    launched_at: dict[str, datetime] = field(default_factory=dict)
    #: container instances being drained before they terminate
    terminating: set[str] = field(default_factory=set)

    @property
    def instances(self) -> list[ContainerInstance]:
        """The group's registered container instances (ACTIVE or DRAINING), in the
        order they joined."""
        groups = self.ecs.capacity_providers.instance_groups
        return [
            instance
            for instance in self.ecs.container_instances.instances.values()
            if instance.registered and groups.get(instance.arn) == self.name
        ]

    @property
    def desired_capacity(self) -> int:
        """The EC2 instances the group keeps: booting, registered (less those being
        terminated) and those whose agent could not register."""
        kept = [i for i in self.instances if i.arn not in self.terminating]
        return len(self.booting) + len(self.stranded) + len(kept)

    @property
    def failed_launches(self) -> list[str]:
        """Why the agents of launched instances could not register, one per instance."""
        return [launch.failure for launch in self.stranded if launch.failure is not None]

    def next_zone(self) -> str:
        """The zone of the next launch: the one with the fewest instances (Auto
        Scaling keeps its zones balanced); ties go to the earlier zone."""
        counts = dict.fromkeys(self.availability_zones, 0)
        for instance in self.instances:
            if instance.availability_zone in counts and instance.arn not in self.terminating:
                counts[instance.availability_zone] += 1
        for launch in (*self.booting, *self.stranded):
            counts[launch.availability_zone] += 1
        return min(self.availability_zones, key=lambda zone: counts[zone])

    def join(self, zone: str) -> ContainerInstance:
        """An instance of the group boots in ``zone`` and its agent registers."""
        return join_instance(
            self.ecs,
            self.ecs_config,
            self.instance_type.name,
            availability_zone=zone,
            auto_scaling_group=self.name,
        )


def declare(
    ecs: EcsBackend,
    existing: dict[str, AutoScalingGroup],
    name_or_arn: str,
    *,
    instance_type_name: str,
    ecs_config: str,
    availability_zones: Sequence[str] | None,
    min_size: int,
    max_size: int,
    desired: int | None,
) -> AutoScalingGroup:
    """Check everything, then make the group and join its first ``desired`` instances
    (``min_size`` when not given)."""
    name = _group_name(name_or_arn)
    if name in existing:
        raise EcsmockUsageError(f"The Auto Scaling group {name!r} is declared already.")
    sizes: dict[str, object] = {"min_size": min_size, "max_size": max_size}
    if desired is not None:
        sizes["desired"] = desired
    for label, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise EcsmockUsageError(f"{label} must be a whole number, 0 or more, not {value!r}.")
    wanted = min_size if desired is None else desired
    if not min_size <= wanted <= max_size:
        raise EcsmockUsageError(
            f"The sizes must satisfy min_size <= desired <= max_size; got min_size={min_size}, "
            f"desired={wanted}, max_size={max_size}."
        )
    try:
        kind = instance_type(instance_type_name)
    except UnknownInstanceType as unknown:
        raise EcsmockUsageError(str(unknown)) from None
    config = parse_agent_config(ecs_config)
    if available_memory(kind) < config.reserved_memory:
        raise EcsmockUsageError(
            f"ecs.config: ECS_RESERVED_MEMORY={config.reserved_memory} is more than the "
            f"{available_memory(kind)} MiB a {kind.name} has; its agent could not register."
        )
    _check_cluster(ecs, config.cluster)
    zones = _zones(ecs, availability_zones)
    group = AutoScalingGroup(name, kind, ecs_config, config, zones, min_size, max_size, ecs=ecs)
    for _ in range(wanted):
        group.join(group.next_zone())
    existing[name] = group
    return group


def _group_name(name_or_arn: str) -> str:
    if isinstance(name_or_arn, str):
        matched = ASG_ARN.match(name_or_arn)
        if matched is not None:
            return matched.group("name")
        if ASG_NAME.match(name_or_arn):
            return name_or_arn
    raise EcsmockUsageError(
        f"{name_or_arn!r} is neither an Auto Scaling group name (1 to 255 letters, digits "
        "and _ . @ + = , -) nor its ARN (arn:aws:autoscaling:<region>:<account>:"
        "autoScalingGroup:<uuid>:autoScalingGroupName/<name>)."
    )


def _check_cluster(ecs: EcsBackend, name: str) -> None:
    """The instances' ECS_CLUSTER must name an ACTIVE cluster (or ``default``, which
    their agents create)."""
    found = ecs.clusters.lookup(name)
    if (found is not None and found.active) or name == "default":
        return
    hint = (
        f" Create it first: create_cluster(clusterName='{name}')."
        if CLUSTER_NAME.match(name)
        else ""
    )
    raise EcsmockUsageError(
        f"ecs.config: ECS_CLUSTER={name} names no ACTIVE cluster, so the group's instances "
        f"could not register.{hint}"
    )


def _zones(ecs: EcsBackend, given: Sequence[str] | None) -> tuple[str, ...]:
    network = ecs.container_instances.network
    if given is None:
        return tuple(network.zones)
    if isinstance(given, str) or not given:
        raise EcsmockUsageError(
            "availability_zones must be a non-empty list of zone names, such as "
            f"[{network.zones[0]!r}]."
        )
    zones: list[object] = list(given)
    for zone in zones:
        if not isinstance(zone, str) or not network.is_zone(zone):
            raise EcsmockUsageError(
                f"{zone!r} is not an Availability Zone of {network.region} "
                f"(such as {network.zones[0]})."
            )
    return tuple(dict.fromkeys(given))
