"""The services of one account and region: create, find, describe, list, update and
delete them, and what they count for their cluster and task definitions.

Moving tasks is the scheduler's part (:mod:`.scheduler`); the store asks it to look
at a service again after every change.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import own_resource, parse_ecs_arn
from pytest_ecsmock.services.ecs.ecs_services import config
from pytest_ecsmock.services.ecs.ecs_services.model import (
    ACTIVE,
    DRAINING,
    INACTIVE,
    Deployment,
    DeploymentConfiguration,
    Service,
)
from pytest_ecsmock.services.ecs.ecs_services.rebalancing import setting as rebalancing_setting
from pytest_ecsmock.services.ecs.ecs_services.scheduler import Scheduler
from pytest_ecsmock.services.ecs.ecs_services.task_set_services import (
    create_service,
    update_service,
)
from pytest_ecsmock.services.ecs.ecs_services.task_sets import launch_type_shown, register_usage
from pytest_ecsmock.services.ecs.params import check_at_most, check_enum, check_enums, page
from pytest_ecsmock.services.ecs.tags import parse_tags
from pytest_ecsmock.services.ecs.usage import ClusterUsage

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.ecs_services.config import Revision

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,254}\Z")
NOT_FOUND = "Service not found."
NOT_ACTIVE = "Service was not ACTIVE."
NOT_IDEMPOTENT = "Creation of service was not idempotent."
MAX_DESCRIBE = 10
SERVICE_FIELDS = ("TAGS",)
SCHEDULING = ("REPLICA", "DAEMON")
CONTROLLERS = ("ECS", "CODE_DEPLOY", "EXTERNAL")
#: how long an INACTIVE service can still be described
FORGET_AFTER_SECONDS = 3600.0


class ServiceStore:
    def __init__(self, ecs: EcsBackend) -> None:
        self.ecs = ecs
        self.context = ecs.context
        #: (cluster ARN, service name) -> the newest service of that name
        self.services: dict[tuple[str, str], Service] = {}
        self.created = 0
        self.scheduler = Scheduler(self)
        ecs.usage.add_cluster_source(self._cluster_usage)
        ecs.usage.add_task_definition_source(self._uses_definition)
        register_usage(self)  # the services with task sets
        ecs.tasks.service_name_of = lambda cluster, reference: self.get(cluster, reference).name

    def arn(self, cluster: Cluster, name: str) -> str:
        return self.context.arn(f"service/{cluster.name}/{name}")

    # ------------------------------------------------------------------ usage

    def _cluster_usage(self, cluster: Cluster) -> ClusterUsage:
        active: Counter[str] = Counter()
        draining: Counter[str] = Counter()
        providers: set[str] = set()
        for service in self.services.values():
            if service.cluster is not cluster or service.status == INACTIVE:
                continue
            if service.controller != "ECS":
                continue  # counted by task_sets.register_usage
            revision = service.primary.revision
            (active if service.status == ACTIVE else draining)[revision.launch_type] += 1
            providers.update(item["capacityProvider"] for item in revision.strategy)
        return ClusterUsage(
            active_services=active, draining_services=draining, capacity_providers_in_use=providers
        )

    def _uses_definition(self, arn: str) -> bool:
        return any(
            deployment.definition.arn == arn
            for service in self.services.values()
            if service.status != INACTIVE
            for deployment in service.deployments
        )

    # ------------------------------------------------------------------ finding

    def find(self, cluster: Cluster, reference: str) -> Service | None:
        resource = own_resource(reference, "service", self.context)
        if resource is None:
            return None
        cluster_name, slash, name = resource.rpartition("/")
        if slash and cluster_name != cluster.name:
            return None
        return self.services.get((cluster.arn, name))

    def find_by_arn(self, arn: str) -> Service | None:
        parsed = parse_ecs_arn(arn)
        if parsed is None or parsed.resource_type != "service":
            return None
        cluster_name, _, name = parsed.resource.rpartition("/")
        cluster = self.ecs.clusters.lookup(cluster_name)
        if cluster is None:
            return None
        found = self.services.get((cluster.arn, name))
        return found if found is not None and found.arn == arn else None

    def get(self, cluster: Cluster, reference: str) -> Service:
        found = self.find(cluster, reference)
        if found is None:
            raise errors.ServiceNotFoundException(NOT_FOUND)
        return found

    def get_active(self, cluster: Cluster, reference: str) -> Service:
        found = self.get(cluster, reference)
        if found.status != ACTIVE:
            raise errors.ServiceNotActiveException(NOT_ACTIVE)
        return found

    # ------------------------------------------------------------------ operations

    def create(self, params: dict[str, Any]) -> Service:
        ecs = self.ecs
        cluster = ecs.cluster(params.get("cluster"))
        name = params["serviceName"]
        if not NAME.match(name):
            raise errors.InvalidParameterException(
                "Service name must be 1 to 255 letters, numbers, hyphens and underscores, "
                "starting with a letter."
            )
        existing = self.services.get((cluster.arn, name))
        if existing is not None and existing.status != INACTIVE:
            token = params.get("clientToken")
            if token is not None and token == existing.client_token:
                return existing  # a retry of the call that created it
            raise errors.InvalidParameterException(NOT_IDEMPOTENT)
        config.refuse_unsupported(params)
        scheduling = params.get("schedulingStrategy", "REPLICA")
        check_enum(scheduling, SCHEDULING, "schedulingStrategy")
        controller = (params.get("deploymentController") or {}).get("type", "ECS")
        check_enum(controller, CONTROLLERS, "deploymentController.type")
        if controller != "ECS":  # task sets: see task_set_services.py
            return create_service(self, cluster, name, params, controller)
        if params.get("taskDefinition") is None:
            raise errors.InvalidParameterException(
                "Task definition must be specified for a service with the ECS deployment "
                "controller."
            )
        desired = config.desired_count(params, scheduling)
        revision = config.parse_revision(ecs, cluster, params, None)
        if scheduling == "DAEMON" and revision.launch_type == "FARGATE":
            raise errors.InvalidParameterException(
                "The daemon scheduling strategy does not support the FARGATE launch type."
            )
        configuration = config.parse_deployment_configuration(
            params.get("deploymentConfiguration"), None, scheduling
        )
        constraints, strategies = config.placement_of(params, revision.launch_type, scheduling)
        rebalance = rebalancing_setting(
            params.get("availabilityZoneRebalancing"), scheduling, controller, strategies
        )
        config.check_grace_period(params.get("healthCheckGracePeriodSeconds"))
        config.check_propagate_tags(params.get("propagateTags"))
        role_arn = config.service_role(self.context, params, revision)
        config.check_roles(self.context, revision)
        tags = parse_tags(params.get("tags"))
        service = self.add(
            cluster,
            params,
            scheduling=scheduling,
            controller=controller,
            configuration=configuration,
            placement=(constraints, strategies),
            desired=desired,
            role_arn=role_arn,
            tags=tags,
            rebalance=rebalance,
        )
        self.start_deployment(service, revision)
        return service

    def add(
        self,
        cluster: Cluster,
        params: dict[str, Any],
        *,
        scheduling: str,
        controller: str,
        configuration: DeploymentConfiguration,
        placement: tuple[list[dict[str, Any]], list[dict[str, Any]]],
        desired: int,
        role_arn: str | None,
        tags: dict[str, str],
        rebalance: str,
    ) -> Service:
        """Keep the new service a checked CreateService asks for (``params`` gives the
        members that are kept as they were given)."""
        context = self.context
        name = params["serviceName"]
        self.created += 1
        service = Service(
            name=name,
            arn=self.arn(cluster, name),
            cluster=cluster,
            created_at=context.clock.now(),
            scheduling_strategy=scheduling,
            controller=controller,
            configuration=configuration,
            placement_constraints=placement[0],
            placement_strategy=placement[1],
            health_check_grace_period=params.get("healthCheckGracePeriodSeconds", 0),
            propagate_tags=params.get("propagateTags", "NONE"),
            enable_execute_command=bool(params.get("enableExecuteCommand", False)),
            availability_zone_rebalancing=rebalance,
            created_by=f"arn:{context.partition}:iam::{context.account_id}:root",
            desired_count=desired,
            role_arn=role_arn,
            tags=tags,
            sequence=self.created,
            client_token=params.get("clientToken"),
        )
        self.services[(cluster.arn, name)] = service
        return service

    def start_deployment(
        self, service: Service, revision: Revision, rolled_back_from: str | None = None
    ) -> Deployment:
        """Start a deployment of ``revision``: it becomes PRIMARY, the others ACTIVE."""
        now = self.context.clock.now()
        number = self.context.ids.digits(19)
        path = f"{service.cluster.name}/{service.name}/{number}"
        deployment = Deployment(
            id=f"ecs-svc/{number}",
            revision=revision,
            created_at=now,
            service_deployment_arn=self.context.arn(f"service-deployment/{path}"),
            service_revision_arn=self.context.arn(f"service-revision/{path}"),
            desired_count=service.desired_count,
            rolled_back_from=rolled_back_from,
        )
        for older in service.deployments:
            older.status = "ACTIVE"
            older.updated_at = now
        service.deployments.insert(0, deployment)
        service.history.append(deployment)
        self.scheduler.deployment_started(service, deployment)
        return deployment

    def describe(
        self, cluster: Cluster, references: list[str], include: list[str] | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        if not references:
            raise errors.InvalidParameterException("Services cannot be empty.")
        check_at_most(references, MAX_DESCRIBE, "services")
        check_enums(include or [], SERVICE_FIELDS, "include")
        view = frozenset(include or [])
        found, failures = [], []
        for reference in references:
            service = self.find(cluster, reference)
            if service is None:
                arn = reference if reference.startswith("arn:") else self.arn(cluster, reference)
                failures.append({"arn": arn, "reason": "MISSING"})
            else:
                found.append(service.describe(view))
        return found, failures

    def list_arns(self, cluster: Cluster, params: dict[str, Any]) -> tuple[list[str], str | None]:
        launch_type = params.get("launchType")
        if launch_type is not None:
            check_enum(launch_type, config.LAUNCH_TYPES, "launchType")
        scheduling = params.get("schedulingStrategy")
        if scheduling is not None:
            check_enum(scheduling, SCHEDULING, "schedulingStrategy")
        management = params.get("resourceManagementType")
        if management is not None:
            check_enum(management, ("CUSTOMER", "ECS"), "resourceManagementType")
        chosen = [
            service
            for service in self.services.values()
            if service.cluster is cluster
            and service.status == ACTIVE
            and (launch_type is None or launch_type_shown(service) == launch_type)
            and (scheduling is None or service.scheduling_strategy == scheduling)
            and management in (None, "CUSTOMER")
        ]
        chosen.sort(key=lambda service: service.sequence)
        services, token = page(chosen, params, key=lambda s: f"{s.sequence:010d}", default=10)
        return [service.arn for service in services], token

    def update(self, params: dict[str, Any]) -> Service:
        cluster = self.ecs.cluster(params.get("cluster"))
        service = self.get_active(cluster, params["service"])
        config.refuse_unsupported(params)
        controller = (params.get("deploymentController") or {}).get("type")
        if controller not in (None, service.controller):
            raise errors.InvalidParameterException(
                "Changing the deployment controller of a service is not supported by "
                "pytest-ecsmock yet."
            )
        if service.controller != "ECS":  # task sets: see task_set_services.py
            return update_service(self, service, params)
        desired = params.get("desiredCount")
        if desired is not None:
            if service.scheduling_strategy == "DAEMON":
                raise errors.InvalidParameterException(
                    "The daemon scheduling strategy does not support a desired count for services."
                )
            if desired < 0:
                raise errors.InvalidParameterException("Desired count must be at least 0.")
        current = service.primary.revision
        revision = config.parse_revision(self.ecs, cluster, params, current)
        configuration = config.parse_deployment_configuration(
            params.get("deploymentConfiguration"),
            service.configuration,
            service.scheduling_strategy,
        )
        placement_params = {
            "placementConstraints": params.get(
                "placementConstraints", service.placement_constraints
            ),
            "placementStrategy": params.get("placementStrategy", service.placement_strategy),
        }
        constraints, strategies = config.placement_of(
            placement_params, revision.launch_type, service.scheduling_strategy
        )
        grace = params.get("healthCheckGracePeriodSeconds")
        config.check_grace_period(grace)
        config.check_propagate_tags(params.get("propagateTags"))
        if revision.definition is not current.definition:
            config.check_roles(self.context, revision)
        rebalance = rebalancing_setting(
            params.get("availabilityZoneRebalancing", service.availability_zone_rebalancing),
            service.scheduling_strategy,
            service.controller,
            strategies,
            explicit=params.get("availabilityZoneRebalancing") is not None,
        )
        # everything is checked: change the service
        service.configuration = configuration
        service.placement_constraints, service.placement_strategy = constraints, strategies
        if grace is not None:
            service.health_check_grace_period = grace
        if params.get("propagateTags") is not None:
            service.propagate_tags = params["propagateTags"]
        if params.get("enableExecuteCommand") is not None:
            service.enable_execute_command = params["enableExecuteCommand"]
        service.availability_zone_rebalancing = rebalance
        if desired is not None:
            service.desired_count = desired
            service.primary.desired_count = desired
        if revision != current or params.get("forceNewDeployment"):
            self.start_deployment(service, revision)
        else:
            self.scheduler.wake(service)
        return service

    def delete(self, params: dict[str, Any]) -> Service:
        cluster = self.ecs.cluster(params.get("cluster"))
        service = self.get(cluster, params["service"])
        if service.status != ACTIVE:
            if service.status == INACTIVE:
                raise errors.ServiceNotActiveException(NOT_ACTIVE)
            return service
        force = bool(params.get("force"))
        if not force and service.scheduling_strategy == "REPLICA" and service.desired_count > 0:
            raise errors.InvalidParameterException(
                "The service cannot be stopped while it is scaled above 0."
            )
        service.status = DRAINING
        service.desired_count = 0
        for deployment in service.deployments:
            deployment.desired_count = 0
        self.scheduler.wake(service)
        return service

    def deactivated(self, service: Service) -> None:
        """The scheduler found a DRAINING service without tasks: it is INACTIVE now."""
        service.status = INACTIVE
        key = (service.cluster.arn, service.name)
        self.context.clock.call_later(FORGET_AFTER_SECONDS, lambda: self._forget(key, service))

    def _forget(self, key: tuple[str, str], service: Service) -> None:
        if self.services.get(key) is service and service.status == INACTIVE:
            del self.services[key]
