"""Plain container instances for the placement tests: dataclasses that are Candidates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

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
