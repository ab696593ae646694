"""What a registration says, read from a RegisterContainerInstance request (the agent's
call) and checked before anything changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.container_instances.agent_config import AgentConfig
from pytest_ecsmock.services.ecs.container_instances.attributes import check_attributes
from pytest_ecsmock.services.ecs.container_instances.identity import IdentityDocument
from pytest_ecsmock.services.ecs.container_instances.instance_types import InstanceType
from pytest_ecsmock.services.ecs.container_instances.model import RegisteredResources

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.network import Subnet

INTEGER_RESOURCES = ("CPU", "MEMORY")
PORT_RESOURCES = ("PORTS", "PORTS_UDP")
RESOURCE_NAMES = (*INTEGER_RESOURCES, *PORT_RESOURCES, "GPU")
PLATFORM_DEVICE_TYPES = ("GPU",)


@dataclass
class Registration:
    """A registration after its checks: what the store needs to make the instance."""

    cluster: Cluster
    identity: IdentityDocument
    instance_type: InstanceType
    resources: RegisteredResources
    #: what the agent sent: its capabilities, the OS and the custom attributes
    attributes: dict[str, str | None]
    version_info: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    platform_devices: list[dict[str, Any]] = field(default_factory=list)
    agent_config: AgentConfig | None = None
    #: the subnet the caller chose (join_instance); else the zone's default subnet
    subnet: Subnet | None = None


def parse_resources(items: list[dict[str, Any]]) -> RegisteredResources:
    """``totalResources`` as the agent sends it: CPU and MEMORY integers, PORTS and
    PORTS_UDP sets of port numbers as strings (GPU ids with ``platformDevices``)."""
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        name = item.get("name")
        if name not in RESOURCE_NAMES:
            raise errors.InvalidParameterException(
                f"The resource '{name}' is not supported by pytest-ecsmock yet; it knows "
                f"{', '.join(RESOURCE_NAMES)}."
            )
        if name in seen:
            raise errors.InvalidParameterException(f"The resource '{name}' is given twice.")
        seen[name] = item
    resources = RegisteredResources()
    resources.cpu = _integer(seen.get("CPU"), "CPU")
    resources.memory = _integer(seen.get("MEMORY"), "MEMORY")
    resources.tcp_ports = _ports(seen.get("PORTS"), "PORTS")
    resources.udp_ports = _ports(seen.get("PORTS_UDP"), "PORTS_UDP")
    gpus = seen.get("GPU")
    resources.gpus = tuple(gpus.get("stringSetValue", [])) if gpus else ()
    return resources


def _integer(item: dict[str, Any] | None, name: str) -> int:
    if item is None:
        return 0
    value = item.get("integerValue")
    if value is None:
        value = item.get("longValue", 0)
    if item.get("type", "INTEGER") not in ("INTEGER", "LONG") or value < 0:
        raise errors.InvalidParameterException(
            f"The resource '{name}' must be of type INTEGER with a value of 0 or more."
        )
    return int(value)


def _ports(item: dict[str, Any] | None, name: str) -> tuple[int, ...]:
    if item is None:
        return ()
    values = item.get("stringSetValue", [])
    if item.get("type", "STRINGSET") != "STRINGSET" or not all(
        value.isascii() and value.isdigit() and 0 < int(value) <= 65535 for value in values
    ):
        raise errors.InvalidParameterException(
            f"The resource '{name}' must be of type STRINGSET with port numbers (1-65535)."
        )
    return tuple(dict.fromkeys(int(value) for value in values))


def parse_attributes(items: list[dict[str, Any]]) -> dict[str, str | None]:
    attributes = {item.get("name", ""): item.get("value") for item in items}
    check_attributes(attributes)
    return attributes


def parse_platform_devices(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for device in items:
        if device.get("type") not in PLATFORM_DEVICE_TYPES or not device.get("id"):
            raise errors.InvalidParameterException(
                "Each platform device needs an id and the type GPU."
            )
    return [dict(device) for device in items]
