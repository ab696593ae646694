"""A task and its containers, as DescribeTasks shows them."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs.tags import tag_list
from pytest_ecsmock.services.ecs.tasks.container_health import task_health
from pytest_ecsmock.services.ecs.tasks.images import NORMAL, ImageBehaviour

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.container_instances import ContainerInstance
    from pytest_ecsmock.services.ecs.task_definitions import TaskDefinition
    from pytest_ecsmock.services.ecs.tasks.container_health import HealthChecks
    from pytest_ecsmock.services.network.records import NetworkInterface

#: lastStatus values of a task that still lives (not STOPPED)
STOPPED = "STOPPED"


@dataclass(eq=False)
class TaskContainer:
    name: str
    arn: str
    image: str
    cpu: int
    memory: int | None
    memory_reservation: int | None
    essential: bool
    #: ``{containerPort, hostPort, protocol}`` of each binding, shown while RUNNING
    bindings: list[dict[str, Any]] = field(default_factory=list)
    last_status: str = "PENDING"
    exit_code: int | None = None
    reason: str | None = None
    runtime_id: str | None = None
    image_digest: str | None = None
    #: managed agent name -> ``{name, lastStatus, reason, lastStartedAt}`` as reported
    managed_agents: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: how its image behaves, as it was when the task was run
    behaviour: ImageBehaviour = NORMAL
    health_status: str = "UNKNOWN"
    #: its health check's progress (None: no health check, or it has not run yet)
    health_checks: HealthChecks | None = None

    def describe(self, task: Task) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "containerArn": self.arn,
            "taskArn": task.arn,
            "name": self.name,
            "image": self.image,
            "lastStatus": self.last_status,
            "networkBindings": [
                {"bindIP": "0.0.0.0", **binding}
                for binding in (self.bindings if self.last_status == "RUNNING" else [])
            ],
            "networkInterfaces": task.container_interfaces(),
            "healthStatus": self.health_status,
            "cpu": str(self.cpu),
        }
        if self.memory is not None:
            answer["memory"] = str(self.memory)
        if self.memory_reservation is not None:
            answer["memoryReservation"] = str(self.memory_reservation)
        if self.runtime_id is not None:
            answer["runtimeId"] = self.runtime_id
        if self.image_digest is not None:
            answer["imageDigest"] = self.image_digest
        if self.managed_agents:
            answer["managedAgents"] = [dict(agent) for agent in self.managed_agents.values()]
        if self.exit_code is not None:
            answer["exitCode"] = self.exit_code
        if self.reason is not None:
            answer["reason"] = self.reason
        return answer


@dataclass(eq=False)
class Task:
    task_id: str
    arn: str
    cluster: Cluster
    definition: TaskDefinition
    launch_type: str
    group: str
    cpu: int
    memory: int
    created_at: datetime
    containers: list[TaskContainer]
    availability_zone: str
    architecture: str = "x86_64"
    capacity_provider: str | None = None
    instance: ContainerInstance | None = None
    started_by: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    reference_id: str | None = None
    enable_execute_command: bool = False
    platform_version: str | None = None
    #: the task's ENI (awsvpc network mode) and its attachment id
    interface: NetworkInterface | None = None
    attachment_id: str | None = None
    attachment_status: str = "PRECREATED"
    last_status: str = "PENDING"
    desired_status: str = "RUNNING"
    version: int = 1
    times: dict[str, datetime] = field(default_factory=dict)
    stop_code: str | None = None
    stopped_reason: str | None = None
    #: creation order in the account and region (ListTasks order)
    sequence: int = 0
    #: the service that started the task (None: a standalone task); services set it
    service_name: str | None = None
    protected: bool = False
    protected_until: datetime | None = None
    #: ExecuteCommand sessions opened: ``{sessionId, container, command}`` (none ran)
    sessions: list[dict[str, str]] = field(default_factory=list)

    @property
    def live(self) -> bool:
        return self.last_status != STOPPED

    @property
    def health_status(self) -> str:
        """HEALTHY, UNHEALTHY or UNKNOWN, from its essential containers."""
        return task_health(self)

    @property
    def awsvpc(self) -> bool:
        return self.definition.network_mode == "awsvpc"

    def container_interfaces(self) -> list[dict[str, Any]]:
        if self.interface is None or self.attachment_id is None:
            return []
        return [
            {
                "attachmentId": self.attachment_id,
                "privateIpv4Address": self.interface.private_ip_address,
            }
        ]

    def _attachments(self) -> list[dict[str, Any]]:
        if self.interface is None or self.attachment_id is None:
            return []
        interface = self.interface
        details = [
            ("subnetId", interface.subnet_id),
            ("networkInterfaceId", interface.interface_id),
            ("macAddress", interface.mac_address),
            ("privateDnsName", interface.private_dns_name),
            ("privateIPv4Address", interface.private_ip_address),
        ]
        return [
            {
                "id": self.attachment_id,
                "type": "ElasticNetworkInterface",
                "status": self.attachment_status,
                "details": [{"name": name, "value": value} for name, value in details],
            }
        ]

    def describe(self, include: frozenset[str] = frozenset()) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "taskArn": self.arn,
            "clusterArn": self.cluster.arn,
            "taskDefinitionArn": self.definition.arn,
            "attachments": self._attachments(),
            "attributes": [{"name": "ecs.cpu-architecture", "value": self.architecture}],
            "containers": [container.describe(self) for container in self.containers],
            "cpu": str(self.cpu),
            "memory": str(self.memory),
            "createdAt": self.created_at,
            "desiredStatus": self.desired_status,
            "lastStatus": self.last_status,
            "enableExecuteCommand": self.enable_execute_command,
            "group": self.group,
            "healthStatus": self.health_status,
            "launchType": self.launch_type,
            "overrides": copy.deepcopy(self.overrides),
            "version": self.version,
            "tags": tag_list(self.tags) if "TAGS" in include else [],
        }
        if self.availability_zone:  # none while it waits for an instance
            answer["availabilityZone"] = self.availability_zone
        if self.instance is not None:
            answer["containerInstanceArn"] = self.instance.arn
        if self.capacity_provider is not None:
            answer["capacityProviderName"] = self.capacity_provider
        if self.platform_version is not None:
            answer["platformVersion"] = self.platform_version
            answer["platformFamily"] = "Linux"
            answer["ephemeralStorage"] = {"sizeInGiB": 20}
        if self.started_by is not None:
            answer["startedBy"] = self.started_by
        if "connectivityAt" in self.times:
            answer["connectivity"] = "CONNECTED"
        answer.update(self.times)
        if self.stop_code is not None:
            answer["stopCode"] = self.stop_code
        if self.stopped_reason is not None:
            answer["stoppedReason"] = self.stopped_reason
        return answer
