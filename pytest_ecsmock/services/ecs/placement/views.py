"""A container instance as one placement call sees it.

The engine never changes a Candidate. An ``InstanceView`` wraps one and adds what the
call has given it so far (CPU, memory, ports, ENIs, tasks per group), so the second task
of a call sees the first. A view is itself a Candidate, so a ``memberOf`` expression on
``runningTasksCount`` or ``task:group`` reads the instance with the call's tasks on it.

A view reads each property of its Candidate at most once (on first use), so a Candidate
may work its values out from its tasks when asked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Set
from datetime import datetime
from typing import Any, Generic, TypeVar, overload

from pytest_ecsmock.services.ecs.placement.candidate import Candidate

T = TypeVar("T")


class read_once(Generic[T]):
    """``functools.cached_property`` without its lock (Python 3.11 takes one per read):
    the first read stores the value in the instance, later reads find it there."""

    def __init__(self, read: Callable[[Any], T]) -> None:
        self.read = read
        self.name: str = read.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, view: None, owner: type) -> read_once[T]: ...
    @overload
    def __get__(self, view: object, owner: type) -> T: ...
    def __get__(self, view: object | None, owner: type) -> T | read_once[T]:
        if view is None:
            return self
        value: T = self.read(view)
        view.__dict__[self.name] = value
        return value


class InstanceView:
    NOTHING: frozenset[int] = frozenset()

    def __init__(self, candidate: Candidate, group: str) -> None:
        self.candidate = candidate
        self.group = group
        self.arn = candidate.arn
        self.remaining_cpu = candidate.remaining_cpu
        self.remaining_memory = candidate.remaining_memory
        self.free_eni_slots = candidate.free_eni_slots
        self.base_task_groups = candidate.task_groups
        #: tasks of ``group`` on the instance, those of this call included
        self.group_tasks = self.base_task_groups.get(group, 0)
        # What this call added; shared empty sets until the first task (views are made
        # for every candidate of every call, most get no task).
        self.added_tcp_ports: Set[int] = self.NOTHING
        self.added_udp_ports: Set[int] = self.NOTHING
        self.added_dynamic_ports: Set[int] = self.NOTHING
        self.added_groups: dict[str, int] = {}
        #: where the next search for a dynamic port starts (see ``ports.dynamic_ports_for``)
        self.dynamic_search_start = 0
        #: the value of each attribute a ``spread`` strategy reads (see SpreadCounts)
        self.spread_values: dict[str, str | None] = {}
        #: what ``checks.Checks`` found that cannot change during the call
        self.lasting_verdicts: tuple[str | None, bool, tuple[bool | None, ...]] | None = None

    @read_once
    def base_tcp_ports(self) -> Set[int]:
        return self.candidate.used_tcp_ports

    @read_once
    def base_udp_ports(self) -> Set[int]:
        return self.candidate.used_udp_ports

    @read_once
    def base_dynamic_ports(self) -> Set[int]:
        return self.candidate.dynamic_ports_in_use

    @read_once
    def base_running_tasks(self) -> int:
        return self.candidate.running_tasks_count

    def take(
        self,
        *,
        cpu: int,
        memory: int,
        tcp_ports: Set[int],
        udp_ports: Set[int],
        dynamic_ports: Set[int],
        eni: bool,
        group: str,
    ) -> None:
        """Count a task placed here by this call (or earlier, not yet applied)."""
        self.remaining_cpu -= cpu
        self.remaining_memory -= memory
        self.added_tcp_ports = self.added_tcp_ports | tcp_ports
        self.added_udp_ports = self.added_udp_ports | udp_ports
        self.added_dynamic_ports = self.added_dynamic_ports | dynamic_ports
        self.free_eni_slots -= int(eni)
        self.added_groups[group] = self.added_groups.get(group, 0) + 1
        if group == self.group:
            self.group_tasks += 1

    def tcp_port_taken(self, port: int) -> bool:
        return (
            port in self.base_tcp_ports
            or port in self.added_tcp_ports
            or self.dynamic_port_taken(port)
        )

    def udp_port_taken(self, port: int) -> bool:
        return (
            port in self.base_udp_ports
            or port in self.added_udp_ports
            or self.dynamic_port_taken(port)
        )

    def dynamic_port_taken(self, port: int) -> bool:
        return port in self.base_dynamic_ports or port in self.added_dynamic_ports

    # The Candidate protocol, with this call's tasks counted in.

    @read_once
    def ec2_instance_id(self) -> str:
        return self.candidate.ec2_instance_id

    @read_once
    def status(self) -> str:
        return self.candidate.status

    @read_once
    def agent_connected(self) -> bool:
        return self.candidate.agent_connected

    @read_once
    def agent_version(self) -> str:
        return self.candidate.agent_version

    @read_once
    def registered_at(self) -> datetime:
        return self.candidate.registered_at

    @read_once
    def attributes(self) -> Mapping[str, str | None]:
        return self.candidate.attributes

    @property
    def running_tasks_count(self) -> int:
        return self.base_running_tasks + sum(self.added_groups.values())

    @property
    def used_tcp_ports(self) -> Set[int]:
        return self.base_tcp_ports | self.added_tcp_ports

    @property
    def used_udp_ports(self) -> Set[int]:
        return self.base_udp_ports | self.added_udp_ports

    @read_once
    def dynamic_port_range(self) -> tuple[int, int]:
        return self.candidate.dynamic_port_range

    @property
    def dynamic_ports_in_use(self) -> Set[int]:
        return self.base_dynamic_ports | self.added_dynamic_ports

    @property
    def task_groups(self) -> Mapping[str, int]:
        if not self.added_groups:
            return self.base_task_groups
        merged = Counter(self.base_task_groups)
        merged.update(self.added_groups)
        return merged
