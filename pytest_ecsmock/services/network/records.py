"""What the network registry knows, as plain records, and the problems it reports.

The problems are plain Python exceptions: each service turns them into its own AWS
error (EKS answers an unknown subnet with ``InvalidParameterException``, ELBv2 with
``SubnetNotFound``), as EC2 stands behind both on AWS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SUBNET_ID = re.compile(r"^subnet-[0-9A-Za-z]+\Z")
VPC_ID = re.compile(r"^vpc-[0-9A-Za-z]+\Z")
SECURITY_GROUP_ID = re.compile(r"^sg-[0-9A-Za-z]+\Z")
#: the zone letters of regions whose zones are not simply a, b and c
ZONE_LETTERS = {
    "us-east-1": "abcdef",
    "us-west-1": "ac",
    "us-west-2": "abcd",
    "ap-northeast-1": "acd",
    "ap-northeast-2": "abcd",
    "ca-central-1": "abd",
}


def zones_of(region: str) -> list[str]:
    """The Availability Zones of ``region``, in order (``<region>a``, ...)."""
    return [f"{region}{letter}" for letter in ZONE_LETTERS.get(region, "abc")]


@dataclass(frozen=True)
class Vpc:
    vpc_id: str
    #: None for a VPC only named (by a subnet or a security group), never declared
    cidr_block: str | None
    is_default: bool = False


@dataclass(frozen=True)
class Subnet:
    subnet_id: str
    vpc_id: str
    availability_zone: str
    cidr_block: str
    #: declared by the test (rather than placed in the default VPC by the mock)
    declared: bool = False


@dataclass
class NetworkInterface:
    """An elastic network interface (what an ECS task in awsvpc mode gets)."""

    interface_id: str
    subnet_id: str
    vpc_id: str
    availability_zone: str
    private_ip_address: str
    mac_address: str
    private_dns_name: str
    security_groups: list[str] = field(default_factory=list)
    description: str = ""


class NetworkProblem(Exception):
    """A request the network cannot satisfy; ``subject`` is the id it is about."""

    def __init__(self, subject: str, message: str) -> None:
        super().__init__(message)
        self.subject = subject
        self.message = message


class UnknownSubnet(NetworkProblem):
    """An id that cannot be a subnet (EC2's ``InvalidSubnetID.NotFound``)."""

    def __init__(self, subnet_id: str) -> None:
        super().__init__(subnet_id, f"The subnet ID '{subnet_id}' does not exist")
        self.subnet_id = subnet_id


class NoFreeAddress(NetworkProblem):
    """A subnet with no private address left (EC2's
    ``InsufficientFreeAddressesInSubnet``)."""

    def __init__(self, subnet_id: str) -> None:
        super().__init__(subnet_id, f"There are not enough free addresses in subnet '{subnet_id}'")


class UnknownInterface(NetworkProblem):
    """A network interface id the registry does not know
    (EC2's ``InvalidNetworkInterfaceID.NotFound``)."""

    def __init__(self, interface_id: str) -> None:
        super().__init__(interface_id, f"The networkInterface ID '{interface_id}' does not exist")
