"""The ECS service definition that every handler module registers its operations on."""

from __future__ import annotations

from pytest_ecsmock.services.base import ServiceDef
from pytest_ecsmock.services.ecs.backend import EcsBackend

service: ServiceDef[EcsBackend] = ServiceDef("ecs", EcsBackend)

service.leave_out(
    [
        "CreateDaemon",
        "DeleteDaemon",
        "DeleteDaemonTaskDefinition",
        "DescribeDaemon",
        "DescribeDaemonDeployments",
        "DescribeDaemonRevisions",
        "DescribeDaemonTaskDefinition",
        "ListDaemonDeployments",
        "ListDaemonTaskDefinitions",
        "ListDaemons",
        "RegisterDaemonTaskDefinition",
        "UpdateDaemon",
    ],
    "The daemon APIs are not simulated; services with schedulingStrategy DAEMON are.",
)
service.leave_out(
    [
        "CreateExpressGatewayService",
        "DeleteExpressGatewayService",
        "DescribeExpressGatewayService",
        "UpdateExpressGatewayService",
        "AssociateGatewayWithCluster",
        "CreateGateway",
        "DeleteGateway",
        "DescribeGateway",
        "DescribeGatewayResources",
        "DescribeGatewayRoute",
        "DisassociateGatewayFromCluster",
        "ListGatewayClusterAssociations",
        "ListGatewayRoutes",
        "ListGateways",
        "UpdateGateway",
    ],
    "Express Gateway services and gateways are not simulated.",
)
