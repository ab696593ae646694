"""The network backend has no operations: it is not an AWS API, nothing is served on
the wire. It is listed with the services so that each account and region has one
(``context.sibling("network")``, ``ecsmock.backend("network")``)."""

from __future__ import annotations

from pytest_ecsmock.services.base import ServiceDef
from pytest_ecsmock.services.network.backend import NetworkBackend

service: ServiceDef[NetworkBackend] = ServiceDef("network", NetworkBackend)
