"""What the managed scaling tests share (a uniquely named module)."""

from __future__ import annotations

from typing import Any

from ecs_helpers import ACCOUNT, REGION, container, register

GROUP = "web-asg"
GROUP_ARN = (
    f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:"
    f"0f6e0c64-1d2b-4c55-9a8e-6a0f3c1d2e4f:autoScalingGroupName/{GROUP}"
)
#: a t3.micro registers 993 MiB: one 600 MiB task per instance
ONE_PER_INSTANCE = 600


def scaled_cluster(
    ecs: Any,
    backend: Any,
    *,
    scaling: dict[str, Any] | None = None,
    declare: bool = True,
    task_memory: int = ONE_PER_INSTANCE,
    **provider: Any,
) -> Any:
    """Cluster ``web`` whose default strategy is provider ``web-cp`` (managed scaling
    ENABLED, with ``scaling`` settings), its group declared (t3.micro, at most 4, none
    yet; keywords of ``auto_scaling_group`` may come in ``provider["group"]``), and a
    task definition ``web``. Returns the group (None when not declared)."""
    group_settings = {"instance_type": "t3.micro", "max_size": 4, **provider.pop("group", {})}
    ecs.create_capacity_provider(
        name="web-cp",
        autoScalingGroupProvider={
            "autoScalingGroupArn": GROUP_ARN,
            "managedScaling": {"status": "ENABLED", **(scaling or {})},
            **provider,
        },
    )
    ecs.create_cluster(
        clusterName="web",
        capacityProviders=["web-cp"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "web-cp", "weight": 1}],
    )
    register(ecs, containerDefinitions=[container(memory=task_memory)])
    if not declare:
        return None
    return backend.auto_scaling_group(GROUP_ARN, ecs_config="ECS_CLUSTER=web", **group_settings)


def tasks(ecs: Any, arns: list[str]) -> list[dict[str, Any]]:
    return list(ecs.describe_tasks(cluster="web", tasks=arns)["tasks"])


def statuses(ecs: Any, arns: list[str]) -> list[str]:
    return sorted(task["lastStatus"] for task in tasks(ecs, arns))


def instance_arns(group: Any) -> set[str]:
    return {instance.arn for instance in group.instances}


def instance_statuses(ecs: Any, arns: list[str]) -> list[str]:
    found = ecs.describe_container_instances(cluster="web", containerInstances=arns)
    return [instance["status"] for instance in found["containerInstances"]]
