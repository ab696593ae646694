"""ECS state for one account and region: a small facade over the parts.

Each part keeps its own state (``clusters``, ``task_definitions``,
``container_instances``, ``tasks``, ``services``). They meet here:

* ``usage``: the sources that count what lives in a cluster and what needs a task
  definition (see :mod:`pytest_ecsmock.services.ecs.usage`);
* ``tag_targets``: how TagResource and friends find a resource from its ARN, one
  entry per ARN resource type.

Only the cluster store is built with the backend. The others (and their modules,
which hold most of the import time of the ECS service) are built on first access: a
store that does not exist yet holds nothing, so the usage source it registers when it
is built would have counted nothing before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import parse_ecs_arn
from pytest_ecsmock.services.ecs.clusters import NOT_FOUND, Cluster, ClusterStore
from pytest_ecsmock.services.ecs.tags import Taggable
from pytest_ecsmock.services.ecs.usage import UsageSources

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.account_settings import AccountSettingStore
    from pytest_ecsmock.services.ecs.capacity_providers import CapacityProviderStore
    from pytest_ecsmock.services.ecs.container_instances import (
        ContainerInstance,
        ContainerInstanceStore,
    )
    from pytest_ecsmock.services.ecs.ecs_services.store import ServiceStore
    from pytest_ecsmock.services.ecs.managed_scaling import AutoScalingGroup, ManagedScaling
    from pytest_ecsmock.services.ecs.task_definitions import TaskDefinition, TaskDefinitionStore
    from pytest_ecsmock.services.ecs.tasks import TaskStore
    from pytest_ecsmock.services.network import NetworkBackend

#: finds the taggable resource of an ARN (whose type it is registered for) or raises
TagTarget = Callable[[str], Taggable]


class EcsBackend:
    def __init__(self, context: BackendContext) -> None:
        self.context = context
        self.usage = UsageSources()
        self.clusters = ClusterStore(context, self.usage, lambda: self.capacity_providers)
        self.tag_targets: dict[str, TagTarget] = {
            "cluster": self._tagged_cluster,
            "task-definition": self._tagged_task_definition,
            "container-instance": self._tagged_container_instance,
            "task": self._tagged_task,
            "capacity-provider": self._tagged_capacity_provider,
            "service": self._tagged_service,
            "task-set": self._tagged_task_set,
        }

    # ------------------------------------------------------------------ built on first use

    @cached_property
    def capacity_providers(self) -> CapacityProviderStore:
        from pytest_ecsmock.services.ecs.capacity_providers import CapacityProviderStore

        return CapacityProviderStore(self.context, self.clusters.using_provider)

    @cached_property
    def task_definitions(self) -> TaskDefinitionStore:
        from pytest_ecsmock.services.ecs.task_definitions import TaskDefinitionStore

        return TaskDefinitionStore(self.context, self.usage)

    @cached_property
    def container_instances(self) -> ContainerInstanceStore:
        from pytest_ecsmock.services.ecs.container_instances import ContainerInstanceStore

        return ContainerInstanceStore(self.context, self.usage, self.clusters)

    @cached_property
    def tasks(self) -> TaskStore:
        """Registers its hooks on the container instance store (built first if needed)."""
        from pytest_ecsmock.services.ecs.tasks import TaskStore

        return TaskStore(self.context, self.usage, self.clusters, self.container_instances)

    @cached_property
    def services(self) -> ServiceStore:
        """Registers its scheduler on the task and instance stores (built first)."""
        from pytest_ecsmock.services.ecs.ecs_services.store import ServiceStore

        return ServiceStore(self)

    @cached_property
    def managed_scaling(self) -> ManagedScaling:
        """The declared Auto Scaling groups and ECS managed scaling of their providers
        (registers its hooks on the task, instance and provider stores)."""
        from pytest_ecsmock.services.ecs.managed_scaling import ManagedScaling

        return ManagedScaling(self)

    @cached_property
    def account_settings(self) -> AccountSettingStore:
        """The account settings; the account's values steer the cluster and container
        instance stores."""
        from pytest_ecsmock.services.ecs.account_settings import AccountSettingStore

        return AccountSettingStore(self)

    @property
    def network(self) -> NetworkBackend:
        network: NetworkBackend = self.context.sibling("network")
        return network

    # ------------------------------------------------------------------ shortcuts

    def cluster(self, reference: str | None = None) -> Cluster:
        """The ACTIVE cluster named by ``reference`` (``default`` when None)."""
        return self.clusters.get(reference)

    def task_definition(self, reference: str) -> TaskDefinition:
        """The task definition of ``family``, ``family:revision`` or an ARN."""
        return self.task_definitions.get(reference)

    def join_instance(
        self,
        ecs_config: str,
        instance_type: str,
        availability_zone: str | None = None,
        instance_id: str | None = None,
        subnet_id: str | None = None,
        ami_id: str | None = None,
        os_type: str = "linux",
        auto_scaling_group: str | None = None,
    ) -> ContainerInstance:
        """Register an EC2 instance the way one booting an ECS-optimized AMI with this
        ``/etc/ecs/ecs.config`` text does (see docs/services/ecs.md, "Joining
        instances"). Raises :class:`~pytest_ecsmock.errors.EcsmockUsageError` for a
        setting the agent could not use.

        ``auto_scaling_group`` names the Auto Scaling group that launched the instance:
        tasks of a capacity provider of that group are placed only on its instances."""
        from pytest_ecsmock.services.ecs.container_instances.join import join_instance

        return join_instance(
            self,
            ecs_config,
            instance_type,
            availability_zone=availability_zone,
            instance_id=instance_id,
            subnet_id=subnet_id,
            ami_id=ami_id,
            os_type=os_type,
            auto_scaling_group=auto_scaling_group,
        )

    def auto_scaling_group(
        self,
        name_or_arn: str,
        *,
        instance_type: str,
        max_size: int,
        ecs_config: str = "",
        availability_zones: Sequence[str] | None = None,
        min_size: int = 0,
        desired: int | None = None,
    ) -> AutoScalingGroup:
        """Declare the Auto Scaling group (its name, or its ARN as a capacity provider
        names it) that launches ``instance_type`` instances with this ``ecs.config``
        text in ``availability_zones`` (default: every zone of the region). Its
        ``desired`` instances (default ``min_size``) join at once; managed scaling of
        its capacity provider launches more, up to ``max_size``, and terminates idle
        ones, down to ``min_size`` (see docs/services/ecs.md, "Auto Scaling group
        capacity providers"). Raises :class:`~pytest_ecsmock.errors.EcsmockUsageError`
        for a group that could not launch instances."""
        from pytest_ecsmock.services.ecs.managed_scaling.groups import declare

        scaling = self.managed_scaling
        group = declare(
            self,
            scaling.groups,
            name_or_arn,
            instance_type_name=instance_type,
            ecs_config=ecs_config,
            availability_zones=availability_zones,
            min_size=min_size,
            max_size=max_size,
            desired=desired,
        )
        scaling.request(group.name)
        return group

    def simulate_image(
        self,
        image: str,
        *,
        pull_fails: bool = False,
        exits_after: float | None = None,
        exit_code: int | None = None,
        health: str = "healthy",
    ) -> None:
        """Say how the containers of ``image`` behave (an exact reference, or a prefix
        ending in ``*``); by default they pull, run until stopped and pass their health
        checks. ``pull_fails``: tasks stop before running with CannotPullContainerError.
        ``exits_after``: the container exits that many seconds after it starts, with
        ``exit_code`` (default 1); 0 means as it starts, so the task never runs.
        ``health``: ``"healthy"`` or ``"unhealthy"``, the result of its health checks,
        and of the load balancer's health checks of the service tasks running it.

        Tasks run afterwards take the pull and exit behaviour; running containers follow
        a change of health at their next check (see docs/services/ecs.md, "How the
        simulated containers behave"). Raises
        :class:`~pytest_ecsmock.errors.EcsmockUsageError` for what cannot be simulated."""
        from pytest_ecsmock.services.ecs.tasks.images import simulate_image

        simulate_image(
            self.tasks,
            image,
            pull_fails=pull_fails,
            exits_after=exits_after,
            exit_code=exit_code,
            health=health,
        )
        if "services" in self.__dict__:  # load balancer checks follow the new health
            self.services.scheduler.targets.recheck_all()

    # ------------------------------------------------------------------ tagging

    def taggable(self, resource_arn: str) -> Taggable:
        arn = parse_ecs_arn(resource_arn)
        if arn is None:
            raise errors.ClientException("Invalid arn syntax.")
        target = self.tag_targets.get(arn.resource_type)
        if target is None:
            raise errors.InvalidParameterException(
                f"Tagging ECS '{arn.resource_type}' resources is not supported by "
                "pytest-ecsmock yet."
            )
        return target(resource_arn)

    def _tagged_cluster(self, resource_arn: str) -> Taggable:
        cluster = self.clusters.lookup(resource_arn)
        if cluster is None or not cluster.active:
            raise errors.ClusterNotFoundException(NOT_FOUND)
        return cluster

    def _tagged_task_definition(self, resource_arn: str) -> Taggable:
        from pytest_ecsmock.services.ecs.task_definitions.store import DOES_NOT_EXIST

        parsed = self.task_definitions.parse_reference(resource_arn)
        found = self.task_definitions.resolve(resource_arn) if parsed and parsed[1] else None
        if found is None:
            raise errors.ClientException(DOES_NOT_EXIST)
        return found

    def _tagged_container_instance(self, resource_arn: str) -> Taggable:
        from pytest_ecsmock.services.ecs.container_instances.store import NOT_FOUND

        found = self.container_instances.find_by_arn(resource_arn)
        if found is None:
            raise errors.InvalidParameterException(NOT_FOUND)
        return found

    def _tagged_task(self, resource_arn: str) -> Taggable:
        from pytest_ecsmock.services.ecs.tasks.store import NOT_FOUND

        found = self.tasks.find_by_arn(resource_arn)
        if found is None:
            raise errors.InvalidParameterException(NOT_FOUND)
        return found

    def _tagged_capacity_provider(self, resource_arn: str) -> Taggable:
        from pytest_ecsmock.services.ecs.capacity_providers import DOES_NOT_EXIST

        found = self.capacity_providers.lookup(resource_arn)
        if found is None or found.status == "INACTIVE":
            raise errors.ClientException(DOES_NOT_EXIST)
        return found

    def _tagged_service(self, resource_arn: str) -> Taggable:
        from pytest_ecsmock.services.ecs.ecs_services.store import NOT_FOUND

        found = self.services.find_by_arn(resource_arn)
        if found is None or found.status == "INACTIVE":
            raise errors.ServiceNotFoundException(NOT_FOUND)
        return found

    def _tagged_task_set(self, resource_arn: str) -> Taggable:
        from pytest_ecsmock.services.ecs.ecs_services.task_set_operations import tagged_task_set

        return tagged_task_set(self, resource_arn)
