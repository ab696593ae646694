"""ECS state for one account and region."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecs import errors

CLUSTER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")


@dataclass
class Cluster:
    name: str
    arn: str
    created_at: datetime
    status: str = "ACTIVE"
    tags: dict[str, str] = field(default_factory=dict)
    settings: list[dict[str, str]] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        return {
            "clusterArn": self.arn,
            "clusterName": self.name,
            "status": self.status,
            "registeredContainerInstancesCount": 0,
            "runningTasksCount": 0,
            "pendingTasksCount": 0,
            "activeServicesCount": 0,
            "statistics": [],
            "tags": [{"key": k, "value": v} for k, v in self.tags.items()],
            "settings": list(self.settings),
            "capacityProviders": [],
            "defaultCapacityProviderStrategy": [],
        }


class EcsBackend:
    def __init__(self, context: BackendContext) -> None:
        self.context = context
        self.clusters: dict[str, Cluster] = {}

    def cluster_arn(self, name: str) -> str:
        return self.context.arn(f"cluster/{name}")

    def create_cluster(self, name: str = "default", tags: dict[str, str] | None = None) -> Cluster:
        if not CLUSTER_NAME.match(name):
            raise errors.InvalidParameterException(
                "Cluster name must be 1 to 255 letters, numbers, hyphens or underscores."
            )
        existing = self.clusters.get(name)
        if existing is not None and existing.status == "ACTIVE":
            return existing
        cluster = Cluster(name, self.cluster_arn(name), self.context.clock.now(), tags=tags or {})
        self.clusters[name] = cluster
        return cluster

    def find_cluster(self, ref: str | None) -> Cluster:
        name = (ref or "default").rsplit("/", 1)[-1]
        cluster = self.clusters.get(name)
        if cluster is None or cluster.status != "ACTIVE":
            raise errors.ClusterNotFoundException("Cluster not found.")
        return cluster
