"""What a task needs of a container instance, and what placing it takes from one.

``TaskRequirement`` is the engine's input for one task; ``requirement_for`` builds it
from a registered task definition. ``Placement`` is the engine's output for one placed
task: the instance and everything the task reserves there. The caller applies a
Placement to the instance (and gives it back when the task stops); the engine itself
changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pytest_ecsmock.services.ecs.task_definitions.model import TaskDefinition


@dataclass(frozen=True)
class RequiredAttribute:
    """An attribute the instance must have (with this value, when one is given)."""

    name: str
    value: str | None = None

    def satisfied_by(self, attributes: Mapping[str, str | None]) -> bool:
        if self.name not in attributes:
            return False
        return self.value is None or attributes[self.name] == self.value


@dataclass(frozen=True)
class TaskRequirement:
    """One task of the EC2 launch type, as placement sees it.

    ``cpu`` and ``memory`` are what the task reserves: the task-level values when the
    task definition has them, else the sum over containers of ``cpu`` and of
    ``memoryReservation`` (``memory`` where no reservation is set).
    ``tcp_ports``/``udp_ports`` are the fixed host ports (bridge or host network mode);
    ``dynamic_port_count`` the bridge-mode mappings with ``hostPort`` 0 or left out.
    ``needs_eni`` for the awsvpc network mode. ``availability_zones``, when given, are
    the zones of the awsvpc subnets: instances elsewhere fail with ``LOCATION``.
    """

    cpu: int = 0
    memory: int = 0
    tcp_ports: frozenset[int] = frozenset()
    udp_ports: frozenset[int] = frozenset()
    dynamic_port_count: int = 0
    required_attributes: tuple[RequiredAttribute, ...] = ()
    needs_eni: bool = False
    availability_zones: frozenset[str] | None = None


@dataclass(frozen=True)
class Placement:
    """A task placed on ``container_instance_arn`` and what it takes there.

    ``dynamic_host_ports`` are the host ports handed out for the task's dynamic port
    mappings, in the order of those mappings. Apply: subtract ``cpu`` and ``memory``
    from the remaining resources, add ``tcp_ports``/``udp_ports`` to the used ports and
    ``dynamic_host_ports`` to the dynamic ports in use, take an ENI slot if
    ``uses_eni``, count one task of ``group``. Free: the reverse."""

    container_instance_arn: str
    group: str
    cpu: int
    memory: int
    tcp_ports: frozenset[int] = frozenset()
    udp_ports: frozenset[int] = frozenset()
    dynamic_host_ports: tuple[int, ...] = ()
    uses_eni: bool = False


def requirement_for(
    task_definition: TaskDefinition, *, availability_zones: frozenset[str] | None = None
) -> TaskRequirement:
    """The requirement of one task of ``task_definition`` (without overrides: apply
    those with ``dataclasses.replace``)."""
    containers = task_definition.containers
    cpu = task_definition.cpu
    memory = task_definition.memory
    if cpu is None:
        cpu = sum(container.cpu for container in containers)
    if memory is None:
        memory = sum(
            container.memory_reservation or container.memory or 0 for container in containers
        )
    network_mode = task_definition.network_mode
    tcp_ports: set[int] = set()
    udp_ports: set[int] = set()
    dynamic = 0
    if network_mode in ("bridge", "host"):
        for container in containers:
            for mapping in container.port_mappings:
                host_port = mapping.host_port
                if network_mode == "host":
                    host_port = host_port or mapping.container_port
                if not host_port:
                    dynamic += 1
                elif mapping.protocol == "udp":
                    udp_ports.add(host_port)
                else:
                    tcp_ports.add(host_port)
    return TaskRequirement(
        cpu=cpu,
        memory=memory,
        tcp_ports=frozenset(tcp_ports),
        udp_ports=frozenset(udp_ports),
        dynamic_port_count=dynamic,
        required_attributes=tuple(
            RequiredAttribute(name) for name in task_definition.requires_attributes
        ),
        needs_eni=network_mode == "awsvpc",
        availability_zones=availability_zones,
    )
