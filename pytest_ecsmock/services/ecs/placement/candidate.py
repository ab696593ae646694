"""What the placement engine needs to know of a container instance.

The container instance model implements this; the engine and the cluster query
language read only this, so each can be tested with plain objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import datetime
from typing import Protocol


class Candidate(Protocol):
    @property
    def arn(self) -> str: ...
    @property
    def ec2_instance_id(self) -> str: ...
    @property
    def status(self) -> str:
        """ACTIVE, DRAINING, INACTIVE, REGISTERING, ..."""

    @property
    def agent_connected(self) -> bool: ...
    @property
    def agent_version(self) -> str: ...
    @property
    def registered_at(self) -> datetime: ...
    @property
    def attributes(self) -> Mapping[str, str | None]:
        """Attribute name -> value (None for name-only attributes such as
        ``com.amazonaws.ecs.capability.task-iam-role``); includes ``ecs.instance-type``,
        ``ecs.availability-zone``, ``ecs.os-type`` and the other ECS-set attributes."""

    @property
    def running_tasks_count(self) -> int: ...
    @property
    def remaining_cpu(self) -> int: ...
    @property
    def remaining_memory(self) -> int: ...
    @property
    def used_tcp_ports(self) -> Set[int]:
        """Reserved and taken host ports (TCP): registered PORTS plus fixed ports of
        placed tasks (dynamic ports are tracked apart, see ``dynamic_ports_in_use``)."""

    @property
    def used_udp_ports(self) -> Set[int]: ...
    @property
    def dynamic_port_range(self) -> tuple[int, int]: ...
    @property
    def dynamic_ports_in_use(self) -> Set[int]: ...
    @property
    def free_eni_slots(self) -> int:
        """How many more awsvpc tasks can attach an ENI (instance-type limit)."""

    @property
    def task_groups(self) -> Mapping[str, int]:
        """Task group -> number of live tasks of that group on this instance."""
