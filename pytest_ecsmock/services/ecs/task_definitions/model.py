"""A registered task definition, with typed views of what later code needs
(containers, ports, sizes), and the defaults ECS fills in at registration."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

DEFAULT_NETWORK_MODE = "bridge"
#: members of the request that the answer leaves out (tags have their own member)
NOT_STORED = ("tags",)


@dataclass(frozen=True)
class PortMapping:
    container_port: int | None
    #: 0 means a dynamic host port (bridge network mode)
    host_port: int | None
    protocol: str
    name: str | None = None


@dataclass(frozen=True)
class ContainerSpec:
    name: str
    image: str
    cpu: int
    memory: int | None
    memory_reservation: int | None
    essential: bool
    port_mappings: tuple[PortMapping, ...]
    #: the whole container definition, as DescribeTaskDefinition shows it
    definition: dict[str, Any]

    @classmethod
    def of(cls, definition: dict[str, Any]) -> ContainerSpec:
        ports = tuple(
            PortMapping(
                mapping.get("containerPort"),
                mapping.get("hostPort"),
                mapping.get("protocol", "tcp"),
                mapping.get("name"),
            )
            for mapping in definition.get("portMappings", [])
        )
        return cls(
            definition["name"],
            definition["image"],
            definition.get("cpu", 0),
            definition.get("memory"),
            definition.get("memoryReservation"),
            definition.get("essential", True),
            ports,
            definition,
        )


@dataclass
class TaskDefinition:
    family: str
    revision: int
    arn: str
    #: the registered members under their model names, with ECS's defaults filled in
    document: dict[str, Any]
    requires_attributes: list[str]
    compatibilities: list[str]
    registered_at: datetime
    registered_by: str
    status: str = "ACTIVE"
    tags: dict[str, str] = field(default_factory=dict)
    deregistered_at: datetime | None = None
    delete_requested_at: datetime | None = None

    @property
    def network_mode(self) -> str:
        return str(self.document.get("networkMode", DEFAULT_NETWORK_MODE))

    @property
    def cpu(self) -> int | None:
        """Task CPU units, when the task definition sets them."""
        return int(self.document["cpu"]) if "cpu" in self.document else None

    @property
    def memory(self) -> int | None:
        """Task memory in MiB, when the task definition sets it."""
        return int(self.document["memory"]) if "memory" in self.document else None

    @property
    def requires_compatibilities(self) -> list[str]:
        return list(self.document.get("requiresCompatibilities", []))

    @cached_property
    def containers(self) -> tuple[ContainerSpec, ...]:
        return tuple(ContainerSpec.of(c) for c in self.document["containerDefinitions"])

    def container(self, name: str) -> ContainerSpec | None:
        return next((c for c in self.containers if c.name == name), None)

    def describe(self) -> dict[str, Any]:
        answer = copy.deepcopy(self.document)
        answer.update(
            {
                "taskDefinitionArn": self.arn,
                "family": self.family,
                "revision": self.revision,
                "status": self.status,
                "requiresAttributes": [{"name": name} for name in self.requires_attributes],
                "compatibilities": list(self.compatibilities),
                "registeredAt": self.registered_at,
                "registeredBy": self.registered_by,
            }
        )
        if self.deregistered_at is not None:
            answer["deregisteredAt"] = self.deregistered_at
        if self.delete_requested_at is not None:
            answer["deleteRequestedAt"] = self.delete_requested_at
        return answer


def normalized_document(
    params: dict[str, Any],
    *,
    cpu: int | None,
    memory: int | None,
    task_role: str | None,
    execution_role: str | None,
) -> dict[str, Any]:
    """The request as ECS stores it: sizes in units and MiB, role names as ARNs and
    the defaults of containers and port mappings filled in."""
    document = {k: copy.deepcopy(v) for k, v in params.items() if k not in NOT_STORED}
    for member, value in (
        ("cpu", cpu),
        ("memory", memory),
        ("taskRoleArn", task_role),
        ("executionRoleArn", execution_role),
    ):
        if value is not None:
            document[member] = str(value)
    network_mode = document.get("networkMode", DEFAULT_NETWORK_MODE)
    document["containerDefinitions"] = [
        _container_defaults(container, network_mode)
        for container in document["containerDefinitions"]
    ]
    document.setdefault("volumes", [])
    document.setdefault("placementConstraints", [])
    document.setdefault("enableFaultInjection", False)
    return document


def _container_defaults(container: dict[str, Any], network_mode: str) -> dict[str, Any]:
    filled = {
        "cpu": 0,
        "portMappings": [],
        "essential": True,
        "environment": [],
        "mountPoints": [],
        "volumesFrom": [],
        **container,
    }
    filled["portMappings"] = [
        _port_defaults(mapping, network_mode) for mapping in filled["portMappings"]
    ]
    return filled


def _port_defaults(mapping: dict[str, Any], network_mode: str) -> dict[str, Any]:
    filled = {**mapping, "protocol": mapping.get("protocol", "tcp")}
    if "hostPort" not in filled and "containerPort" in filled:
        same_port = network_mode in ("awsvpc", "host")
        filled["hostPort"] = filled["containerPort"] if same_port else 0
    return filled
