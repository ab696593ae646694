"""The tasks of one account and region: finding, describing, listing and stopping
them, and what they count for their cluster and task definition."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import own_resource, parse_ecs_arn
from pytest_ecsmock.services.ecs.clusters import Cluster, ClusterStore
from pytest_ecsmock.services.ecs.container_instances import (
    ContainerInstance,
    ContainerInstanceStore,
)
from pytest_ecsmock.services.ecs.params import check_at_most, check_enum, check_enums, page
from pytest_ecsmock.services.ecs.tasks import agent_reports, lifecycle
from pytest_ecsmock.services.ecs.tasks.images import ImageBehaviours
from pytest_ecsmock.services.ecs.tasks.model import STOPPED, Task
from pytest_ecsmock.services.ecs.usage import ClusterUsage, UsageSources

if TYPE_CHECKING:
    from pytest_ecsmock.services.network import NetworkBackend

TASK_FIELDS = ("TAGS",)
MAX_DESCRIBE = 100
DESIRED_STATUSES = ("RUNNING", "PENDING", "STOPPED")
LAUNCH_TYPES = ("EC2", "FARGATE", "EXTERNAL")
NOT_FOUND = "The referenced task was not found."
FORCED_DEREGISTRATION = "Container instance deregistration forced by user"


class TaskStore:
    def __init__(
        self,
        context: BackendContext,
        usage: UsageSources,
        clusters: ClusterStore,
        instances: ContainerInstanceStore,
    ) -> None:
        self.context = context
        self.clusters = clusters
        self.instances = instances
        self.tasks: dict[str, Task] = {}
        self.created = 0
        #: the simulated containers ignore SIGTERM: StopTask kills them after the stop
        #: timeout (exit code 137) instead of letting them exit at once (exit code 0)
        self.containers_ignore_sigterm = False
        #: how the containers of each image behave (``EcsBackend.simulate_image``)
        self.images = ImageBehaviours()
        #: called with a task after its ``lastStatus``, ``desiredStatus`` or
        #: ``healthStatus`` changed (the service scheduler follows its tasks this way)
        self.status_listeners: list[Callable[[Task], None]] = []
        #: the name of the service a reference (name or ARN) names in a cluster, or
        #: ServiceNotFoundException (set by the service store once services exist)
        self.service_name_of: Callable[[Cluster, str], str] | None = None
        usage.add_cluster_source(self._cluster_usage)
        usage.add_task_definition_source(self._uses_definition)
        instances.hooks.deregistered.append(self._instance_deregistered)
        instances.hooks.task_state_change.append(
            self._agent_report(agent_reports.task_state_change)
        )
        instances.hooks.container_state_change.append(
            self._agent_report(agent_reports.container_state_change)
        )
        instances.hooks.attachment_state_changes.append(
            self._agent_report(agent_reports.attachment_state_changes)
        )

    def _agent_report(
        self, effect: Callable[[TaskStore, dict[str, Any]], None]
    ) -> Callable[[dict[str, Any]], None]:
        return lambda params: effect(self, params)

    @property
    def network(self) -> NetworkBackend:
        network: NetworkBackend = self.context.sibling("network")
        return network

    def arn(self, cluster: Cluster, task_id: str) -> str:
        return self.context.arn(f"task/{cluster.name}/{task_id}")

    # ------------------------------------------------------------------ usage

    def _cluster_usage(self, cluster: Cluster) -> ClusterUsage:
        running: Counter[str] = Counter()
        pending: Counter[str] = Counter()
        other = 0
        providers: set[str] = set()
        for task in self.tasks.values():
            if task.cluster is not cluster or not task.live:
                continue
            if task.capacity_provider is not None:
                providers.add(task.capacity_provider)
            if task.last_status == "RUNNING":
                running[task.launch_type] += 1
            elif task.last_status == "PENDING":
                pending[task.launch_type] += 1
            else:
                other += 1
        return ClusterUsage(
            running_tasks=running,
            pending_tasks=pending,
            other_live_tasks=other,
            capacity_providers_in_use=providers,
        )

    def _uses_definition(self, arn: str) -> bool:
        return any(task.live and task.definition.arn == arn for task in self.tasks.values())

    def _instance_deregistered(self, instance: ContainerInstance, forced: bool) -> None:
        if not forced:
            return
        for task_arn in list(instance.tasks):
            task = self.find_by_arn(task_arn)
            if task is not None:
                lifecycle.stop(self, task, FORCED_DEREGISTRATION, "UserInitiated")

    # ------------------------------------------------------------------ finding

    def status_changed(self, task: Task) -> None:
        for listener in self.status_listeners:
            listener(task)

    def add(self, task: Task) -> None:
        self.tasks[task.task_id] = task

    def next_sequence(self) -> int:
        self.created += 1
        return self.created

    def find(self, cluster: Cluster, reference: str) -> Task | None:
        resource = own_resource(reference, "task", self.context)
        if resource is None:
            return None
        task_id = resource
        if reference.startswith("arn:"):
            cluster_name, slash, task_id = resource.rpartition("/")
            if slash and cluster_name != cluster.name:
                return None
        found = self.tasks.get(task_id)
        return found if found is not None and found.cluster is cluster else None

    def find_by_arn(self, arn: str) -> Task | None:
        parsed = parse_ecs_arn(arn)
        if parsed is None or parsed.resource_type != "task":
            return None
        found = self.tasks.get(parsed.resource.rpartition("/")[2])
        return found if found is not None and found.arn == arn else None

    def get(self, cluster: Cluster, reference: str) -> Task:
        found = self.find(cluster, reference)
        if found is None:
            raise errors.InvalidParameterException(NOT_FOUND)
        return found

    def forget(self, task: Task) -> None:
        if self.tasks.get(task.task_id) is task and not task.live:
            del self.tasks[task.task_id]

    def release_interface(self, interface_id: str) -> None:
        self.network.delete_interface(interface_id)

    # ------------------------------------------------------------------ operations

    def describe(
        self, cluster: Cluster, references: list[str], include: list[str] | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        if not references:
            raise errors.InvalidParameterException("Tasks cannot be empty.")
        check_at_most(references, MAX_DESCRIBE, "taskIds")
        check_enums(include or [], TASK_FIELDS, "include")
        view = frozenset(include or [])
        found, failures = [], []
        for reference in references:
            task = self.find(cluster, reference)
            if task is None:
                arn = reference if reference.startswith("arn:") else self.arn(cluster, reference)
                failures.append({"arn": arn, "reason": "MISSING"})
            else:
                found.append(task.describe(view))
        return found, failures

    def list_arns(self, cluster: Cluster, params: dict[str, Any]) -> tuple[list[str], str | None]:
        desired = params.get("desiredStatus", "RUNNING")
        check_enum(desired, DESIRED_STATUSES, "desiredStatus")
        launch_type = params.get("launchType")
        if launch_type is not None:
            check_enum(launch_type, LAUNCH_TYPES, "launchType")
        started_by = params.get("startedBy")
        others = ("containerInstance", "family", "serviceName", "launchType")
        if started_by is not None and any(params.get(name) is not None for name in others):
            raise errors.InvalidParameterException(
                "startedBy cannot be combined with other filters; it must be the only one."
            )
        service_name = None
        if params.get("serviceName") is not None:
            if self.service_name_of is None:
                raise errors.ServiceNotFoundException("Service not found.")
            service_name = self.service_name_of(cluster, params["serviceName"])
        instance = None
        if params.get("containerInstance") is not None:
            instance = self.instances.find(cluster, params["containerInstance"])
            if instance is None:
                raise errors.InvalidParameterException("Container instance not found.")
        family = params.get("family")
        chosen = [
            task
            for task in self.tasks.values()
            if task.cluster is cluster
            and task.desired_status == desired
            and (instance is None or task.instance is instance)
            and (family is None or task.definition.family == family)
            and (started_by is None or task.started_by == started_by)
            and (launch_type is None or task.launch_type == launch_type)
            and (service_name is None or task.service_name == service_name)
        ]
        chosen.sort(key=lambda task: task.sequence)
        tasks, token = page(chosen, params, key=lambda task: f"{task.sequence:010d}")
        return [task.arn for task in tasks], token

    def stop(self, cluster: Cluster, reference: str, reason: str | None) -> Task:
        task = self.get(cluster, reference)
        if reason is not None and len(reason) > 255:
            raise errors.InvalidParameterException("Reason must be at most 255 characters.")
        if task.desired_status != STOPPED:
            lifecycle.stop(self, task, reason or "Task stopped by user", "UserInitiated")
        task.tags.clear()  # AWS: "task tags are deleted" when the task is stopped
        return task
