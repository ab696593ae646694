"""What ELBv2 needs to know of the VPC network, without an EC2 behind it.

A subnet's VPC and Availability Zone come from a small registry. A test may declare
subnets (``ecsmock.backend("elbv2").network.add_subnet(...)``); any other subnet id
that looks like one (``subnet-...``) is taken to be in this account's default VPC,
and is given an Availability Zone the first time a load balancer uses it, going
round the region's zones in order (``<region>a``, ``<region>b``, ...). So the
subnets of one call land in different zones, and a subnet keeps its zone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pytest_ecsmock.services.elbv2 import errors

SUBNET_ID = re.compile(r"^subnet-[0-9A-Za-z]+$")
VPC_ID = re.compile(r"^vpc-[0-9A-Za-z]+$")
SECURITY_GROUP_ID = re.compile(r"^sg-[0-9A-Za-z]+$")
#: the zone letters of regions whose zones are not simply a, b and c
ZONE_LETTERS = {
    "us-east-1": "abcdef",
    "us-west-1": "ac",
    "us-west-2": "abcd",
    "ap-northeast-1": "acd",
    "ap-northeast-2": "abcd",
    "ca-central-1": "abd",
}


@dataclass(frozen=True)
class Subnet:
    subnet_id: str
    vpc_id: str
    availability_zone: str
    #: declared by the test (rather than placed in the default VPC by the mock)
    declared: bool = False


def _hex(seed: str, length: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


class Network:
    def __init__(self, account_id: str, region: str) -> None:
        self.region = region
        self.default_vpc_id = f"vpc-{_hex(f'{account_id}:{region}:default-vpc', 17)}"
        self._zones = [f"{region}{letter}" for letter in ZONE_LETTERS.get(region, "abc")]
        self._subnets: dict[str, Subnet] = {}
        self._next_zone = 0

    def add_subnet(self, subnet_id: str, *, vpc_id: str, availability_zone: str) -> Subnet:
        """Declare a subnet, as EC2 would know it (for tests)."""
        if not SUBNET_ID.match(subnet_id):
            raise ValueError(f"{subnet_id!r} is not a subnet id (subnet-...)")
        if not VPC_ID.match(vpc_id):
            raise ValueError(f"{vpc_id!r} is not a VPC id (vpc-...)")
        if not availability_zone.startswith(self.region):
            raise ValueError(f"{availability_zone!r} is not a zone of {self.region}")
        subnet = Subnet(subnet_id, vpc_id, availability_zone, declared=True)
        self._subnets[subnet_id] = subnet
        return subnet

    def lookup(self, subnet_ids: Iterable[str]) -> list[Subnet]:
        """The subnets named, without remembering the zones given to new ones: a
        caller that goes on to use them calls :meth:`remember`."""
        found: list[Subnet] = []
        placed = 0
        for subnet_id in subnet_ids:
            known = self._subnets.get(subnet_id) or next(
                (s for s in found if s.subnet_id == subnet_id), None
            )
            if known is None:
                if not SUBNET_ID.match(subnet_id):
                    raise errors.SubnetNotFoundException(
                        f"The subnet ID '{subnet_id}' is not valid"
                    )
                zone = self._zones[(self._next_zone + placed) % len(self._zones)]
                placed += 1
                known = Subnet(subnet_id, self.default_vpc_id, zone)
            found.append(known)
        return found

    def remember(self, subnets: Iterable[Subnet]) -> None:
        for subnet in subnets:
            if subnet.subnet_id not in self._subnets:
                self._subnets[subnet.subnet_id] = subnet
                self._next_zone = (self._next_zone + 1) % len(self._zones)

    def default_security_group(self, vpc_id: str) -> str:
        """The id of ``vpc_id``'s default security group (stable for a VPC)."""
        return f"sg-{_hex(f'{vpc_id}:default-security-group', 17)}"


def check_security_groups(group_ids: Iterable[str]) -> list[str]:
    result: list[str] = []
    for group_id in group_ids:
        if not SECURITY_GROUP_ID.match(group_id):
            raise errors.InvalidSecurityGroupException(
                f"The security group '{group_id}' does not exist"
            )
        if group_id not in result:
            result.append(group_id)
    return result
