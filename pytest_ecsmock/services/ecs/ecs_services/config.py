"""CreateService and UpdateService parameters: what a deployment runs (its revision)
and how the scheduler rolls it out (the deployment configuration)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors, placement
from pytest_ecsmock.services.ecs.arns import resolve_role
from pytest_ecsmock.services.ecs.cluster_options import FARGATE_PROVIDERS, parse_strategy
from pytest_ecsmock.services.ecs.ecs_services import load_balancing
from pytest_ecsmock.services.ecs.ecs_services.model import DeploymentConfiguration, LoadBalancerLink
from pytest_ecsmock.services.ecs.params import check_enum
from pytest_ecsmock.services.ecs.tasks import fargate
from pytest_ecsmock.services.ecs.tasks.overrides import parse_overrides
from pytest_ecsmock.services.ecs.tasks.roles import check_task_roles
from pytest_ecsmock.services.ecs.tasks.run import BOTH_GIVEN, resolve_definition

if TYPE_CHECKING:
    from pytest_ecsmock.services.base import BackendContext
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.task_definitions import TaskDefinition

#: members the API accepts that the mock cannot honour yet
UNSUPPORTED = (
    "serviceRegistries",
    "serviceConnectConfiguration",
    "volumeConfigurations",
    "vpcLatticeConfigurations",
    "gatewayConnectors",
    "monitoring",
    "enableECSManagedTags",
)
#: deploymentConfiguration members the mock cannot honour yet
UNSUPPORTED_CONFIGURATION = (
    "alarms",
    "bakeTimeInMinutes",
    "lifecycleHooks",
    "linearConfiguration",
    "canaryConfiguration",
    "earlySuccessCriteria",
)
LAUNCH_TYPES = ("EC2", "FARGATE", "EXTERNAL")
PROPAGATE = ("TASK_DEFINITION", "SERVICE", "NONE")
MAX_GRACE_PERIOD = 2_147_483_647


@dataclass(frozen=True)
class Revision:
    """What the tasks of one deployment are made from."""

    definition: TaskDefinition
    #: the launch type of the tasks (EC2 or FARGATE), also under a provider strategy
    launch_type: str
    #: the capacity provider strategy given ([] when a launch type was given)
    strategy: list[dict[str, Any]]
    #: as given (``LATEST`` by default on Fargate); tasks show the version it names
    platform_version: str | None
    network: fargate.AwsvpcConfiguration | None
    load_balancers: tuple[LoadBalancerLink, ...]

    @property
    def launch_type_shown(self) -> str | None:
        return None if self.strategy else self.launch_type

    def network_configuration(self) -> dict[str, Any] | None:
        if self.network is None:
            return None
        return {
            "awsvpcConfiguration": {
                "subnets": [subnet.subnet_id for subnet in self.network.subnets],
                "securityGroups": list(self.network.security_groups),
                "assignPublicIp": self.network.assign_public_ip,
            }
        }


def refuse_unsupported(params: dict[str, Any]) -> None:
    for name in UNSUPPORTED:
        if params.get(name):
            raise errors.InvalidParameterException(
                f"{name} is not supported by pytest-ecsmock yet."
            )
    for name in UNSUPPORTED_CONFIGURATION:
        if (params.get("deploymentConfiguration") or {}).get(name) is not None:
            raise errors.InvalidParameterException(
                f"deploymentConfiguration.{name} is not supported by pytest-ecsmock yet."
            )


def parse_revision(
    ecs: EcsBackend,
    cluster: Cluster,
    params: dict[str, Any],
    current: Revision | None = None,
) -> Revision:
    """The revision a CreateService (``current`` None) or UpdateService call asks for:
    members not given in an update keep their current values."""
    if current is None or params.get("taskDefinition") is not None:
        definition = resolve_definition(ecs, params["taskDefinition"])
    else:
        definition = current.definition
    launch_type, strategy = _launch(cluster, params, current)
    if launch_type not in definition.compatibilities:
        raise errors.InvalidParameterException(
            f"Task definition does not support launch_type {launch_type}."
        )
    network_params = params
    if params.get("networkConfiguration") is None and current is not None:
        network_params = {"networkConfiguration": current.network_configuration()}
    network = fargate.parse_network(
        ecs.network, network_params, definition.network_mode, launch_type
    )
    version = params.get("platformVersion")
    if version is None and current is not None and launch_type == "FARGATE":
        version = current.platform_version
    given = {"platformVersion": version} if version is not None else {}
    fargate.platform_version(given, launch_type)  # refuses unknown versions
    if launch_type == "FARGATE":
        version = version or "LATEST"
    if "loadBalancers" in params or current is None:
        links = load_balancing.parse_links(ecs, params.get("loadBalancers") or [], definition)
    else:
        links = current.load_balancers
        # the target groups were checked when they were given (one deleted since only
        # fails the registrations); a new task definition must still have the ports
        load_balancing.check_containers(links, definition)
    return Revision(definition, launch_type, strategy, version, network, links)


def _launch(
    cluster: Cluster, params: dict[str, Any], current: Revision | None
) -> tuple[str, list[dict[str, Any]]]:
    launch_type = params.get("launchType")
    strategy = params.get("capacityProviderStrategy")
    if launch_type is not None and strategy:
        raise errors.InvalidParameterException(BOTH_GIVEN)
    if current is not None and launch_type is None and strategy is None:
        return current.launch_type, current.strategy
    if launch_type is None and not strategy:
        strategy = cluster.default_strategy
    if strategy:
        parsed = parse_strategy(strategy, cluster.capacity_providers, "capacityProviderStrategy")
        fargate_providers = parsed[0]["capacityProvider"] in FARGATE_PROVIDERS
        return ("FARGATE" if fargate_providers else "EC2"), parsed
    launch_type = launch_type or "EC2"
    check_enum(launch_type, LAUNCH_TYPES, "launchType")
    if launch_type == "EXTERNAL":
        raise errors.InvalidParameterException(
            "launchType EXTERNAL is not supported by pytest-ecsmock yet."
        )
    if current is not None and current.strategy and launch_type is not None:
        raise errors.InvalidParameterException(
            "Updating a service from a capacity provider strategy to a launch type is not "
            "supported. Recreate the service."
        )
    return launch_type, []


def parse_deployment_configuration(
    given: dict[str, Any] | None,
    current: DeploymentConfiguration | None,
    scheduling: str,
) -> DeploymentConfiguration:
    daemon = scheduling == "DAEMON"
    if current is None:
        current = DeploymentConfiguration(
            maximum_percent=100 if daemon else 200, minimum_healthy_percent=0 if daemon else 100
        )
    if not given:
        return current
    strategy = given.get("strategy")
    if strategy not in (None, "ROLLING"):
        raise errors.InvalidParameterException(
            f"deploymentConfiguration.strategy {strategy} is not supported by pytest-ecsmock "
            "yet; only ROLLING deployments are simulated."
        )
    maximum = given.get("maximumPercent", current.maximum_percent)
    minimum = given.get("minimumHealthyPercent", current.minimum_healthy_percent)
    if not 0 <= minimum <= 100:
        raise errors.InvalidParameterException("minimumHealthyPercent must be between 0 and 100.")
    if daemon and maximum > 100:
        raise errors.InvalidParameterException(
            "The daemon scheduling strategy does not support values above 100 for "
            "maximumPercent on a deployment configuration. Change the maximumPercent value "
            "to 100, and try again"
        )
    if not daemon and maximum < 100:
        raise errors.InvalidParameterException("maximumPercent must be at least 100.")
    breaker = given.get("deploymentCircuitBreaker")
    enable, rollback = current.circuit_breaker, current.rollback
    if breaker is not None:
        if breaker.get("thresholdConfiguration") is not None or breaker.get("resetOnHealthyTask"):
            raise errors.InvalidParameterException(
                "deploymentCircuitBreaker.thresholdConfiguration and resetOnHealthyTask are not "
                "supported by pytest-ecsmock yet."
            )
        enable, rollback = breaker["enable"], breaker["rollback"]
    return replace(
        current,
        maximum_percent=maximum,
        minimum_healthy_percent=minimum,
        circuit_breaker=enable,
        rollback=rollback,
    )


def circuit_breaker_threshold(desired_count: int) -> int:
    """Failed tasks that trip the breaker: half the desired count, within 3..200."""
    return min(200, max(3, math.ceil(desired_count * 0.5)))


def check_grace_period(value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_GRACE_PERIOD:
        raise errors.InvalidParameterException(
            f"healthCheckGracePeriodSeconds must be between 0 and {MAX_GRACE_PERIOD}."
        )


def check_propagate_tags(value: str | None) -> None:
    if value is not None:
        check_enum(value, PROPAGATE, "propagateTags")


def desired_count(params: dict[str, Any], scheduling: str) -> int:
    desired = params.get("desiredCount")
    if scheduling == "DAEMON":
        if desired is not None:
            raise errors.InvalidParameterException(
                "The daemon scheduling strategy does not support a desired count for services."
            )
        return 0
    if desired is None:
        raise errors.InvalidParameterException(
            "Desired count must be specified for a service with the REPLICA scheduling strategy."
        )
    if desired < 0:
        raise errors.InvalidParameterException("Desired count must be at least 0.")
    return int(desired)


def placement_of(
    params: dict[str, Any], launch_type: str | None, scheduling: str = "REPLICA"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``placementConstraints`` and ``placementStrategy`` given, checked."""
    constraints = list(params.get("placementConstraints") or [])
    strategies = list(params.get("placementStrategy") or [])
    if launch_type == "FARGATE" and (constraints or strategies):
        raise errors.InvalidParameterException(
            "Task placement constraints and strategies are not supported for launch type FARGATE."
        )
    if scheduling == "DAEMON" and strategies:
        raise errors.InvalidParameterException(
            "Placement strategies are not supported with the DAEMON scheduling strategy."
        )
    try:
        placement.parse_constraints(constraints)
        placement.parse_strategies(strategies)
    except ValueError as problem:
        raise errors.InvalidParameterException(str(problem)) from None
    return constraints, strategies


def service_role(context: BackendContext, params: dict[str, Any], revision: Revision) -> str | None:
    role = params.get("role")
    if role is None:
        return None
    if revision.definition.network_mode == "awsvpc":
        raise errors.InvalidParameterException(
            "You cannot specify an IAM role for services that require a service linked role."
        )
    if not revision.load_balancers:
        raise errors.InvalidParameterException(
            "A role can only be specified for a service that uses a load balancer."
        )
    return resolve_role(role, partition=context.partition, account=context.account_id)


def check_roles(context: BackendContext, revision: Revision) -> None:
    """strict_roles: the roles of the revision's task definition must be assumable."""
    definition = revision.definition
    overrides = parse_overrides(
        definition, None, partition=context.partition, account=context.account_id
    )
    check_task_roles(context, definition, overrides)
