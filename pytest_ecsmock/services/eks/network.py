"""What EKS needs to know of the VPC network, without an EC2 behind it.

A test may declare subnets, security groups and VPCs on the backend
(``ecsmock.backend("eks").network.add_subnet(...)``). Any other id of the right form
(``subnet-<letters or digits>``, ``sg-...``) is taken to be in this account's default
VPC (CIDR ``172.31.0.0/16``, as AWS's default VPCs are). An undeclared subnet is given
an Availability Zone the first time a cluster uses it, going round the region's zones
in order (``<region>a``, ``<region>b``, ...): the new subnets of one call land in
different zones, and a subnet keeps its zone afterwards.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

SUBNET_ID = re.compile(r"^subnet-[0-9A-Za-z]+$")
VPC_ID = re.compile(r"^vpc-[0-9A-Za-z]+$")
SECURITY_GROUP_ID = re.compile(r"^sg-[0-9A-Za-z]+$")
DEFAULT_VPC_CIDR = "172.31.0.0/16"
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


class UnknownSubnet(Exception):
    def __init__(self, subnet_id: str) -> None:
        super().__init__(subnet_id)
        self.subnet_id = subnet_id


def _hex(seed: str, length: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


class Network:
    def __init__(self, account_id: str, region: str) -> None:
        self.region = region
        self.default_vpc_id = f"vpc-{_hex(f'{account_id}:{region}:default-vpc', 17)}"
        self._zones = [f"{region}{letter}" for letter in ZONE_LETTERS.get(region, "abc")]
        self._subnets: dict[str, Subnet] = {}
        self._vpc_cidrs: dict[str, str] = {self.default_vpc_id: DEFAULT_VPC_CIDR}
        self._security_groups: dict[str, str] = {}
        self._next_zone = 0

    # ------------------------------------------------------------------ declared by tests

    def add_vpc(self, vpc_id: str, *, cidr_block: str) -> None:
        """Declare a VPC and its primary CIDR block (it decides the default service
        CIDR of the clusters in it)."""
        if not VPC_ID.match(vpc_id):
            raise ValueError(f"{vpc_id!r} is not a VPC id (vpc-...)")
        ipaddress.IPv4Network(cidr_block)
        self._vpc_cidrs[vpc_id] = cidr_block

    def add_subnet(
        self, subnet_id: str, *, availability_zone: str, vpc_id: str | None = None
    ) -> Subnet:
        """Declare a subnet as EC2 would know it (in the default VPC unless told)."""
        if not SUBNET_ID.match(subnet_id):
            raise ValueError(f"{subnet_id!r} is not a subnet id (subnet-...)")
        vpc = vpc_id or self.default_vpc_id
        if not VPC_ID.match(vpc):
            raise ValueError(f"{vpc!r} is not a VPC id (vpc-...)")
        if not availability_zone.startswith(self.region):
            raise ValueError(f"{availability_zone!r} is not a zone of {self.region}")
        subnet = Subnet(subnet_id, vpc, availability_zone, declared=True)
        self._subnets[subnet_id] = subnet
        return subnet

    def add_security_group(self, group_id: str, *, vpc_id: str) -> None:
        """Declare a security group and the VPC it belongs to."""
        if not SECURITY_GROUP_ID.match(group_id):
            raise ValueError(f"{group_id!r} is not a security group id (sg-...)")
        if not VPC_ID.match(vpc_id):
            raise ValueError(f"{vpc_id!r} is not a VPC id (vpc-...)")
        self._security_groups[group_id] = vpc_id

    # ------------------------------------------------------------------ used by the backend

    def vpc_cidr(self, vpc_id: str) -> str | None:
        return self._vpc_cidrs.get(vpc_id)

    def security_group_vpc(self, group_id: str) -> str | None:
        """The VPC of a declared security group (None for an undeclared one)."""
        return self._security_groups.get(group_id)

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
                    raise UnknownSubnet(subnet_id)
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
