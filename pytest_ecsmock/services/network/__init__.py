"""The shared VPC network of an account and region (see :mod:`.backend`)."""

from __future__ import annotations

from pytest_ecsmock.services.network.backend import NetworkBackend
from pytest_ecsmock.services.network.records import (
    NetworkInterface,
    NetworkProblem,
    NoFreeAddress,
    Subnet,
    UnknownInterface,
    UnknownSubnet,
    Vpc,
    zones_of,
)

__all__ = [
    "NetworkBackend",
    "NetworkInterface",
    "NetworkProblem",
    "NoFreeAddress",
    "Subnet",
    "UnknownInterface",
    "UnknownSubnet",
    "Vpc",
    "zones_of",
]
