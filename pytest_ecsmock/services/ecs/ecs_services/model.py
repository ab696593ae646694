"""A service, its deployments and its events, as DescribeServices shows them.

A deployment owns the tasks it started (``tasks``, by ARN); the scheduler
(:mod:`.scheduler`) moves them. Counts are computed from the tasks when asked.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs.tags import tag_list

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.ecs_services.config import Revision
    from pytest_ecsmock.services.ecs.ecs_services.task_sets import TaskSet
    from pytest_ecsmock.services.ecs.task_definitions import TaskDefinition
    from pytest_ecsmock.services.ecs.tasks import Task

ACTIVE, DRAINING, INACTIVE = "ACTIVE", "DRAINING", "INACTIVE"
PRIMARY = "PRIMARY"
IN_PROGRESS, COMPLETED, FAILED = "IN_PROGRESS", "COMPLETED", "FAILED"
#: task lastStatus values that count against maximumPercent ("RUNNING or PENDING")
STARTING = ("PROVISIONING", "PENDING", "ACTIVATING")


@dataclass(frozen=True)
class LoadBalancerLink:
    """One entry of ``loadBalancers``: where the tasks of a deployment are registered."""

    target_group_arn: str
    container_name: str
    container_port: int

    def describe(self) -> dict[str, Any]:
        return {
            "targetGroupArn": self.target_group_arn,
            "containerName": self.container_name,
            "containerPort": self.container_port,
        }


@dataclass
class DeploymentConfiguration:
    maximum_percent: int = 200
    minimum_healthy_percent: int = 100
    circuit_breaker: bool = False
    rollback: bool = False

    def describe(self) -> dict[str, Any]:
        return {
            "deploymentCircuitBreaker": {"enable": self.circuit_breaker, "rollback": self.rollback},
            "maximumPercent": self.maximum_percent,
            "minimumHealthyPercent": self.minimum_healthy_percent,
            "strategy": "ROLLING",
        }


@dataclass
class Deployment:
    """What a service runs (a revision: the task definition and its launch settings)
    and the tasks started for it."""

    id: str
    revision: Revision
    created_at: datetime
    #: ARNs of the deployment and of its revision (ListServiceDeployments and friends)
    service_deployment_arn: str = ""
    service_revision_arn: str = ""
    status: str = PRIMARY
    desired_count: int = 0
    rollout_state: str = IN_PROGRESS
    rollout_state_reason: str = ""
    updated_at: datetime | None = None
    finished_at: datetime | None = None
    #: tasks of this deployment that failed: did not start, exited, failed health checks
    failed_tasks: int = 0
    #: the circuit breaker's stage: 1 until a task of the deployment runs (the count of
    #: failures starts again then), 2 after (health check failures count too)
    breaker_stage: int = 1
    #: the tasks this deployment started that have not STOPPED yet
    tasks: dict[str, Task] = field(default_factory=dict)
    #: a rollback: the id of the deployment that failed
    rolled_back_from: str | None = None
    #: when StopServiceDeployment asked to stop it (and roll it back)
    stopped_at: datetime | None = None

    @property
    def definition(self) -> TaskDefinition:
        return self.revision.definition

    def running_count(self) -> int:
        return sum(1 for task in self.tasks.values() if task.last_status == "RUNNING")

    def pending_count(self) -> int:
        return sum(1 for task in self.tasks.values() if task.last_status in STARTING)

    def describe(self) -> dict[str, Any]:
        revision = self.revision
        answer: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "taskDefinition": revision.definition.arn,
            "desiredCount": self.desired_count,
            "pendingCount": self.pending_count(),
            "runningCount": self.running_count(),
            "failedTasks": self.failed_tasks,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at or self.created_at,
            "rolloutState": self.rollout_state,
        }
        if self.rollout_state_reason:
            answer["rolloutStateReason"] = self.rollout_state_reason
        answer.update(revision_fields(revision))
        return answer


def revision_fields(revision: Revision) -> dict[str, Any]:
    """The launch settings a service and its deployments show."""
    answer: dict[str, Any] = {}
    if revision.strategy:
        answer["capacityProviderStrategy"] = copy.deepcopy(revision.strategy)
    else:
        answer["launchType"] = revision.launch_type
    if revision.platform_version is not None:
        answer["platformVersion"] = revision.platform_version
        answer["platformFamily"] = "Linux"
    network = revision.network_configuration()
    if network is not None:
        answer["networkConfiguration"] = network
    return answer


@dataclass
class Service:
    name: str
    arn: str
    cluster: Cluster
    created_at: datetime
    scheduling_strategy: str
    controller: str
    configuration: DeploymentConfiguration
    placement_constraints: list[dict[str, Any]]
    placement_strategy: list[dict[str, Any]]
    health_check_grace_period: int
    propagate_tags: str
    enable_execute_command: bool
    availability_zone_rebalancing: str
    created_by: str
    desired_count: int = 0
    role_arn: str | None = None
    status: str = ACTIVE
    tags: dict[str, str] = field(default_factory=dict)
    #: newest first; the PRIMARY one is first
    deployments: list[Deployment] = field(default_factory=list)
    #: every deployment ever started, oldest first (ListServiceDeployments)
    history: list[Deployment] = field(default_factory=list)
    #: EXTERNAL and CODE_DEPLOY controllers: the task sets (their tasks), oldest first
    task_sets: list[TaskSet] = field(default_factory=list)
    #: ``{id, createdAt, message}``, newest first
    events: list[dict[str, Any]] = field(default_factory=list)
    #: creation order in the account and region (ListServices order)
    sequence: int = 0
    #: the scheduler found it steady (and said so in an event) since its last change
    steady: bool = False
    #: Availability Zone rebalancing is under way (see rebalancing.py)
    rebalancing: bool = False
    #: CreateService's ``clientToken``: the same call again returns this service
    client_token: str | None = None

    @property
    def primary(self) -> Deployment:
        return self.deployments[0]

    def tasks(self) -> list[Task]:
        return [
            task
            for deployment in [*self.deployments, *self.task_sets]
            for task in deployment.tasks.values()
        ]

    def describe(self, include: frozenset[str] = frozenset()) -> dict[str, Any]:
        if self.controller != "ECS":  # no deployments: task sets (see task_sets.py)
            from pytest_ecsmock.services.ecs.ecs_services.task_sets import describe_service

            return describe_service(self, include)
        primary = self.primary
        answer: dict[str, Any] = {
            "serviceArn": self.arn,
            "serviceName": self.name,
            "clusterArn": self.cluster.arn,
            "loadBalancers": [link.describe() for link in primary.revision.load_balancers],
            "serviceRegistries": [],
            "status": self.status,
            "desiredCount": self.desired_count,
            "runningCount": sum(d.running_count() for d in self.deployments),
            "pendingCount": sum(d.pending_count() for d in self.deployments),
            "taskDefinition": primary.definition.arn,
            "deploymentConfiguration": self.configuration.describe(),
            "deployments": [deployment.describe() for deployment in self.deployments],
            "events": [dict(event) for event in self.events],
            "createdAt": self.created_at,
            "placementConstraints": copy.deepcopy(self.placement_constraints),
            "placementStrategy": copy.deepcopy(self.placement_strategy),
            "schedulingStrategy": self.scheduling_strategy,
            "deploymentController": {"type": self.controller},
            "createdBy": self.created_by,
            "enableECSManagedTags": False,
            "propagateTags": self.propagate_tags,
            "enableExecuteCommand": self.enable_execute_command,
            "availabilityZoneRebalancing": self.availability_zone_rebalancing,
        }
        answer.update(revision_fields(primary.revision))
        answer["healthCheckGracePeriodSeconds"] = self.health_check_grace_period
        if self.role_arn is not None:
            answer["roleArn"] = self.role_arn
        if "TAGS" in include:
            answer["tags"] = tag_list(self.tags)
        return answer
