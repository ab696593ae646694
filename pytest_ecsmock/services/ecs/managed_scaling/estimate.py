"""How many new instances the waiting tasks of a capacity provider need.

As ECS estimates it for managed scale-out: the tasks are packed (``binpack``) onto
empty instances of the group's type, counting what each instance offers in CPU,
memory, host ports and ENIs (awsvpc tasks). A task that does not fit even an empty
instance is left out: no number of instances would run it. Placement constraints
other than ``distinctInstance`` and attribute requirements are not considered (ECS
does not either; such tasks may stay waiting).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pytest_ecsmock.services.ecs.container_instances.agent_config import AgentConfig
from pytest_ecsmock.services.ecs.container_instances.instance_types import InstanceType
from pytest_ecsmock.services.ecs.container_instances.join import available_memory
from pytest_ecsmock.services.ecs.placement import TaskRequirement


@dataclass(frozen=True)
class EmptyInstance:
    """What an empty instance of the group offers."""

    cpu: int
    memory: int
    tcp_ports: frozenset[int]
    udp_ports: frozenset[int]
    eni_slots: int


@dataclass(frozen=True)
class Demand:
    """One waiting task: what it needs, and its task group when it must have an
    instance of its own among its group's tasks (``distinctInstance``)."""

    requirement: TaskRequirement
    distinct_group: str | None = None


@dataclass
class _Bin:
    cpu: int
    memory: int
    tcp_ports: set[int]
    udp_ports: set[int]
    eni_slots: int
    groups: set[str] = field(default_factory=set)

    def fits(self, demand: Demand) -> bool:
        need = demand.requirement
        return (
            need.cpu <= self.cpu
            and need.memory <= self.memory
            and not need.tcp_ports & self.tcp_ports
            and not need.udp_ports & self.udp_ports
            and (not need.needs_eni or self.eni_slots > 0)
            and demand.distinct_group not in self.groups
        )

    def take(self, demand: Demand) -> None:
        need = demand.requirement
        self.cpu -= need.cpu
        self.memory -= need.memory
        self.tcp_ports |= need.tcp_ports
        self.udp_ports |= need.udp_ports
        self.eni_slots -= 1 if need.needs_eni else 0
        if demand.distinct_group is not None:
            self.groups.add(demand.distinct_group)


def empty_instance(kind: InstanceType, config: AgentConfig, trunking: bool) -> EmptyInstance:
    """An empty instance of ``kind`` whose agent runs with ``config``; ``trunking``:
    the account has ENI trunking on (``awsvpcTrunking``)."""
    slots = kind.awsvpc_task_limit
    if trunking and kind.trunk_branches:
        slots = kind.trunk_branches
    return EmptyInstance(
        cpu=kind.vcpus * 1024,
        memory=available_memory(kind) - config.reserved_memory,
        tcp_ports=frozenset(config.reserved_ports),
        udp_ports=frozenset(config.reserved_ports_udp),
        eni_slots=slots,
    )


def _new_bin(empty: EmptyInstance) -> _Bin:
    return _Bin(
        empty.cpu, empty.memory, set(empty.tcp_ports), set(empty.udp_ports), empty.eni_slots
    )


def instances_needed(demands: Sequence[Demand], empty: EmptyInstance) -> int:
    """The instances that run ``demands``, each task going to the fullest instance it
    fits (the largest tasks first); tasks that fit no empty instance are not counted."""
    bins: list[_Bin] = []
    ordered = sorted(demands, key=lambda d: (-d.requirement.memory, -d.requirement.cpu))
    for demand in ordered:
        if not _new_bin(empty).fits(demand):
            continue  # too big for the group's instance type
        fitting = [b for b in bins if b.fits(demand)]
        if fitting:
            chosen = min(fitting, key=lambda b: (b.memory, b.cpu))
        else:
            chosen = _new_bin(empty)
            bins.append(chosen)
        chosen.take(demand)
    return len(bins)


def fits_empty(demand: Demand, empty: EmptyInstance) -> bool:
    """Whether an empty instance could run the task at all."""
    return _new_bin(empty).fits(demand)
