"""RunTask ``overrides``: checked, echoed in the task, and the sizes they give it."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import resolve_role
from pytest_ecsmock.services.ecs.task_definitions import TaskDefinition


@dataclass(frozen=True)
class ContainerSize:
    cpu: int
    memory: int | None
    memory_reservation: int | None


@dataclass(frozen=True)
class Overrides:
    #: the TaskOverride the task shows
    echo: dict[str, Any]
    #: per container name, what it reserves
    sizes: dict[str, ContainerSize]
    cpu: int
    memory: int


def _size(value: Any, what: str) -> int:
    text = str(value).strip()
    if not text.isdigit():
        raise errors.InvalidParameterException(
            f"Task {what} override '{value}' is not valid; give a whole number "
            f"({'CPU units' if what == 'cpu' else 'MiB'})."
        )
    return int(text)


def parse_overrides(
    definition: TaskDefinition, raw: dict[str, Any] | None, *, partition: str, account: str
) -> Overrides:
    raw = raw or {}
    given: dict[str, dict[str, Any]] = {}
    for override in raw.get("containerOverrides", []):
        name = override.get("name")
        if name is None or definition.container(name) is None:
            raise errors.InvalidParameterException(
                f"Override for container named {name} is not a container in the TaskDefinition."
            )
        given[name] = copy.deepcopy(override)
    sizes: dict[str, ContainerSize] = {}
    for container in definition.containers:
        override = given.get(container.name, {})
        sizes[container.name] = ContainerSize(
            override.get("cpu", container.cpu),
            override.get("memory", container.memory),
            override.get("memoryReservation", container.memory_reservation),
        )
    echo: dict[str, Any] = {
        "containerOverrides": [
            given.get(container.name, {"name": container.name})
            for container in definition.containers
        ],
        "inferenceAcceleratorOverrides": copy.deepcopy(
            raw.get("inferenceAcceleratorOverrides", [])
        ),
    }
    for member in ("taskRoleArn", "executionRoleArn"):
        if raw.get(member) is not None:
            echo[member] = resolve_role(raw[member], partition=partition, account=account)
    if "ephemeralStorage" in raw:
        echo["ephemeralStorage"] = copy.deepcopy(raw["ephemeralStorage"])
    cpu = definition.cpu
    memory = definition.memory
    if raw.get("cpu") is not None:
        cpu = _size(raw["cpu"], "cpu")
        echo["cpu"] = str(cpu)
    if raw.get("memory") is not None:
        memory = _size(raw["memory"], "memory")
        echo["memory"] = str(memory)
    if cpu is None:
        cpu = sum(size.cpu for size in sizes.values())
    if memory is None:
        memory = sum(size.memory_reservation or size.memory or 0 for size in sizes.values())
    return Overrides(echo, sizes, cpu, memory)
