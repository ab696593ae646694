"""The VPC network of one account and region, shared by the services that need it.

There is no EC2 behind the mock. EKS, ELBv2 and ECS (tasks in awsvpc mode) learn from
this one registry which VPC and Availability Zone a subnet is in, which VPC a security
group belongs to, and which private addresses and network interfaces are in use, so
every service of an account and region sees the same facts: a subnet has one zone.

It is an internal backend, not an AWS API: nothing is served on the wire. Tests reach
it with ``ecsmock.backend("network")``, backends with ``context.sibling("network")``.
Declaring and placing subnets is in :mod:`.registry`; this module adds the private
addresses and the elastic network interfaces.
"""

from __future__ import annotations

from collections.abc import Iterable

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.network.addresses import private_dns_name
from pytest_ecsmock.services.network.records import (
    NetworkInterface,
    NoFreeAddress,
    UnknownInterface,
)
from pytest_ecsmock.services.network.registry import Registry


class NetworkBackend(Registry):
    def __init__(self, context: BackendContext) -> None:
        super().__init__(context)
        self._interfaces: dict[str, NetworkInterface] = {}

    # ------------------------------------------------------------------ addresses

    def allocate_address(self, subnet_id: str, address: str | None = None) -> str:
        """A private IPv4 address of the subnet, now in use: ``address`` if given (it
        must be free), else the lowest free one after the four EC2 reserves. Places an
        undeclared subnet (its first use). Raises :class:`UnknownSubnet`,
        :class:`NoFreeAddress`, or ValueError for a ``address`` that cannot be had."""
        subnet = self.lookup([subnet_id])[0]
        pool = self._pool(subnet)
        chosen = pool.pick(address)
        if chosen is None:
            raise NoFreeAddress(subnet_id)
        self.remember([subnet])
        pool.take(chosen)
        self._keep_pool(subnet, pool)
        return chosen

    def release_address(self, subnet_id: str, address: str) -> bool:
        """Give an address back to its subnet; False if it was not in use."""
        pool = self._pools.get(subnet_id)
        return pool is not None and pool.give_back(address)

    def addresses_in_use(self, subnet_id: str) -> list[str]:
        pool = self._pools.get(subnet_id)
        return [] if pool is None else pool.in_use

    # ------------------------------------------------------------------ interfaces

    def create_interface(
        self,
        subnet_id: str,
        *,
        security_groups: Iterable[str] = (),
        description: str = "",
        private_ip_address: str | None = None,
    ) -> NetworkInterface:
        """A new elastic network interface in the subnet, with a private address (see
        :meth:`allocate_address`), an ``eni-`` id and a MAC address from the seeded
        identifiers. Without security groups it has its VPC's default one. Nothing
        changes when it raises."""
        address = self.allocate_address(subnet_id, private_ip_address)
        subnet = self.subnet(subnet_id)
        groups = list(security_groups) or [self.default_security_group(subnet.vpc_id)]
        interface = NetworkInterface(
            interface_id=self.new_interface_id(),
            subnet_id=subnet.subnet_id,
            vpc_id=subnet.vpc_id,
            availability_zone=subnet.availability_zone,
            private_ip_address=address,
            mac_address=self.new_mac_address(),
            private_dns_name=private_dns_name(address, self.region),
            security_groups=groups,
            description=description,
        )
        self._interfaces[interface.interface_id] = interface
        return interface

    def interface(self, interface_id: str) -> NetworkInterface:
        found = self._interfaces.get(interface_id)
        if found is None:
            raise UnknownInterface(interface_id)
        return found

    def interfaces(self, subnet_id: str | None = None) -> list[NetworkInterface]:
        """The interfaces in use, oldest first (of ``subnet_id`` when given)."""
        return [i for i in self._interfaces.values() if subnet_id in (None, i.subnet_id)]

    def delete_interface(self, interface_id: str) -> NetworkInterface:
        """Delete the interface and give its address back."""
        interface = self.interface(interface_id)
        del self._interfaces[interface_id]
        self.release_address(interface.subnet_id, interface.private_ip_address)
        return interface

    # ------------------------------------------------------------------ identifiers

    def new_interface_id(self) -> str:
        return f"eni-{self.context.ids.hex(17)}"

    def new_mac_address(self) -> str:
        """A locally administered unicast MAC address, as EC2 gives its interfaces."""
        octets = [self.context.ids.hex(2) for _ in range(5)]
        return ":".join(["0e", *octets])
