"""Plain container instances for the placement tests: dataclasses that are Candidates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from pytest_ecsmock.services.ecs.placement.requirement import Placement

REGISTERED = datetime(2018, 6, 18, 22, 28, 28, tzinfo=timezone.utc)
RESERVED_PORTS = frozenset({22, 2375, 2376, 51678, 51679})


@dataclass
class Instance:
    """A container instance as the engine sees it; every field can be set in a test."""

    name: str = "i1"
    status: str = "ACTIVE"
    agent_connected: bool = True
    agent_version: str = "1.68.2"
    registered_at: datetime = REGISTERED
    attributes: dict[str, str | None] = field(default_factory=dict)
    remaining_cpu: int = 2048
    remaining_memory: int = 4096
    used_tcp_ports: set[int] = field(default_factory=lambda: set(RESERVED_PORTS))
    used_udp_ports: set[int] = field(default_factory=set)
    dynamic_port_range: tuple[int, int] = (32768, 60999)
    dynamic_ports_in_use: set[int] = field(default_factory=set)
    free_eni_slots: int = 2
    task_groups: dict[str, int] = field(default_factory=dict)
    zone: str = "us-east-1a"

    def __post_init__(self) -> None:
        self.attributes.setdefault("ecs.availability-zone", self.zone)
        self.attributes.setdefault("ecs.instance-type", "t2.small")

    @property
    def arn(self) -> str:
        return f"arn:aws:ecs:us-east-1:123456789012:container-instance/default/{self.name}"

    @property
    def ec2_instance_id(self) -> str:
        return f"i-{self.name}"

    @property
    def running_tasks_count(self) -> int:
        return sum(self.task_groups.values())


def arn(name: str) -> str:
    return Instance(name=name).arn


def apply(instance: Instance, placement: Placement) -> None:
    """What the container instance model does when a placed task starts."""
    assert placement.container_instance_arn == instance.arn
    instance.remaining_cpu -= placement.cpu
    instance.remaining_memory -= placement.memory
    instance.used_tcp_ports |= placement.tcp_ports
    instance.used_udp_ports |= placement.udp_ports
    instance.dynamic_ports_in_use |= set(placement.dynamic_host_ports)
    instance.free_eni_slots -= int(placement.uses_eni)
    instance.task_groups[placement.group] = instance.task_groups.get(placement.group, 0) + 1


def free(instance: Instance, placement: Placement) -> None:
    """What the container instance model does when the task stops."""
    instance.remaining_cpu += placement.cpu
    instance.remaining_memory += placement.memory
    instance.used_tcp_ports -= placement.tcp_ports
    instance.used_udp_ports -= placement.udp_ports
    instance.dynamic_ports_in_use -= set(placement.dynamic_host_ports)
    instance.free_eni_slots += int(placement.uses_eni)
    instance.task_groups[placement.group] -= 1
    if not instance.task_groups[placement.group]:
        del instance.task_groups[placement.group]


def apply_all(instances: list[Instance], placements: tuple[Placement, ...]) -> None:
    by_arn = {instance.arn: instance for instance in instances}
    for placement in placements:
        apply(by_arn[placement.container_instance_arn], placement)


def names(placements: tuple[Placement, ...]) -> list[str]:
    """The instance names of the placements, in order."""
    return [placement.container_instance_arn.rsplit("/", 1)[1] for placement in placements]
