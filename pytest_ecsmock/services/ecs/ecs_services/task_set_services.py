"""CreateService and UpdateService for the EXTERNAL and CODE_DEPLOY deployment
controllers (the store hands those services over here).

EXTERNAL: the service keeps only what is not set per task set (desired count,
deployment configuration, placement, grace period, role, tags); its tasks come from
the task sets created with CreateTaskSet. CODE_DEPLOY: the service is created as an
ECS one is (task definition and a load balancer required) and runs them in a first
task set, PRIMARY at 100%; new revisions come from CodeDeploy, so UpdateService takes
no task definition, load balancer, network or launch changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import resolve_role
from pytest_ecsmock.services.ecs.ecs_services import config
from pytest_ecsmock.services.ecs.ecs_services.model import DRAINING, PRIMARY, Service
from pytest_ecsmock.services.ecs.ecs_services.rebalancing import setting as rebalancing_setting
from pytest_ecsmock.services.ecs.ecs_services.task_set_operations import (
    new_task_set,
    task_set_revision,
)
from pytest_ecsmock.services.ecs.tags import parse_tags

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.ecs_services.config import Revision
    from pytest_ecsmock.services.ecs.ecs_services.model import DeploymentConfiguration
    from pytest_ecsmock.services.ecs.ecs_services.store import ServiceStore

#: CreateService members an EXTERNAL service leaves to its task sets, as AWS names them
TASK_SET_MEMBERS = {
    "taskDefinition": "TaskDefinition",
    "launchType": "LaunchType",
    "capacityProviderStrategy": "CapacityProviderStrategy",
    "platformVersion": "PlatformVersion",
    "networkConfiguration": "NetworkConfiguration",
    "loadBalancers": "LoadBalancers",
}
#: UpdateService members a new task set (or CodeDeploy deployment) would have to change
NEW_DEPLOYMENT_MEMBERS = {
    "taskDefinition": "task definition",
    "loadBalancers": "load balancers",
    "networkConfiguration": "network parameters",
    "platformVersion": "platform version",
    "launchType": "launch type",
    "capacityProviderStrategy": "capacity provider strategy",
}
INSTEAD = {
    "CODE_DEPLOY": "Use AWS CodeDeploy to trigger a new deployment.",
    "EXTERNAL": "Create a new task set (CreateTaskSet) instead.",
}


def create_service(
    store: ServiceStore, cluster: Cluster, name: str, params: dict[str, Any], controller: str
) -> Service:
    scheduling = params.get("schedulingStrategy", "REPLICA")
    if scheduling == "DAEMON":
        raise errors.InvalidParameterException(
            f"The DAEMON scheduling strategy is not supported by the {controller} deployment "
            "controller; use REPLICA."
        )
    configuration = _configuration(params, None)
    revision: Revision | None = None
    if controller == "EXTERNAL":
        for member, shown in TASK_SET_MEMBERS.items():
            if params.get(member):
                raise errors.InvalidParameterException(f"{shown} must be empty or null.")
        desired = params.get("desiredCount", 0)
        if desired < 0:
            raise errors.InvalidParameterException("Desired count must be at least 0.")
        constraints, strategies = config.placement_of(params, None)
        role = params.get("role")
        role_arn = None if role is None else _role(store, role)
    else:
        if params.get("taskDefinition") is None:
            raise errors.InvalidParameterException(
                "Task definition must be specified for a service with the CODE_DEPLOY "
                "deployment controller."
            )
        desired = config.desired_count(params, scheduling)
        revision = _code_deploy_revision(store, cluster, params)
        constraints, strategies = config.placement_of(params, None)
        role_arn = config.service_role(store.context, params, revision)
    config.check_grace_period(params.get("healthCheckGracePeriodSeconds"))
    config.check_propagate_tags(params.get("propagateTags"))
    tags = parse_tags(params.get("tags"))
    # everything is checked: make the service
    service = store.add(
        cluster,
        params,
        scheduling=scheduling,
        controller=controller,
        configuration=configuration,
        placement=(constraints, strategies),
        desired=desired,
        role_arn=role_arn,
        tags=tags,
        rebalance=rebalancing_setting(
            params.get("availabilityZoneRebalancing"), "REPLICA", controller, []
        ),
    )
    if revision is not None:
        new_task_set(store, service, revision, status=PRIMARY, scale=100.0)
    return service


def update_service(store: ServiceStore, service: Service, params: dict[str, Any]) -> Service:
    controller = service.controller
    for member, what in NEW_DEPLOYMENT_MEMBERS.items():
        if params.get(member) is not None:
            raise errors.InvalidParameterException(
                f"Unable to update {what} on services with {_a(controller)} deployment "
                f"controller. {INSTEAD[controller]}"
            )
    if params.get("forceNewDeployment"):
        raise errors.InvalidParameterException(
            f"Cannot force a new deployment on services with {_a(controller)} deployment "
            f"controller. {INSTEAD[controller]}"
        )
    desired = params.get("desiredCount")
    if desired is not None and desired < 0:
        raise errors.InvalidParameterException("Desired count must be at least 0.")
    configuration = _configuration(params, service.configuration)
    placement_params = {
        "placementConstraints": params.get("placementConstraints", service.placement_constraints),
        "placementStrategy": params.get("placementStrategy", service.placement_strategy),
    }
    fargate = any(
        s.revision.launch_type == "FARGATE" for s in service.task_sets if s.status != DRAINING
    )
    constraints, strategies = config.placement_of(placement_params, "FARGATE" if fargate else None)
    grace = params.get("healthCheckGracePeriodSeconds")
    config.check_grace_period(grace)
    config.check_propagate_tags(params.get("propagateTags"))
    # everything is checked: change the service
    service.configuration = configuration
    service.placement_constraints, service.placement_strategy = constraints, strategies
    if grace is not None:
        service.health_check_grace_period = grace
    if params.get("propagateTags") is not None:
        service.propagate_tags = params["propagateTags"]
    if params.get("enableExecuteCommand") is not None:
        service.enable_execute_command = params["enableExecuteCommand"]
    if params.get("availabilityZoneRebalancing") is not None:
        service.availability_zone_rebalancing = rebalancing_setting(
            params["availabilityZoneRebalancing"], "REPLICA", service.controller, []
        )
    if desired is not None:
        service.desired_count = desired
    store.scheduler.wake(service)
    return service


def _a(controller: str) -> str:
    return f"an {controller}" if controller == "EXTERNAL" else f"a {controller}"


def _code_deploy_revision(
    store: ServiceStore, cluster: Cluster, params: dict[str, Any]
) -> Revision:
    placed = bool(params.get("placementConstraints") or params.get("placementStrategy"))
    revision = task_set_revision(store, cluster, params, placed)
    if not revision.load_balancers:
        raise errors.InvalidParameterException(
            "A service with the CODE_DEPLOY deployment controller needs a load balancer: give "
            "loadBalancers with the target group of an Application or Network Load Balancer."
        )
    return revision


def _configuration(
    params: dict[str, Any], current: DeploymentConfiguration | None
) -> DeploymentConfiguration:
    given = params.get("deploymentConfiguration") or {}
    breaker = given.get("deploymentCircuitBreaker") or {}
    if breaker.get("enable") or breaker.get("rollback"):
        raise errors.InvalidParameterException(
            "The deployment circuit breaker is only supported for services with the ECS "
            "deployment controller."
        )
    return config.parse_deployment_configuration(given or None, current, "REPLICA")


def _role(store: ServiceStore, role: str) -> str:
    context = store.context
    return resolve_role(role, partition=context.partition, account=context.account_id)
