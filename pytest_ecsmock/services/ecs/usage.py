"""What lives in a cluster and what uses a task definition, counted from the state
that the container instance, task and service code keeps.

Those parts register a *usage source* on the backend (``EcsBackend.usage``); the
cluster counts, the ``STATISTICS`` of DescribeClusters, the refusals of
DeleteCluster and the final removal of deleted task definitions are all computed
from the sources at the moment they are needed, so nothing is kept twice.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.clusters import Cluster

LAUNCH_TYPES = ("EC2", "FARGATE", "EXTERNAL")

#: a new, empty Counter, the very one ``Counter()`` makes, without going through
#: ``Counter.__init__`` (whose call of ``update`` costs more than the rest of an
#: empty usage, and a DescribeClusters makes one per usage source)
_no_counts: Callable[[], Counter[str]] = functools.partial(dict.__new__, Counter)


@dataclass
class ClusterUsage:
    """Counts for one cluster; task and service counts are kept per launch type."""

    #: container instances registered (ACTIVE or DRAINING)
    container_instances: int = 0
    running_tasks: Counter[str] = field(default_factory=_no_counts)
    pending_tasks: Counter[str] = field(default_factory=_no_counts)
    #: tasks neither RUNNING, PENDING nor STOPPED yet (PROVISIONING, STOPPING, ...)
    other_live_tasks: int = 0
    active_services: Counter[str] = field(default_factory=_no_counts)
    draining_services: Counter[str] = field(default_factory=_no_counts)
    #: capacity providers that services or tasks of the cluster use
    capacity_providers_in_use: set[str] = field(default_factory=set)

    def __add__(self, other: ClusterUsage) -> ClusterUsage:
        return ClusterUsage(
            self.container_instances + other.container_instances,
            self.running_tasks + other.running_tasks,
            self.pending_tasks + other.pending_tasks,
            self.other_live_tasks + other.other_live_tasks,
            self.active_services + other.active_services,
            self.draining_services + other.draining_services,
            self.capacity_providers_in_use | other.capacity_providers_in_use,
        )

    def add(self, other: ClusterUsage) -> None:
        """Add ``other`` in place (cheaper than ``+``, which builds new counters); a
        source counts only some of these, and adding an empty Counter costs a call."""
        self.container_instances += other.container_instances
        if other.running_tasks:
            self.running_tasks.update(other.running_tasks)
        if other.pending_tasks:
            self.pending_tasks.update(other.pending_tasks)
        self.other_live_tasks += other.other_live_tasks
        if other.active_services:
            self.active_services.update(other.active_services)
        if other.draining_services:
            self.draining_services.update(other.draining_services)
        if other.capacity_providers_in_use:
            self.capacity_providers_in_use |= other.capacity_providers_in_use

    @property
    def live_tasks(self) -> int:
        return (
            sum(self.running_tasks.values())
            + sum(self.pending_tasks.values())
            + self.other_live_tasks
        )

    @property
    def live_services(self) -> int:
        return sum(self.active_services.values()) + sum(self.draining_services.values())

    def statistics(self) -> list[dict[str, str]]:
        """DescribeClusters ``STATISTICS``: the counts separated by launch type."""
        pairs = [
            ("runningEC2TasksCount", self.running_tasks["EC2"]),
            ("runningFargateTasksCount", self.running_tasks["FARGATE"]),
            ("pendingEC2TasksCount", self.pending_tasks["EC2"]),
            ("pendingFargateTasksCount", self.pending_tasks["FARGATE"]),
            ("activeEC2ServiceCount", self.active_services["EC2"]),
            ("activeFargateServiceCount", self.active_services["FARGATE"]),
            ("drainingEC2ServiceCount", self.draining_services["EC2"]),
            ("drainingFargateServiceCount", self.draining_services["FARGATE"]),
        ]
        return [{"name": name, "value": str(count)} for name, count in pairs]


#: the usage of a cluster while nothing can use it (never changed)
NOTHING = ClusterUsage()

ClusterUsageSource = Callable[["Cluster"], ClusterUsage]
#: answers whether a task or service still needs the task definition of that ARN
TaskDefinitionReferenceSource = Callable[[str], bool]


class UsageSources:
    """The registered sources; later parts of the backend add theirs at construction."""

    def __init__(self) -> None:
        self._clusters: list[ClusterUsageSource] = []
        self._task_definitions: list[TaskDefinitionReferenceSource] = []

    def add_cluster_source(self, source: ClusterUsageSource) -> None:
        self._clusters.append(source)

    def add_task_definition_source(self, source: TaskDefinitionReferenceSource) -> None:
        self._task_definitions.append(source)

    def of_cluster(self, cluster: Cluster) -> ClusterUsage:
        """What uses ``cluster`` now; the answer is for reading, not for changing."""
        sources = self._clusters
        if len(sources) == 1:
            return sources[0](cluster)
        if not sources:  # no store that could use a cluster exists yet
            return NOTHING
        total = ClusterUsage()
        for source in sources:
            total.add(source(cluster))
        return total

    def task_definition_in_use(self, arn: str) -> bool:
        return any(source(arn) for source in self._task_definitions)
