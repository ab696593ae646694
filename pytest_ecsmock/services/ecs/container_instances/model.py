"""A container instance: an EC2 instance whose ECS agent registered with a cluster.

It implements the placement engine's
:class:`~pytest_ecsmock.services.ecs.placement.candidate.Candidate`. What tasks use of
it is kept in ``tasks`` (one :class:`TaskOnInstance` per live task), which the task code
fills through :meth:`ContainerInstance.add_task` and empties through
:meth:`ContainerInstance.remove_task`; the remaining resources, the port and ENI
accounting and the running and pending counts are computed from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs.container_instances.agent_config import AgentConfig
from pytest_ecsmock.services.ecs.container_instances.instance_types import InstanceType
from pytest_ecsmock.services.ecs.tags import tag_list

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.clusters import Cluster

#: statuses a container instance is registered in (counted by the cluster)
REGISTERED = ("ACTIVE", "DRAINING")
#: agent update steps that mean an update is under way
UPDATING = ("PENDING", "STAGING", "STAGED", "UPDATING")


@dataclass
class TaskOnInstance:
    """What one live task takes of its container instance (filled by the task code)."""

    task_arn: str
    #: the task group (``family:web``, ``service:api``)
    group: str
    cpu: int = 0
    memory: int = 0
    #: fixed host ports (bridge and host network modes)
    tcp_ports: frozenset[int] = frozenset()
    udp_ports: frozenset[int] = frozenset()
    #: host ports given from the dynamic range (not shown in remainingResources)
    dynamic_ports: frozenset[int] = frozenset()
    #: takes an ENI of the instance (awsvpc network mode)
    uses_eni: bool = False
    desired_status: str = "RUNNING"
    last_status: str = "PENDING"


@dataclass
class RegisteredResources:
    cpu: int = 0
    memory: int = 0
    tcp_ports: tuple[int, ...] = ()
    udp_ports: tuple[int, ...] = ()
    #: GPU ids (resource ``GPU``), with ``platformDevices``
    gpus: tuple[str, ...] = ()


@dataclass(eq=False)
class ContainerInstance:
    """Compared and hashed by identity: one object per registered instance."""

    instance_id: str
    arn: str
    cluster: Cluster
    ec2_instance_id: str
    instance_type: InstanceType
    availability_zone: str
    subnet_id: str
    vpc_id: str
    image_id: str
    architecture: str
    os_type: str | None
    registered_at: datetime
    resources: RegisteredResources
    #: attribute name -> value (None for name-only attributes), agent's and ECS's first
    attributes: dict[str, str | None]
    version_info: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    platform_devices: list[dict[str, Any]] = field(default_factory=list)
    #: the agent settings of an instance joined with ``join_instance`` (None otherwise)
    agent_config: AgentConfig | None = None
    private_ip: str | None = None
    status: str = "ACTIVE"
    status_reason: str | None = None
    agent_connected: bool = True
    agent_update_status: str | None = None
    #: ``ecs.awsvpc-trunk-id``: the trunk interface, with ENI trunking
    trunk_interface_id: str | None = None
    trunk_attachment_id: str | None = None
    #: increases with every change ECS makes to the instance
    version: int = 1
    #: registration order in the account and region (ListContainerInstances order)
    sequence: int = 0
    tasks: dict[str, TaskOnInstance] = field(default_factory=dict)

    # ------------------------------------------------------------------ task hooks

    def add_task(self, task: TaskOnInstance) -> None:
        """The task code places a task here (its resources are taken at once)."""
        self.tasks[task.task_arn] = task
        self.version += 1

    def update_task(
        self, task_arn: str, *, last_status: str | None = None, desired_status: str | None = None
    ) -> None:
        """The task code reports a status change of a task placed here (KeyError for a
        task that is not)."""
        task = self.tasks[task_arn]
        if last_status is not None:
            task.last_status = last_status
        if desired_status is not None:
            task.desired_status = desired_status
        self.version += 1

    def remove_task(self, task_arn: str) -> TaskOnInstance | None:
        """The task stopped: its resources are free again."""
        removed = self.tasks.pop(task_arn, None)
        if removed is not None:
            self.version += 1
        return removed

    # ------------------------------------------------------------------ Candidate

    @property
    def agent_version(self) -> str:
        return self.version_info.get("agentVersion", "")

    @property
    def running_tasks_count(self) -> int:
        return sum(1 for t in self.tasks.values() if t.desired_status == "RUNNING")

    @property
    def pending_tasks_count(self) -> int:
        return sum(1 for t in self.tasks.values() if t.last_status == "PENDING")

    @property
    def remaining_cpu(self) -> int:
        return self.resources.cpu - sum(t.cpu for t in self.tasks.values())

    @property
    def remaining_memory(self) -> int:
        return self.resources.memory - sum(t.memory for t in self.tasks.values())

    @property
    def used_tcp_ports(self) -> Set[int]:
        return set(self.resources.tcp_ports).union(*(t.tcp_ports for t in self.tasks.values()))

    @property
    def used_udp_ports(self) -> Set[int]:
        return set(self.resources.udp_ports).union(*(t.udp_ports for t in self.tasks.values()))

    @property
    def dynamic_port_range(self) -> tuple[int, int]:
        if self.agent_config is not None:
            return self.agent_config.dynamic_port_range
        first, last = (49152, 65535) if self.os_type == "windows" else (32768, 60999)
        return first, last

    @property
    def dynamic_ports_in_use(self) -> Set[int]:
        return set().union(*(t.dynamic_ports for t in self.tasks.values()))

    @property
    def eni_capacity(self) -> int:
        """awsvpc tasks the instance can hold: trunk branches, or interfaces but one."""
        if self.trunk_interface_id is not None and self.instance_type.trunk_branches:
            return self.instance_type.trunk_branches
        return self.instance_type.awsvpc_task_limit

    @property
    def free_eni_slots(self) -> int:
        return self.eni_capacity - sum(1 for t in self.tasks.values() if t.uses_eni)

    @property
    def task_groups(self) -> Mapping[str, int]:
        """Tasks per group, of those not asked to stop (spread and distinctInstance count
        them; a stopping task still holds its resources)."""
        return Counter(t.group for t in self.tasks.values() if t.desired_status == "RUNNING")

    # ------------------------------------------------------------------ answers

    @property
    def registered(self) -> bool:
        return self.status in REGISTERED

    def describe(self, include: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The ``ContainerInstance`` of DescribeContainerInstances and friends."""
        answer: dict[str, Any] = {
            "containerInstanceArn": self.arn,
            "ec2InstanceId": self.ec2_instance_id,
            "version": self.version,
            "versionInfo": dict(self.version_info),
            "remainingResources": _resources(
                self.remaining_cpu,
                self.remaining_memory,
                sorted(self.used_tcp_ports, key=self._port_order(self.resources.tcp_ports)),
                sorted(self.used_udp_ports, key=self._port_order(self.resources.udp_ports)),
                self.resources.gpus,
            ),
            "registeredResources": _resources(
                self.resources.cpu,
                self.resources.memory,
                self.resources.tcp_ports,
                self.resources.udp_ports,
                self.resources.gpus,
            ),
            "status": self.status,
            "agentConnected": self.agent_connected,
            "runningTasksCount": self.running_tasks_count,
            "pendingTasksCount": self.pending_tasks_count,
            "attributes": [_attribute(name, value) for name, value in self.attributes.items()],
            "registeredAt": self.registered_at,
            "attachments": self._attachments(),
        }
        if self.status_reason is not None:
            answer["statusReason"] = self.status_reason
        if self.agent_update_status is not None:
            answer["agentUpdateStatus"] = self.agent_update_status
        if "TAGS" in include:
            answer["tags"] = tag_list(self.tags)
        if "CONTAINER_INSTANCE_HEALTH" in include:
            answer["healthStatus"] = self._health()
        return answer

    @staticmethod
    def _port_order(registered: tuple[int, ...]) -> Any:
        """Registered ports first, in their order, then the ports tasks took."""
        positions = {port: index for index, port in enumerate(registered)}
        return lambda port: (positions.get(port, len(positions)), port)

    def _attachments(self) -> list[dict[str, Any]]:
        if self.trunk_interface_id is None:
            return []
        return [
            {
                "id": self.trunk_attachment_id or "",
                "type": "ElasticNetworkInterface",
                "status": "ATTACHED",
                "details": [
                    {"name": "networkInterfaceId", "value": self.trunk_interface_id},
                    {"name": "subnetId", "value": self.subnet_id},
                ],
            }
        ]

    def _health(self) -> dict[str, Any]:
        # the agent reports its container runtime healthy; the mock has nothing to fail
        return {
            "overallStatus": "OK",
            "details": [
                {
                    "type": "CONTAINER_RUNTIME",
                    "status": "OK",
                    "lastUpdated": self.registered_at,
                    "lastStatusChange": self.registered_at,
                }
            ],
        }


def _attribute(name: str, value: str | None) -> dict[str, str]:
    return {"name": name} if value is None else {"name": name, "value": value}


def _resources(
    cpu: int,
    memory: int,
    tcp_ports: Any,
    udp_ports: Any,
    gpus: tuple[str, ...],
) -> list[dict[str, Any]]:
    """Resources as ECS shows them: every value member present, the unused ones 0."""

    def resource(name: str, kind: str, integer: int = 0, strings: Any = None) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "name": name,
            "type": kind,
            "doubleValue": 0.0,
            "longValue": 0,
            "integerValue": integer,
        }
        if strings is not None:
            entry["stringSetValue"] = [str(item) for item in strings]
        return entry

    answer = [
        resource("CPU", "INTEGER", cpu),
        resource("MEMORY", "INTEGER", memory),
        resource("PORTS", "STRINGSET", strings=tcp_ports),
        resource("PORTS_UDP", "STRINGSET", strings=udp_ports),
    ]
    if gpus:
        answer.append(resource("GPU", "STRINGSET", strings=gpus))
    return answer
