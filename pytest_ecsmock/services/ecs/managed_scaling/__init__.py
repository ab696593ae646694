"""Auto Scaling group capacity providers that scale, as ECS managed scaling does.

- ``groups``: the Auto Scaling groups a test declares (``EcsBackend.auto_scaling_group``).
- ``waiting``: tasks that wait PROVISIONING for room, and give up after a while.
- ``estimate``: how many new instances the waiting tasks need.
- ``scaler``: the evaluations, scale-out, and following tasks and instances.
- ``scale_in``: shrinking a group that has too many instances.

docs/services/ecs.md ("Auto Scaling group capacity providers") tells the behaviour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.managed_scaling.groups import AutoScalingGroup
from pytest_ecsmock.services.ecs.managed_scaling.scaler import ManagedScaling
from pytest_ecsmock.services.ecs.managed_scaling.waiting import Waiting

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.container_instances import ContainerInstance

NO_PROVIDER_INSTANCES = "No Container Instances were found in your capacity provider."

__all__ = [
    "NO_PROVIDER_INSTANCES",
    "AutoScalingGroup",
    "ManagedScaling",
    "Waiting",
    "provider_capacity",
]


def provider_capacity(
    ecs: EcsBackend, cluster: Cluster, provider: str
) -> tuple[list[ContainerInstance], bool]:
    """The registered instances of ``cluster`` in the Auto Scaling group of
    ``provider``, and whether its managed scaling is ENABLED (tasks that find no room
    then wait for instances). Without managed scaling and without an ACTIVE instance,
    RunTask fails: InvalidParameterException, as for a cluster without instances."""
    store = ecs.capacity_providers
    found = store.get_active(provider)
    instances = [
        instance
        for instance in ecs.container_instances.in_cluster(cluster)
        if store.instance_groups.get(instance.arn) == found.group_name
    ]
    managed = found.scaling["status"] == "ENABLED"
    if not managed and not any(instance.status == "ACTIVE" for instance in instances):
        raise errors.InvalidParameterException(NO_PROVIDER_INSTANCES)
    return instances, managed
