"""RunTask with a capacity provider strategy: base and weight, Fargate providers and
Auto Scaling group providers (tasks only on the group's instances)."""

from __future__ import annotations

import pytest
from ecs_helpers import ACCOUNT, REGION, container, fargate, raises_aws, register

UUID = "0f6e0c64-1d2b-4c55-9a8e-6a0f3c1d2e4"
NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}


def asg_arn(name: str, index: int) -> str:
    return (
        f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:{UUID}{index}:"
        f"autoScalingGroupName/{name}"
    )


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


@pytest.fixture
def asg_cluster(ecs, backend):
    for index, name in enumerate(("blue", "green")):
        ecs.create_capacity_provider(
            name=f"{name}-cp",
            autoScalingGroupProvider={"autoScalingGroupArn": asg_arn(name, index)},
        )
    ecs.create_cluster(clusterName="default", capacityProviders=["blue-cp", "green-cp"])
    register(ecs, containerDefinitions=[container(cpu=128, memory=128)])
    blue = backend.join_instance("", "m5.large", auto_scaling_group="blue")
    green = backend.join_instance("", "m5.large", auto_scaling_group="green")
    backend.join_instance("", "m5.large")  # in no group
    return blue, green


def by_provider(tasks):
    counts: dict[str, int] = {}
    for task in tasks:
        counts[task["capacityProviderName"]] = counts.get(task["capacityProviderName"], 0) + 1
    return counts


def test_base_then_weights_on_the_groups_instances(ecs, asg_cluster):
    blue, green = asg_cluster
    answer = ecs.run_task(
        taskDefinition="web",
        count=10,
        capacityProviderStrategy=[
            {"capacityProvider": "blue-cp", "base": 2, "weight": 1},
            {"capacityProvider": "green-cp", "weight": 3},
        ],
    )
    assert answer["failures"] == []
    tasks = answer["tasks"]
    # 2 by base; the 8 left: blue 8*1/4 = 2, green 8*3/4 = 6
    assert by_provider(tasks) == {"blue-cp": 4, "green-cp": 6}
    where = {t["capacityProviderName"]: set() for t in tasks}
    for task in tasks:
        assert task["launchType"] == "EC2"
        where[task["capacityProviderName"]].add(task["containerInstanceArn"])
    assert where == {"blue-cp": {blue.arn}, "green-cp": {green.arn}}


def test_rounding_gives_the_leftover_to_the_largest_fraction(ecs, asg_cluster):
    tasks = ecs.run_task(
        taskDefinition="web",
        count=5,
        capacityProviderStrategy=[
            {"capacityProvider": "blue-cp", "weight": 1},
            {"capacityProvider": "green-cp", "weight": 2},
        ],
    )["tasks"]
    # blue 5/3 = 1.67, green 10/3 = 3.33: blue takes the one left over
    assert by_provider(tasks) == {"blue-cp": 2, "green-cp": 3}


def test_cluster_default_strategy_is_used(ecs, asg_cluster):
    ecs.put_cluster_capacity_providers(
        cluster="default",
        capacityProviders=["blue-cp", "green-cp"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "green-cp", "weight": 1}],
    )
    tasks = ecs.run_task(taskDefinition="web", count=2)["tasks"]
    assert by_provider(tasks) == {"green-cp": 2}


def test_a_group_without_instances_fails_the_call_without_managed_scaling(ecs, backend):
    # managed scaling DISABLED: nothing would add instances, so RunTask fails at once
    ecs.create_capacity_provider(
        name="empty-cp", autoScalingGroupProvider={"autoScalingGroupArn": asg_arn("empty", 9)}
    )
    ecs.create_capacity_provider(
        name="full-cp", autoScalingGroupProvider={"autoScalingGroupArn": asg_arn("full", 8)}
    )
    ecs.create_cluster(clusterName="default", capacityProviders=["empty-cp", "full-cp"])
    register(ecs, containerDefinitions=[container(cpu=128, memory=128)])
    backend.join_instance("", "m5.large")  # in no group
    backend.join_instance("", "m5.large", auto_scaling_group="full")
    with raises_aws(
        "InvalidParameterException", "No Container Instances were found in your capacity provider."
    ):
        ecs.run_task(
            taskDefinition="web",
            count=3,
            capacityProviderStrategy=[
                {"capacityProvider": "full-cp", "weight": 1},
                {"capacityProvider": "empty-cp", "weight": 1},
            ],
        )
    assert ecs.list_tasks()["taskArns"] == []  # not even full-cp's share was started


def test_fargate_providers_split_by_weight(ecs):
    ecs.create_cluster(clusterName="default", capacityProviders=["FARGATE", "FARGATE_SPOT"])
    ecs.register_task_definition(**fargate())
    tasks = ecs.run_task(
        taskDefinition="web",
        count=4,
        capacityProviderStrategy=[
            {"capacityProvider": "FARGATE", "base": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 1},
        ],
        networkConfiguration=NETWORK,
    )["tasks"]
    assert by_provider(tasks) == {"FARGATE": 1, "FARGATE_SPOT": 3}
    assert {t["launchType"] for t in tasks} == {"FARGATE"}


@pytest.mark.parametrize(
    ("strategy", "code"),
    [
        ([{"capacityProvider": "blue-cp", "weight": 1001}], "InvalidParameterException"),
        ([{"capacityProvider": "blue-cp", "base": 100001}], "InvalidParameterException"),
        (
            [
                {"capacityProvider": "blue-cp", "base": 1, "weight": 1},
                {"capacityProvider": "green-cp", "base": 1, "weight": 1},
            ],
            "InvalidParameterException",
        ),
        ([{"capacityProvider": "FARGATE", "weight": 1}], "InvalidParameterException"),
        ([{"capacityProvider": f"cp{i}", "weight": 1} for i in range(21)], "InvalidParameter"),
    ],
)
def test_bad_strategies_change_nothing(ecs, asg_cluster, strategy, code):
    with pytest.raises(ecs.exceptions.ClientError) as caught:
        ecs.run_task(taskDefinition="web", capacityProviderStrategy=strategy)
    assert caught.value.response["Error"]["Code"].startswith(code)
    assert ecs.list_tasks()["taskArns"] == []


def test_launch_type_and_strategy_together_are_refused(ecs, asg_cluster):
    with raises_aws(
        "InvalidParameterException",
        "Specifying both a launch type and capacity provider strategy is not supported. "
        "Remove one and try again.",
    ):
        ecs.run_task(
            taskDefinition="web",
            launchType="EC2",
            capacityProviderStrategy=[{"capacityProvider": "blue-cp", "weight": 1}],
        )


def test_join_instance_checks_the_group_name(backend):
    from pytest_ecsmock.errors import EcsmockUsageError

    with pytest.raises(EcsmockUsageError):
        backend.join_instance("", "m5.large", auto_scaling_group="bad name")


def test_a_provider_with_live_tasks_cannot_leave_the_cluster(ecs, ecsmock, asg_cluster):
    task = ecs.run_task(
        taskDefinition="web", capacityProviderStrategy=[{"capacityProvider": "green-cp"}]
    )["tasks"][0]
    with raises_aws(
        "ResourceInUseException",
        "The capacity provider 'green-cp' is in use by services or tasks of the cluster and "
        "cannot be removed from it.",
    ):
        ecs.put_cluster_capacity_providers(
            cluster="default", capacityProviders=["blue-cp"], defaultCapacityProviderStrategy=[]
        )
    ecs.stop_task(task=task["taskArn"])
    ecsmock.clock.advance(60)  # the task reaches STOPPED
    ecs.put_cluster_capacity_providers(
        cluster="default", capacityProviders=["blue-cp"], defaultCapacityProviderStrategy=[]
    )
    cluster = ecs.describe_clusters(clusters=["default"])["clusters"][0]
    assert cluster["capacityProviders"] == ["blue-cp"]
