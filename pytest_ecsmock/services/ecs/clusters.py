"""ECS clusters: their names, settings, capacity providers and life cycle."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import own_resource
from pytest_ecsmock.services.ecs.cluster_options import (
    DEFAULT_SETTINGS,
    FARGATE_PROVIDERS,
    parse_capacity_providers,
    parse_configuration,
    parse_settings,
    parse_strategy,
    reject_service_connect,
    settings_list,
)
from pytest_ecsmock.services.ecs.params import check_at_most, check_enums, page
from pytest_ecsmock.services.ecs.tags import parse_tags, tag_list
from pytest_ecsmock.services.ecs.usage import ClusterUsage, UsageSources

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.capacity_providers import CapacityProviderStore

CLUSTER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}\Z")
DEFAULT_CLUSTER = "default"
CLUSTER_FIELDS = ("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS")
NO_FIELDS: frozenset[str] = frozenset()
#: what the answers of CreateCluster and the Update operations show
CHANGE_VIEW = frozenset({"CONFIGURATIONS", "SETTINGS", "TAGS"})
MAX_DESCRIBE = 100
NOT_FOUND = "Cluster not found."


@dataclass
class Cluster:
    name: str
    arn: str
    status: str = "ACTIVE"
    tags: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    configuration: dict[str, Any] | None = None
    capacity_providers: list[str] = field(default_factory=list)
    default_strategy: list[dict[str, Any]] = field(default_factory=list)
    #: the arguments of the CreateCluster that made it, for idempotent repeats
    created_with: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.status == "ACTIVE"

    def describe(self, usage: ClusterUsage, include: frozenset[str]) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "clusterArn": self.arn,
            "clusterName": self.name,
            "status": self.status,
            "registeredContainerInstancesCount": usage.container_instances,
            "runningTasksCount": sum(usage.running_tasks.values()),
            "pendingTasksCount": sum(usage.pending_tasks.values()),
            "activeServicesCount": sum(usage.active_services.values()),
            "statistics": usage.statistics() if "STATISTICS" in include else [],
            "tags": tag_list(self.tags) if "TAGS" in include else [],
            "capacityProviders": list(self.capacity_providers),
            # items of scalars (parse_strategy's): a copy of each is a deep copy
            "defaultCapacityProviderStrategy": [dict(item) for item in self.default_strategy],
        }
        if "SETTINGS" in include:
            answer["settings"] = settings_list(self.settings)
        if "CONFIGURATIONS" in include and self.configuration is not None:
            answer["configuration"] = copy.deepcopy(self.configuration)
        if "ATTACHMENTS" in include:
            # FARGATE and FARGATE_SPOT need no scaling plans, so nothing is attached
            answer["attachments"] = []
        return answer


class ClusterStore:
    def __init__(
        self,
        context: BackendContext,
        usage: UsageSources,
        capacity_providers: Callable[[], CapacityProviderStore],
    ) -> None:
        self.context = context
        self.usage = usage
        #: the capacity provider store (built on first use)
        self.capacity_providers = capacity_providers
        self.clusters: dict[str, Cluster] = {}
        #: the settings of clusters created without them (the account setting
        #: containerInsights sets its default)
        self.default_settings: dict[str, str] = dict(DEFAULT_SETTINGS)

    def arn(self, name: str) -> str:
        return self.context.arn(f"cluster/{name}")

    def name_of(self, reference: str) -> str | None:
        """The cluster name a reference (name or ARN) points to in this account and region."""
        return own_resource(reference, "cluster", self.context)

    def lookup(self, reference: str) -> Cluster | None:
        if not reference.startswith("arn:"):  # a name: the usual case, looked up as it is
            return self.clusters.get(reference)
        name = self.name_of(reference)
        return None if name is None else self.clusters.get(name)

    def get(self, reference: str | None) -> Cluster:
        """The ACTIVE cluster ``reference`` names (``default`` when None)."""
        cluster = self.lookup(reference or DEFAULT_CLUSTER)
        if cluster is None or not cluster.active:
            raise errors.ClusterNotFoundException(NOT_FOUND)
        return cluster

    def using_provider(self, provider: str) -> list[str]:
        """The names of the ACTIVE clusters ``provider`` is associated with."""
        return [
            c.name for c in self.clusters.values() if c.active and provider in c.capacity_providers
        ]

    def _check_providers(self, providers: list[str], cluster_name: str) -> None:
        if any(name not in FARGATE_PROVIDERS for name in providers):
            self.capacity_providers().check_associable(providers, cluster_name)

    def view(self, cluster: Cluster, include: frozenset[str] = CHANGE_VIEW) -> dict[str, Any]:
        return cluster.describe(self.usage.of_cluster(cluster), include)

    # ------------------------------------------------------------------ operations

    def create(self, params: dict[str, Any]) -> Cluster:
        name = params.get("clusterName", DEFAULT_CLUSTER)
        if not CLUSTER_NAME.match(name):
            raise errors.InvalidParameterException(
                "Cluster name can have up to 255 letters (uppercase and lowercase), numbers, "
                f"underscores and hyphens; '{name}' does not fit."
            )
        reject_service_connect(params)
        tags = parse_tags(params.get("tags"))
        settings = {**self.default_settings, **parse_settings(params.get("settings", []))}
        configuration = params.get("configuration")
        if configuration is not None:
            configuration = parse_configuration(configuration)
        providers = parse_capacity_providers(params.get("capacityProviders", []))
        self._check_providers(providers, name)
        strategy = parse_strategy(
            params.get("defaultCapacityProviderStrategy", []),
            providers,
            "defaultCapacityProviderStrategy",
        )
        arguments = {
            "tags": tags,
            "settings": settings,
            "configuration": configuration,
            "capacityProviders": providers,
            "defaultCapacityProviderStrategy": strategy,
        }
        existing = self.clusters.get(name)
        if existing is not None and existing.active:
            if existing.created_with != arguments:
                raise errors.InvalidParameterException(
                    "Arguments on this idempotent request are inconsistent with arguments "
                    "used in previous request(s)."
                )
            return existing
        cluster = Cluster(
            name,
            self.arn(name),
            tags=tags,
            settings=settings,
            configuration=configuration,
            capacity_providers=providers,
            default_strategy=strategy,
            created_with=copy.deepcopy(arguments),
        )
        self.clusters[name] = cluster
        return cluster

    def describe(
        self, references: list[str] | None, include: list[str] | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        references = references or [DEFAULT_CLUSTER]
        check_at_most(references, MAX_DESCRIBE, "clusters")
        view = NO_FIELDS
        if include:
            check_enums(include, CLUSTER_FIELDS, "include")
            view = frozenset(include)
        found, failures = [], []
        for reference in references:
            cluster = self.lookup(reference)
            if cluster is None:
                arn = reference if reference.startswith("arn:") else self.arn(reference)
                failures.append({"arn": arn, "reason": "MISSING"})
            else:
                found.append(cluster.describe(self.usage.of_cluster(cluster), view))
        return found, failures

    def list_arns(self, params: dict[str, Any]) -> tuple[list[str], str | None]:
        arns = sorted(cluster.arn for cluster in self.clusters.values() if cluster.active)
        return page(arns, params, key=lambda arn: arn)

    def update(self, params: dict[str, Any]) -> Cluster:
        cluster = self.get(params["cluster"])
        reject_service_connect(params)
        settings = parse_settings(params.get("settings", []))
        configuration = params.get("configuration")
        if configuration is not None:
            configuration = parse_configuration(configuration)
        cluster.settings.update(settings)
        if configuration is not None:
            cluster.configuration = {**(cluster.configuration or {}), **configuration}
        return cluster

    def update_settings(self, params: dict[str, Any]) -> Cluster:
        cluster = self.get(params["cluster"])
        cluster.settings.update(parse_settings(params["settings"]))
        return cluster

    def put_capacity_providers(self, params: dict[str, Any]) -> Cluster:
        cluster = self.get(params["cluster"])
        providers = parse_capacity_providers(params["capacityProviders"])
        self._check_providers(providers, cluster.name)
        strategy = parse_strategy(
            params["defaultCapacityProviderStrategy"],
            providers,
            "defaultCapacityProviderStrategy",
        )
        in_use = self.usage.of_cluster(cluster).capacity_providers_in_use
        removed = sorted(in_use & (set(cluster.capacity_providers) - set(providers)))
        if removed:
            raise errors.ResourceInUseException(
                f"The capacity provider '{removed[0]}' is in use by services or tasks of the "
                "cluster and cannot be removed from it."
            )
        cluster.capacity_providers = providers
        cluster.default_strategy = strategy
        return cluster

    def delete(self, reference: str) -> Cluster:
        cluster = self.get(reference)
        usage = self.usage.of_cluster(cluster)
        if usage.live_services:
            raise errors.ClusterContainsServicesException(
                "The Cluster cannot be deleted while Services are active."
            )
        if usage.live_tasks:
            raise errors.ClusterContainsTasksException(
                "The Cluster cannot be deleted while Tasks are active."
            )
        if usage.container_instances:
            raise errors.ClusterContainsContainerInstancesException(
                "The Cluster cannot be deleted while Container Instances are active or draining."
            )
        cluster.status = "INACTIVE"
        return cluster
