"""IPv4 arithmetic of the network registry: CIDR blocks checked as EC2 checks them,
blocks carved for subnets that were given none, and the private addresses of a subnet.

Everything here is deterministic: the same calls in the same order give the same
blocks and the same addresses.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network

#: the addresses EC2 keeps at the start of every subnet (network address, VPC router,
#: DNS server, reserved for future use); the last one (broadcast) is kept too
RESERVED_AT_START = 4
#: the smallest and largest blocks EC2 accepts for a VPC or a subnet
LARGEST_PREFIX, SMALLEST_PREFIX = 16, 28
#: where the subnets of a VPC whose CIDR block was not declared are carved from
ASSUMED_VPC_CIDR = "10.0.0.0/16"


def parse_block(text: str, what: str) -> IPv4Network:
    """An IPv4 CIDR block written as EC2 wants it (the network address, /16 to /28);
    ValueError saying what is wrong otherwise."""
    try:
        block = IPv4Network(text, strict=True)
    except (ValueError, TypeError) as bad:
        raise ValueError(f"{text!r} is not an IPv4 CIDR block for {what} ({bad})") from None
    if not LARGEST_PREFIX <= block.prefixlen <= SMALLEST_PREFIX:
        raise ValueError(
            f"the CIDR block {text} of {what} must have a prefix between "
            f"/{LARGEST_PREFIX} and /{SMALLEST_PREFIX}"
        )
    return block


def _tiers(space: IPv4Network) -> list[tuple[IPv4Network, int]]:
    """Where carved blocks go, and their size: the first half of ``space`` in blocks of
    1/16 of it (a /16 VPC gives eight /20s, the size of AWS's default subnets), the
    third quarter in blocks of 1/256, the last quarter in blocks of 1/4096 (never below
    /28). So a /16 holds 8 + 64 + 1024 carved subnets."""
    if space.prefixlen >= SMALLEST_PREFIX:
        return [(space, SMALLEST_PREFIX)]
    first_half, second_half = space.subnets(prefixlen_diff=1)
    third, fourth = second_half.subnets(prefixlen_diff=1)
    tiers: list[tuple[IPv4Network, int]] = []
    for region, extra in ((first_half, 4), (third, 8), (fourth, 12)):
        prefix = min(space.prefixlen + extra, SMALLEST_PREFIX)
        if prefix >= region.prefixlen:
            tiers.append((region, prefix))
    return tiers


def carve(space: IPv4Network, taken: Iterable[IPv4Network]) -> IPv4Network | None:
    """The first block of ``space`` (see :func:`_tiers` for the sizes) that overlaps
    none of ``taken``; None when there is no room left."""
    used = [block for block in taken if block.overlaps(space)]
    for region, prefix in _tiers(space):
        if any(block.supernet_of(region) for block in used):
            continue
        for candidate in region.subnets(new_prefix=prefix):
            if not any(candidate.overlaps(block) for block in used):
                return candidate
    return None


class AddressPool:
    """The private IPv4 addresses of one subnet: handed out lowest first, skipping the
    addresses EC2 reserves, and given back on demand."""

    def __init__(self, block: IPv4Network) -> None:
        self.block = block
        self._first = int(block.network_address) + RESERVED_AT_START
        self._last = int(block.broadcast_address) - 1
        self._used: set[int] = set()

    @property
    def in_use(self) -> list[str]:
        return [str(IPv4Address(n)) for n in sorted(self._used)]

    @property
    def free(self) -> int:
        return max(self._last - self._first + 1, 0) - len(self._used)

    def pick(self, wanted: str | None = None) -> str | None:
        """The address :meth:`take` would take (``wanted`` if it is free and usable);
        None when the subnet is full. Changes nothing."""
        if wanted is not None:
            self.check_usable(wanted)
            return wanted
        for number in range(self._first, self._last + 1):
            if number not in self._used:
                return str(IPv4Address(number))
        return None

    def check_usable(self, address: str) -> None:
        """ValueError unless ``address`` is a free, unreserved address of the block."""
        try:
            number = int(ipaddress.IPv4Address(address))
        except ValueError:
            raise ValueError(f"{address!r} is not an IPv4 address") from None
        if IPv4Address(number) not in self.block:
            raise ValueError(f"{address} is not in the subnet's CIDR block {self.block}")
        if not self._first <= number <= self._last:
            raise ValueError(f"{address} is reserved by EC2 in {self.block}")
        if number in self._used:
            raise ValueError(f"{address} is already in use in {self.block}")

    def take(self, address: str) -> None:
        self._used.add(int(IPv4Address(address)))

    def give_back(self, address: str) -> bool:
        """Free ``address``; False if it was not in use."""
        number = int(IPv4Address(address))
        if number not in self._used:
            return False
        self._used.discard(number)
        return True


def private_dns_name(address: str, region: str) -> str:
    """EC2's private DNS name of an address (``ip-10-0-1-4.ec2.internal`` in us-east-1,
    ``ip-10-0-1-4.<region>.compute.internal`` elsewhere)."""
    host = "ip-" + address.replace(".", "-")
    if region == "us-east-1":
        return f"{host}.ec2.internal"
    return f"{host}.{region}.compute.internal"
