"""Rules between the fields of a task definition (the single-field rules are in the
JSON Schema). Each broken rule raises the error ECS gives, with its message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pytest_ecsmock.services.ecs import errors

Document = dict[str, Any]
NO_PORTS = "none"
SAME_PORT_MODES = ("awsvpc", "host")
MAX_PORT = 65535


def check(document: Document, *, cpu: int | None, memory: int | None) -> None:
    containers = document["containerDefinitions"]
    names = [c["name"] for c in containers]
    if len(set(names)) != len(names):
        raise errors.ClientException("Container names must be unique within a Task Definition.")
    if not any(c.get("essential", True) for c in containers):
        raise errors.ClientException(
            "A task definition must have at least one essential container."
        )
    network_mode = document.get("networkMode", "bridge")
    volumes = [v.get("name") for v in document.get("volumes", [])]
    if len(set(volumes)) != len(volumes):
        raise errors.ClientException("Volume names must be unique within a task definition.")
    for container in containers:
        _check_memory(container, cpu, memory)
        _check_ports(container, network_mode)
        _check_networking(container, network_mode)
        _check_references(container, names, volumes, containers)
    _check_secrets(document)
    _check_firelens(containers)
    _check_task_level(document, names)


def _check_memory(container: Document, task_cpu: int | None, task_memory: int | None) -> None:
    name = container["name"]
    hard = container.get("memory")
    soft = container.get("memoryReservation")
    if task_memory is None and not hard and not soft:
        raise errors.ClientException(
            f"Invalid setting for container '{name}'. At least one of 'memory' or "
            "'memoryReservation' must be specified."
        )
    if hard is not None and soft is not None and soft > hard:
        raise errors.ClientException(
            f"Invalid setting for container '{name}'. 'memory' must be greater than or "
            "equal to 'memoryReservation'."
        )
    for member, value, limit in (
        ("memory", hard, task_memory),
        ("memoryReservation", soft, task_memory),
        ("cpu", container.get("cpu"), task_cpu),
    ):
        if value is not None and limit is not None and value > limit:
            raise errors.ClientException(
                f"The '{member}' setting for container '{name}' is greater than for the task."
            )


def _check_ports(container: Document, network_mode: str) -> None:
    name = container["name"]
    mappings = container.get("portMappings", [])
    if mappings and network_mode == NO_PORTS:
        raise errors.ClientException(
            f"Port mappings are not allowed for container '{name}' when networkMode=none."
        )
    for mapping in mappings:
        if "containerPortRange" in mapping:
            raise errors.InvalidParameterException(
                "portMappings.containerPortRange is not supported by pytest-ecsmock yet; "
                "map single ports with containerPort."
            )
        container_port = mapping.get("containerPort")
        if container_port is None or not 1 <= container_port <= MAX_PORT:
            raise errors.ClientException(f"Invalid 'containerPort' setting for container '{name}'.")
        host_port = mapping.get("hostPort")
        if host_port is not None and not 0 <= host_port <= MAX_PORT:
            raise errors.ClientException(f"Invalid 'hostPort' setting for container '{name}'.")
        if network_mode in SAME_PORT_MODES and host_port not in (None, container_port):
            raise errors.ClientException(
                f"When networkMode={network_mode}, the host ports and container ports in "
                "port mappings must match."
            )


def _check_networking(container: Document, network_mode: str) -> None:
    if network_mode != "awsvpc":
        return
    if "hostname" in container:
        raise errors.ClientException(
            "hostname is not supported on container when networkMode=awsvpc."
        )
    if container.get("links"):
        raise errors.ClientException(
            "links are not supported on container when networkMode=awsvpc."
        )


def _check_references(
    container: Document, names: list[str], volumes: list[str | None], containers: list[Document]
) -> None:
    name = container["name"]
    for dependency in container.get("dependsOn", []):
        target = dependency["containerName"]
        if target == name or target not in names:
            raise errors.ClientException(
                f"Container '{name}' depends on container '{target}', which is not another "
                "container of this task definition."
            )
        if dependency["condition"] == "HEALTHY":
            other = next(c for c in containers if c["name"] == target)
            if "healthCheck" not in other:
                raise errors.ClientException(
                    f"Container '{name}' depends on container '{target}' being HEALTHY, but "
                    f"'{target}' has no healthCheck."
                )
    for mount in container.get("mountPoints", []):
        if mount.get("sourceVolume") is None or mount.get("sourceVolume") not in volumes:
            raise errors.ClientException(
                f"The mount point of container '{name}' uses sourceVolume "
                f"'{mount.get('sourceVolume')}', which is not a volume of the task definition."
            )
    for source in container.get("volumesFrom", []):
        other = source.get("sourceContainer")
        if other == name or other not in names:
            raise errors.ClientException(
                f"Container '{name}' takes volumes from '{other}', which is not another "
                "container of this task definition."
            )


def _secrets(document: Document) -> Iterator[Document]:
    for container in document["containerDefinitions"]:
        yield from container.get("secrets", [])
        yield from container.get("logConfiguration", {}).get("secretOptions", [])


def _check_secrets(document: Document) -> None:
    if any(True for _ in _secrets(document)) and "executionRoleArn" not in document:
        raise errors.ClientException(
            "When you are specifying container secrets, you must also specify a value for "
            "'executionRoleArn'."
        )


def _check_firelens(containers: list[Document]) -> None:
    uses_firelens = any(
        c.get("logConfiguration", {}).get("logDriver") == "awsfirelens" for c in containers
    )
    if uses_firelens and not any("firelensConfiguration" in c for c in containers):
        raise errors.ClientException(
            "The awsfirelens log driver needs a log router: a container of the task "
            "definition with a firelensConfiguration."
        )


def _check_task_level(document: Document, names: list[str]) -> None:
    proxy = document.get("proxyConfiguration")
    if proxy is not None and proxy["containerName"] not in names:
        raise errors.ClientException(
            f"The proxyConfiguration names container '{proxy['containerName']}', which is "
            "not a container of this task definition."
        )
    for constraint in document.get("placementConstraints", []):
        if constraint.get("type") == "memberOf" and not constraint.get("expression"):
            raise errors.ClientException("A memberOf placement constraint needs an expression.")
