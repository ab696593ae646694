"""The ``Targets`` of RegisterTargets, DeregisterTargets and DescribeTargetHealth,
checked as AWS checks them.

- ``instance`` target groups take instance ids (``i-`` and 8 or 17 hex digits).
- ``ip`` target groups take IPv4 addresses. One in a subnet of the target group's VPC
  gets that subnet's zone; one in the VPC's CIDR block is in the VPC too. One outside
  the VPC must be private (RFC 1918, or RFC 6598's 100.64.0.0/10) and be given an
  ``AvailabilityZone`` (``all`` or a zone). For a VPC whose block pytest-ecsmock does
  not know (a VPC only named, never declared with ``add_vpc``), an address in no known
  subnet is taken to be in the VPC when it is private: nothing says otherwise.
- ``Port`` defaults to the target group's port.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from pytest_ecsmock.services.elbv2.target_groups import TargetGroup
from pytest_ecsmock.services.elbv2.validation import check_range, not_supported, validation_error
from pytest_ecsmock.services.network import NetworkBackend

INSTANCE_ID = re.compile(r"^i-([0-9a-f]{8}|[0-9a-f]{17})\Z")
#: where an ``ip`` target outside its target group's VPC may be
PRIVATE_BLOCKS = tuple(
    IPv4Network(block)
    for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)


@dataclass(frozen=True)
class Described:
    """A checked TargetDescription."""

    target_id: str
    #: None for lambda target groups, whose targets have no port
    port: int | None
    availability_zone: str | None = None


def described_targets(
    target_group: TargetGroup, targets: Sequence[dict[str, Any]]
) -> list[Described]:
    """The targets named (for DeregisterTargets and DescribeTargetHealth), without
    duplicates, in the order given."""
    found: dict[tuple[str, int | None], Described] = {}
    for number, target in enumerate(targets, start=1):
        target_id = target["Id"]
        if target_group.target_type == "lambda":
            found.setdefault((target_id, None), Described(target_id, None))
            continue
        _check_id(target_group, target_id)
        port = _port(target_group, target, number)
        found.setdefault((target_id, port), Described(target_id, port))
    return list(found.values())


def targets_to_register(
    target_group: TargetGroup, targets: Sequence[dict[str, Any]], network: NetworkBackend
) -> list[Described]:
    """The targets of a RegisterTargets call, checked as a whole before any is
    registered, without duplicates."""
    if target_group.target_type == "lambda":
        raise not_supported("Registering Lambda functions as targets")
    if target_group.ip_address_type == "ipv6":
        raise not_supported("Registering targets with an IPv6 target group")
    found: dict[tuple[str, int | None], Described] = {}
    for number, target in enumerate(targets, start=1):
        if target.get("QuicServerId") is not None:
            raise validation_error(
                "A QUIC server ID can only be specified for targets of target groups with "
                "the QUIC or TCP_QUIC protocol"
            )
        target_id = target["Id"]
        _check_id(target_group, target_id)
        port = _port(target_group, target, number)
        zone = _zone(target_group, target_id, target.get("AvailabilityZone"), network)
        found.setdefault((target_id, port), Described(target_id, port, zone))
    return list(found.values())


def _check_id(target_group: TargetGroup, target_id: str) -> None:
    if target_group.target_type == "instance":
        if not INSTANCE_ID.match(target_id):
            raise validation_error(f"Instance ID '{target_id}' is not valid")
    elif target_group.ip_address_type != "ipv6":
        _address(target_id)


def _address(target_id: str) -> IPv4Address:
    try:
        return IPv4Address(target_id)
    except ValueError:
        raise validation_error(
            f"The IP address '{target_id}' is not a valid IPv4 address"
        ) from None


def _port(target_group: TargetGroup, target: dict[str, Any], number: int) -> int:
    port = target.get("Port")
    if port is None:
        assert target_group.port is not None  # instance and ip target groups have one
        return target_group.port
    check_range(port, 1, 65535, f"targets.{number}.member.port")
    return int(port)


def _zone(
    target_group: TargetGroup, target_id: str, given: str | None, network: NetworkBackend
) -> str | None:
    """The Availability Zone of the target: None for instances, the zone of an ip
    target's subnet, or the one given for an address outside the VPC."""
    if target_group.target_type == "instance":
        if given is not None:
            raise validation_error(
                "An Availability Zone cannot be specified for targets of target groups with "
                "target type 'instance'"
            )
        return None
    address = _address(target_id)
    assert target_group.vpc_id is not None
    inside, detected = _where(address, target_group.vpc_id, network)
    if inside:
        if given is not None and given != detected:
            if given != "all" and detected is None and network.is_zone(given):
                return given
            raise validation_error(
                f"The IP address '{target_id}' is within the VPC, and cannot have its "
                f"Availability Zone overridden to '{given}'"
                + (f" from '{detected}'" if detected else "")
            )
        return detected
    if not any(address in block for block in PRIVATE_BLOCKS):
        raise validation_error(
            f"The IP address '{target_id}' is outside the VPC '{target_group.vpc_id}' of the "
            "target group and is not a private address (10.0.0.0/8, 172.16.0.0/12, "
            "192.168.0.0/16 or 100.64.0.0/10)"
        )
    if given is None:
        raise validation_error(
            f"The Availability Zone is required for IP address '{target_id}' because it is "
            "not in the VPC"
        )
    if given != "all" and not network.is_zone(given):
        raise validation_error(
            f"The Availability Zone '{given}' is not a zone of {network.region} (nor 'all')"
        )
    return given


def _where(address: IPv4Address, vpc_id: str, network: NetworkBackend) -> tuple[bool, str | None]:
    """Whether ``address`` is in the VPC, and the zone of its subnet when one is known."""
    for subnet in network.subnets(vpc_id):
        if address in IPv4Network(subnet.cidr_block):
            return True, subnet.availability_zone
    block = network.vpc_cidr(vpc_id)
    if block is not None:
        return address in IPv4Network(block), None
    return any(address in private for private in PRIVATE_BLOCKS), None
