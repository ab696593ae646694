"""RunTask on Fargate and awsvpc tasks: network configuration, ENIs, platform version."""

from __future__ import annotations

import pytest
from ecs_helpers import container, fargate, raises_aws, register

NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}


@pytest.fixture
def network(ecsmock):
    return ecsmock.backend("network")


@pytest.fixture
def fargate_web(ecs):
    ecs.create_cluster(clusterName="default", capacityProviders=["FARGATE", "FARGATE_SPOT"])
    return ecs.register_task_definition(**fargate())["taskDefinition"]


def test_fargate_task_gets_an_eni_and_runs(ecs, ecsmock, network, fargate_web):
    [task] = ecs.run_task(taskDefinition="web", launchType="FARGATE", networkConfiguration=NETWORK)[
        "tasks"
    ]
    assert task["lastStatus"] == "PROVISIONING"
    assert (task["launchType"], task["platformVersion"]) == ("FARGATE", "1.4.0")
    assert "containerInstanceArn" not in task
    [attachment] = task["attachments"]
    details = {d["name"]: d["value"] for d in attachment["details"]}
    assert details["subnetId"] == "subnet-0a1b2c3d"
    eni = network.interface(details["networkInterfaceId"])
    assert details["privateIPv4Address"] == eni.private_ip_address
    assert task["availabilityZone"] == eni.availability_zone
    assert eni.security_groups == [network.default_security_group(eni.vpc_id)]
    assert task["containers"][0]["networkInterfaces"] == [
        {"attachmentId": attachment["id"], "privateIpv4Address": eni.private_ip_address}
    ]
    ecs.get_waiter("tasks_running").wait(tasks=[task["taskArn"]])
    ecs.stop_task(task=task["taskArn"])
    ecsmock.clock.advance(5)
    [stopping] = ecs.describe_tasks(tasks=[task["taskArn"]])["tasks"]
    assert stopping["lastStatus"] == "DEPROVISIONING"
    ecsmock.clock.advance(10)
    [stopped] = ecs.describe_tasks(tasks=[task["taskArn"]])["tasks"]
    assert stopped["lastStatus"] == "STOPPED"
    assert network.interfaces() == []
    [cluster] = ecs.describe_clusters(clusters=["default"], include=["STATISTICS"])["clusters"]
    assert cluster["runningTasksCount"] == 0


def test_capacity_provider_strategy_runs_on_fargate(ecs, fargate_web):
    [task] = ecs.run_task(
        taskDefinition="web",
        capacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
        networkConfiguration=NETWORK,
    )["tasks"]
    assert (task["launchType"], task["capacityProviderName"]) == ("FARGATE", "FARGATE_SPOT")


def test_fargate_errors_change_nothing(ecs, network, fargate_web):
    with raises_aws(
        "InvalidParameterException",
        "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    ):
        ecs.run_task(taskDefinition="web", launchType="FARGATE")
    with raises_aws(
        "PlatformUnknownException", "The specified platform version (9.9.9) does not exist."
    ):
        ecs.run_task(
            taskDefinition="web",
            launchType="FARGATE",
            networkConfiguration=NETWORK,
            platformVersion="9.9.9",
        )
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.run_task(
            taskDefinition="web",
            launchType="FARGATE",
            networkConfiguration=NETWORK,
            placementStrategy=[{"type": "random"}],
        )
    register(ecs, family="bridge", containerDefinitions=[container()])
    with raises_aws(
        "InvalidParameterException", "Task definition does not support launch_type FARGATE."
    ):
        ecs.run_task(taskDefinition="bridge", launchType="FARGATE", networkConfiguration=NETWORK)
    with raises_aws("InvalidParameterException", "subnets can have at most 16 items."):
        subnets = [f"subnet-{i:08x}" for i in range(17)]
        ecs.run_task(
            taskDefinition="web",
            launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": subnets}},
        )
    assert network.interfaces() == []
    assert ecs.list_tasks()["taskArns"] == []


def test_network_configuration_for_bridge_mode_is_refused(ecs, ecsmock):
    ecsmock.backend("ecs").join_instance("", "m5.large")
    register(ecs, containerDefinitions=[container()])
    with raises_aws(
        "InvalidParameterException",
        "Network Configuration is not valid for the given networkMode of this task definition.",
    ):
        ecs.run_task(taskDefinition="web", networkConfiguration=NETWORK)


def test_fargate_tasks_spread_over_the_subnets(ecs, network, fargate_web):
    network.add_subnet("subnet-000000aa", availability_zone="us-east-1a")
    network.add_subnet("subnet-000000bb", availability_zone="us-east-1b")
    config = {"awsvpcConfiguration": {"subnets": ["subnet-000000aa", "subnet-000000bb"]}}
    tasks = ecs.run_task(
        taskDefinition="web", launchType="FARGATE", count=4, networkConfiguration=config
    )["tasks"]
    zones = sorted(task["availabilityZone"] for task in tasks)
    assert zones == ["us-east-1a", "us-east-1a", "us-east-1b", "us-east-1b"]
