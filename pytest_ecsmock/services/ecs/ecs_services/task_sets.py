"""Task sets: what services with the EXTERNAL or CODE_DEPLOY deployment controller run.

A service of those controllers keeps no rolling ``deployments``; its tasks belong to
task sets, each a revision (task definition, launch settings, load balancer) kept at
``computedDesiredCount = ceil(desiredCount * scale / 100)`` tasks by the scheduler
(:mod:`.task_set_scheduler`). A task set is a :class:`Deployment`, so the scheduler
starts, follows and stops its tasks as it does a deployment's.

DescribeServices shows the settings of the PRIMARY task set as the service's own (with
none, ``launchType`` EC2 and no task definition) and the task sets in ``taskSets``.
"""

from __future__ import annotations

import copy
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs.ecs_services.model import (
    ACTIVE,
    DRAINING,
    INACTIVE,
    PRIMARY,
    Deployment,
    revision_fields,
)
from pytest_ecsmock.services.ecs.tags import tag_list
from pytest_ecsmock.services.ecs.usage import ClusterUsage

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.ecs_services.model import Service
    from pytest_ecsmock.services.ecs.ecs_services.store import ServiceStore

STEADY_STATE, STABILIZING = "STEADY_STATE", "STABILIZING"
#: the launch type a service without a PRIMARY task set shows
LAUNCH_TYPE_WITHOUT_PRIMARY = "EC2"


@dataclass
class TaskSet(Deployment):
    """One task set; ``desired_count`` is its ``computedDesiredCount`` (set by the
    scheduler's pass) and ``status`` PRIMARY, ACTIVE or DRAINING."""

    arn: str = ""
    external_id: str | None = None
    started_by: str | None = None
    #: percent of the service's desiredCount
    scale: float = 100.0
    stability_status: str = STABILIZING
    stability_status_at: datetime | None = None
    tags: dict[str, str] = field(default_factory=dict)
    #: the CreateTaskSet clientToken that made it (a repeat answers with this task set)
    client_token: str | None = None

    def computed_count(self, service: Service) -> int:
        """What the task set should run now: nothing while it or its service drains."""
        if self.status == DRAINING or service.status != ACTIVE:
            return 0
        return computed_desired_count(service.desired_count, self.scale)

    def describe_set(self, service: Service, with_tags: bool) -> dict[str, Any]:
        revision = self.revision
        answer: dict[str, Any] = {
            "id": self.id,
            "taskSetArn": self.arn,
            "serviceArn": service.arn,
            "clusterArn": service.cluster.arn,
            "status": self.status,
            "taskDefinition": revision.definition.arn,
            "computedDesiredCount": self.desired_count,
            "pendingCount": self.pending_count(),
            "runningCount": self.running_count(),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at or self.created_at,
        }
        if self.started_by is not None:
            answer["startedBy"] = self.started_by
        if self.external_id is not None:
            answer["externalId"] = self.external_id
        answer.update(revision_fields(revision))
        answer["loadBalancers"] = [link.describe() for link in revision.load_balancers]
        answer["serviceRegistries"] = []
        answer["scale"] = {"value": self.scale, "unit": "PERCENT"}
        answer["stabilityStatus"] = self.stability_status
        answer["stabilityStatusAt"] = self.stability_status_at or self.created_at
        if with_tags:
            answer["tags"] = tag_list(self.tags)
        return answer


def computed_desired_count(desired_count: int, scale: float) -> int:
    """``ceil(desiredCount * scale / 100)``, exact for the decimal scale given."""
    return math.ceil(Decimal(str(scale)) * desired_count / 100)


def primary_task_set(service: Service) -> TaskSet | None:
    return next((task_set for task_set in service.task_sets if task_set.status == PRIMARY), None)


def launch_type_shown(service: Service) -> str | None:
    """The ``launchType`` a service shows (ListServices filters on it): its newest
    deployment's, or for task sets the PRIMARY one's (EC2 without one)."""
    if service.controller == "ECS":
        return service.primary.revision.launch_type_shown
    primary = primary_task_set(service)
    if primary is None:
        return LAUNCH_TYPE_WITHOUT_PRIMARY
    return primary.revision.launch_type_shown


# ---------------------------------------------------------------------- DescribeServices


def describe_service(service: Service, include: frozenset[str]) -> dict[str, Any]:
    """A service with the EXTERNAL or CODE_DEPLOY controller as DescribeServices shows
    it: the PRIMARY task set's settings, the task sets, no rolling deployments."""
    answer: dict[str, Any] = {
        "serviceArn": service.arn,
        "serviceName": service.name,
        "clusterArn": service.cluster.arn,
        "loadBalancers": [],
        "serviceRegistries": [],
        "status": service.status,
        "desiredCount": service.desired_count,
        "runningCount": sum(task_set.running_count() for task_set in service.task_sets),
        "pendingCount": sum(task_set.pending_count() for task_set in service.task_sets),
        "deploymentConfiguration": {
            "maximumPercent": service.configuration.maximum_percent,
            "minimumHealthyPercent": service.configuration.minimum_healthy_percent,
        },
        "taskSets": [task_set.describe_set(service, True) for task_set in service.task_sets],
        "events": [dict(event) for event in service.events],
        "createdAt": service.created_at,
        "placementConstraints": copy.deepcopy(service.placement_constraints),
        "placementStrategy": copy.deepcopy(service.placement_strategy),
        "schedulingStrategy": service.scheduling_strategy,
        "deploymentController": {"type": service.controller},
        "createdBy": service.created_by,
        "enableECSManagedTags": False,
        "propagateTags": service.propagate_tags,
        "enableExecuteCommand": service.enable_execute_command,
        "availabilityZoneRebalancing": service.availability_zone_rebalancing,
    }
    if service.controller == "EXTERNAL":
        answer["deployments"] = []
    primary = primary_task_set(service)
    if primary is None:
        answer["launchType"] = LAUNCH_TYPE_WITHOUT_PRIMARY
    else:
        revision = primary.revision
        answer["taskDefinition"] = revision.definition.arn
        answer["loadBalancers"] = [link.describe() for link in revision.load_balancers]
        answer.update(revision_fields(revision))
        if revision.load_balancers:
            answer["healthCheckGracePeriodSeconds"] = service.health_check_grace_period
    if service.role_arn is not None:
        answer["roleArn"] = service.role_arn
    if "TAGS" in include:
        answer["tags"] = tag_list(service.tags)
    return answer


# ---------------------------------------------------------------------- usage


def register_usage(store: ServiceStore) -> None:
    """Count the services with task sets for their clusters, and their task sets'
    task definitions as in use (the store counts the services with deployments)."""
    usage = store.ecs.usage
    usage.add_cluster_source(lambda cluster: _cluster_usage(store, cluster))
    usage.add_task_definition_source(lambda arn: _uses_definition(store, arn))


def _cluster_usage(store: ServiceStore, cluster: Cluster) -> ClusterUsage:
    active: Counter[str] = Counter()
    draining: Counter[str] = Counter()
    providers: set[str] = set()
    for service in store.services.values():
        if service.cluster is not cluster or service.controller == "ECS":
            continue
        if service.status == INACTIVE:
            continue
        primary = primary_task_set(service)
        launch_type = LAUNCH_TYPE_WITHOUT_PRIMARY
        if primary is not None:
            launch_type = primary.revision.launch_type
        (active if service.status == ACTIVE else draining)[launch_type] += 1
        for task_set in service.task_sets:
            providers.update(item["capacityProvider"] for item in task_set.revision.strategy)
    return ClusterUsage(
        active_services=active, draining_services=draining, capacity_providers_in_use=providers
    )


def _uses_definition(store: ServiceStore, arn: str) -> bool:
    return any(
        task_set.definition.arn == arn
        for service in store.services.values()
        if service.status != INACTIVE
        for task_set in service.task_sets
    )
