"""The VPCs, subnets and security groups of one account and region.

A test may declare them; any other id of the right form (``subnet-<letters or
digits>``, ``sg-...``) is taken to be in the account's default VPC (CIDR
``172.31.0.0/16``, as AWS's default VPCs are). An undeclared subnet is placed the first
time a service uses it: it gets the next zone of the region, going round them in order
(``<region>a``, ``<region>b``, ...), and the next free block of the default VPC. So the
new subnets of one call land in different zones, and a subnet keeps its zone.

Reading never places a subnet: :meth:`Registry.lookup` says what the subnets are or
would be, :meth:`Registry.remember` commits them once the call that uses them
succeeds (a refused call gives no zone away).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from ipaddress import IPv4Network

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.network.addresses import (
    ASSUMED_VPC_CIDR,
    AddressPool,
    carve,
    parse_block,
)
from pytest_ecsmock.services.network.records import (
    SECURITY_GROUP_ID,
    SUBNET_ID,
    VPC_ID,
    Subnet,
    UnknownSubnet,
    Vpc,
    zones_of,
)

DEFAULT_VPC_CIDR = "172.31.0.0/16"


def _hex(seed: str, length: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


class Registry:
    """VPCs, subnets and security groups; :class:`~.backend.NetworkBackend` adds the
    addresses and network interfaces."""

    def __init__(self, context: BackendContext) -> None:
        self.context = context
        self.region = context.region
        seed = f"{context.account_id}:{context.region}:default-vpc"
        self.default_vpc_id = f"vpc-{_hex(seed, 17)}"
        self._zones = zones_of(context.region)
        self._vpcs: dict[str, Vpc] = {
            self.default_vpc_id: Vpc(self.default_vpc_id, DEFAULT_VPC_CIDR, is_default=True)
        }
        self._subnets: dict[str, Subnet] = {}
        self._security_groups: dict[str, str] = {}
        #: the private addresses in use, per subnet
        self._pools: dict[str, AddressPool] = {}
        self._next_zone = 0

    @property
    def zones(self) -> list[str]:
        """The region's Availability Zones, in the order new subnets are given them."""
        return list(self._zones)

    def is_zone(self, zone: str) -> bool:
        """Whether ``zone`` names a zone of the region: ``<region><letter>``, or a Local
        Zone (``<region>-<place>-<n><letter>``); not only the zones of :attr:`zones`."""
        rest = zone[len(self.region) :] if zone.startswith(self.region) else ""
        return (rest.isalpha() and rest.islower()) or (rest[:1] == "-" and rest[-1:].isalpha())

    # ------------------------------------------------------------------ declared by tests

    def add_vpc(self, vpc_id: str, cidr_block: str) -> Vpc:
        """Declare a VPC and its primary IPv4 CIDR block (/16 to /28). The block decides
        where its subnets' blocks are carved and EKS's default service CIDR."""
        if not VPC_ID.match(vpc_id):
            raise ValueError(f"{vpc_id!r} is not a VPC id (vpc-...)")
        block = parse_block(cidr_block, vpc_id)
        outside = [s for s in self._subnets_of(vpc_id) if not _block(s).subnet_of(block)]
        if outside:
            raise ValueError(
                f"{vpc_id} already has subnets outside {cidr_block}: "
                + ", ".join(f"{s.subnet_id} ({s.cidr_block})" for s in outside)
            )
        vpc = Vpc(vpc_id, str(block), is_default=vpc_id == self.default_vpc_id)
        self._vpcs[vpc_id] = vpc
        return vpc

    def add_subnet(
        self,
        subnet_id: str,
        *,
        vpc_id: str | None = None,
        availability_zone: str | None = None,
        cidr_block: str | None = None,
    ) -> Subnet:
        """Declare a subnet as EC2 would know it. Without ``vpc_id`` it is in the
        default VPC; without ``availability_zone`` it takes the next zone in turn;
        without ``cidr_block`` it gets the next free block of its VPC."""
        if not SUBNET_ID.match(subnet_id):
            raise ValueError(f"{subnet_id!r} is not a subnet id (subnet-...)")
        vpc = vpc_id or self.default_vpc_id
        if not VPC_ID.match(vpc):
            raise ValueError(f"{vpc!r} is not a VPC id (vpc-...)")
        zone = availability_zone or self._zones[self._next_zone]
        if not self.is_zone(zone):
            raise ValueError(f"{zone!r} is not a zone of {self.region}")
        pool = self._pools.get(subnet_id)
        if pool is not None and pool.in_use:
            raise ValueError(f"{subnet_id} has addresses in use; it cannot be declared again")
        siblings = [s for s in self._subnets_of(vpc) if s.subnet_id != subnet_id]
        block = self._declared_block(subnet_id, vpc, cidr_block, siblings)
        subnet = Subnet(subnet_id, vpc, zone, str(block), declared=True)
        self._vpcs.setdefault(vpc, Vpc(vpc, None))
        self._subnets[subnet_id] = subnet
        self._pools.pop(subnet_id, None)
        if availability_zone is None:
            self._next_zone = (self._next_zone + 1) % len(self._zones)
        return subnet

    def add_security_group(self, group_id: str, *, vpc_id: str | None = None) -> None:
        """Declare a security group and the VPC it belongs to (the default VPC unless
        told)."""
        if not SECURITY_GROUP_ID.match(group_id):
            raise ValueError(f"{group_id!r} is not a security group id (sg-...)")
        vpc = vpc_id or self.default_vpc_id
        if not VPC_ID.match(vpc):
            raise ValueError(f"{vpc!r} is not a VPC id (vpc-...)")
        self._vpcs.setdefault(vpc, Vpc(vpc, None))
        self._security_groups[group_id] = vpc

    # ------------------------------------------------------------------ VPCs and groups

    def vpc(self, vpc_id: str) -> Vpc | None:
        """The VPC, if declared or named by a declared subnet or group."""
        return self._vpcs.get(vpc_id)

    def vpc_cidr(self, vpc_id: str) -> str | None:
        """The VPC's CIDR block; None when it was not declared with one."""
        found = self._vpcs.get(vpc_id)
        return None if found is None else found.cidr_block

    def vpcs(self) -> list[Vpc]:
        return list(self._vpcs.values())

    def security_group_vpc(self, group_id: str) -> str | None:
        """The VPC of a declared security group (None for an undeclared one)."""
        return self._security_groups.get(group_id)

    @staticmethod
    def is_security_group_id(group_id: str) -> bool:
        """Whether ``group_id`` could be a security group (``sg-...``)."""
        return SECURITY_GROUP_ID.match(group_id) is not None

    def default_security_group(self, vpc_id: str) -> str:
        """The id of ``vpc_id``'s default security group (stable for a VPC)."""
        return f"sg-{_hex(f'{vpc_id}:default-security-group', 17)}"

    # ------------------------------------------------------------------ subnets

    def lookup(self, subnet_ids: Iterable[str]) -> list[Subnet]:
        """The subnets named, in order, without placing the new ones: a caller that
        goes on to use them calls :meth:`remember`. Raises :class:`UnknownSubnet` for
        an id that cannot be a subnet."""
        found: list[Subnet] = []
        pending: list[Subnet] = []
        for subnet_id in subnet_ids:
            known = self._subnets.get(subnet_id) or next(
                (s for s in pending if s.subnet_id == subnet_id), None
            )
            if known is None:
                known = self._place(subnet_id, pending)
                pending.append(known)
            found.append(known)
        return found

    def remember(self, subnets: Iterable[Subnet]) -> None:
        """Commit the subnets a successful call used (new ones keep their zone)."""
        for subnet in subnets:
            if subnet.subnet_id not in self._subnets:
                self._subnets[subnet.subnet_id] = subnet
                self._next_zone = (self._next_zone + 1) % len(self._zones)

    def use(self, subnet_ids: Iterable[str]) -> list[Subnet]:
        """:meth:`lookup` and :meth:`remember` in one step."""
        subnets = self.lookup(subnet_ids)
        self.remember(subnets)
        return subnets

    def subnet(self, subnet_id: str) -> Subnet:
        """The subnet, placing it on first use (as :meth:`use` does)."""
        return self.use([subnet_id])[0]

    def find_subnet(self, subnet_id: str) -> Subnet | None:
        """The subnet if declared or already used; None otherwise (places nothing)."""
        return self._subnets.get(subnet_id)

    def subnets(self, vpc_id: str | None = None) -> list[Subnet]:
        """The subnets declared or used so far (of ``vpc_id`` when given)."""
        if vpc_id is None:
            return list(self._subnets.values())
        return self._subnets_of(vpc_id)

    # ------------------------------------------------------------------ helpers

    def _pool(self, subnet: Subnet) -> AddressPool:
        """The subnet's addresses (a new, empty pool is kept only once an address of
        it is taken: see ``_keep_pool``)."""
        return self._pools.get(subnet.subnet_id) or AddressPool(_block(subnet))

    def _keep_pool(self, subnet: Subnet, pool: AddressPool) -> None:
        self._pools[subnet.subnet_id] = pool

    def _subnets_of(self, vpc_id: str) -> list[Subnet]:
        return [s for s in self._subnets.values() if s.vpc_id == vpc_id]

    def _place(self, subnet_id: str, pending: list[Subnet]) -> Subnet:
        if not SUBNET_ID.match(subnet_id):
            raise UnknownSubnet(subnet_id)
        vpc = self.default_vpc_id
        zone = self._zones[(self._next_zone + len(pending)) % len(self._zones)]
        taken = [_block(s) for s in [*self._subnets_of(vpc), *pending]]
        block = carve(self._space(vpc), taken)
        if block is None:
            raise ValueError(
                f"the default VPC {vpc} ({DEFAULT_VPC_CIDR}) has no room left for "
                f"{subnet_id}; declare it with add_subnet(..., cidr_block=...)"
            )
        return Subnet(subnet_id, vpc, zone, str(block))

    def _space(self, vpc_id: str) -> IPv4Network:
        return IPv4Network(self.vpc_cidr(vpc_id) or ASSUMED_VPC_CIDR)

    def _declared_block(
        self, subnet_id: str, vpc_id: str, cidr_block: str | None, siblings: list[Subnet]
    ) -> IPv4Network:
        taken = [_block(s) for s in siblings]
        if cidr_block is None:
            carved = carve(self._space(vpc_id), taken)
            if carved is None:
                raise ValueError(f"{vpc_id} has no room left for {subnet_id}; give a cidr_block")
            return carved
        block = parse_block(cidr_block, subnet_id)
        vpc_cidr = self.vpc_cidr(vpc_id)
        if vpc_cidr is not None and not block.subnet_of(IPv4Network(vpc_cidr)):
            raise ValueError(f"{cidr_block} of {subnet_id} is not within {vpc_id} ({vpc_cidr})")
        clash = next((s for s in siblings if _block(s).overlaps(block)), None)
        if clash is not None:
            raise ValueError(
                f"{cidr_block} of {subnet_id} overlaps {clash.subnet_id} ({clash.cidr_block})"
            )
        return block


def _block(subnet: Subnet) -> IPv4Network:
    return IPv4Network(subnet.cidr_block)
