"""StartTask: one task on each container instance named."""

from __future__ import annotations

import pytest
from ecs_helpers import ACCOUNT, REGION, container, fargate, raises_aws, register


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


def fixed_port_web(ecs):
    ports = [{"containerPort": 80, "hostPort": 8080}]
    return register(ecs, containerDefinitions=[container(portMappings=ports)])


def test_start_task_runs_one_task_on_each_named_instance(ecs, ecsmock, backend):
    first = backend.join_instance("", "m5.large")
    second = backend.join_instance("", "m5.large")
    fixed_port_web(ecs)
    answer = ecs.start_task(
        taskDefinition="web",
        containerInstances=[first.arn, second.arn.rpartition("/")[2]],
        startedBy="cron",
        group="batch",
        referenceId="ref-1",
        enableExecuteCommand=True,
        tags=[{"key": "team", "value": "a"}],
        overrides={"containerOverrides": [{"name": "app", "memory": 256}]},
    )
    assert answer["failures"] == []
    tasks = answer["tasks"]
    assert [task["containerInstanceArn"] for task in tasks] == [first.arn, second.arn]
    for task in tasks:
        assert (task["launchType"], task["group"], task["startedBy"]) == ("EC2", "batch", "cron")
        assert task["lastStatus"] == "PENDING"
        assert task["enableExecuteCommand"] is True
        assert task["tags"] == [{"key": "team", "value": "a"}]
        assert task["containers"][0]["memory"] == "256"
    ecsmock.clock.advance(16)
    described = ecs.describe_tasks(tasks=[task["taskArn"] for task in tasks])["tasks"]
    assert [task["lastStatus"] for task in described] == ["RUNNING", "RUNNING"]
    [binding] = described[0]["containers"][0]["networkBindings"]
    assert binding["hostPort"] == 8080
    assert ecs.list_tasks(startedBy="cron")["taskArns"] == [t["taskArn"] for t in tasks]


def test_unknown_deregistered_and_full_instances_are_failures(ecs, backend):
    full = backend.join_instance("", "m5.large")
    gone = backend.join_instance("", "m5.large")
    ecs.deregister_container_instance(containerInstance=gone.arn)
    fixed_port_web(ecs)
    ecs.start_task(taskDefinition="web", containerInstances=[full.arn])
    unknown = "0123456789abcdef0123456789abcdef"
    answer = ecs.start_task(taskDefinition="web", containerInstances=[full.arn, gone.arn, unknown])
    assert answer["tasks"] == []
    assert answer["failures"] == [
        {"arn": full.arn, "reason": "RESOURCE:PORTS"},
        {"arn": gone.arn, "reason": "INACTIVE"},
        {
            "arn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:container-instance/default/{unknown}",
            "reason": "MISSING",
        },
    ]


def test_an_instance_named_twice_takes_a_second_task_only_if_it_fits(ecs, backend):
    instance = backend.join_instance("", "m5.large")
    fixed_port_web(ecs)
    answer = ecs.start_task(taskDefinition="web", containerInstances=[instance.arn] * 2)
    assert len(answer["tasks"]) == 1
    assert answer["failures"] == [{"arn": instance.arn, "reason": "RESOURCE:PORTS"}]
    assert len(ecs.list_tasks()["taskArns"]) == 1


def test_memory_shortage_reason(ecs, backend):
    instance = backend.join_instance("", "t3.micro")
    register(ecs, containerDefinitions=[container(memory=4096)])
    answer = ecs.start_task(taskDefinition="web", containerInstances=[instance.arn])
    assert answer["failures"] == [{"arn": instance.arn, "reason": "RESOURCE:MEMORY"}]


def test_awsvpc_task_gets_an_eni_in_the_instance_zone(ecs, ecsmock, backend):
    network = ecsmock.backend("network")
    network.add_subnet("subnet-000000aa", availability_zone="us-east-1a")
    network.add_subnet("subnet-000000bb", availability_zone="us-east-1b")
    in_b = backend.join_instance("", "m5.large", availability_zone="us-east-1b")
    in_c = backend.join_instance("", "m5.large", availability_zone="us-east-1c")
    register(ecs, networkMode="awsvpc")
    config = {"awsvpcConfiguration": {"subnets": ["subnet-000000aa", "subnet-000000bb"]}}
    answer = ecs.start_task(
        taskDefinition="web", containerInstances=[in_b.arn, in_c.arn], networkConfiguration=config
    )
    [task] = answer["tasks"]
    assert answer["failures"] == [{"arn": in_c.arn, "reason": "LOCATION"}]
    assert task["lastStatus"] == "PROVISIONING"
    assert task["availabilityZone"] == "us-east-1b"
    details = {d["name"]: d["value"] for d in task["attachments"][0]["details"]}
    assert details["subnetId"] == "subnet-000000bb"
    assert network.interface(details["networkInterfaceId"]).subnet_id == "subnet-000000bb"


def test_start_task_errors_change_nothing(ecs, ecsmock, backend):
    instance = backend.join_instance("", "m5.large")
    register(ecs)
    with raises_aws("InvalidParameterException", "TaskDefinition not found."):
        ecs.start_task(taskDefinition="nope", containerInstances=[instance.arn])
    with raises_aws("InvalidParameterException", "containerInstances can have at most 10 items."):
        ecs.start_task(taskDefinition="web", containerInstances=[instance.arn] * 11)
    with raises_aws("InvalidParameterException", "containerInstances can not be empty."):
        ecs.start_task(taskDefinition="web", containerInstances=[])
    with raises_aws(
        "InvalidParameterException",
        "Network Configuration is not valid for the given networkMode of this task definition.",
    ):
        ecs.start_task(
            taskDefinition="web",
            containerInstances=[instance.arn],
            networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}},
        )
    with raises_aws("InvalidParameterException", _bad_override_message(ecs)):
        ecs.start_task(
            taskDefinition="web",
            containerInstances=[instance.arn],
            overrides={"containerOverrides": [{"name": "ghost"}]},
        )
    assert ecs.list_tasks()["taskArns"] == []
    assert ecsmock.backend("network").interfaces() == []
    assert instance.remaining_cpu == 2048


def _bad_override_message(ecs):
    try:
        ecs.run_task(taskDefinition="web", overrides={"containerOverrides": [{"name": "ghost"}]})
    except ecs.exceptions.InvalidParameterException as error:
        return error.response["Error"]["Message"]
    raise AssertionError("RunTask accepted an unknown container")


def test_a_fargate_definition_starts_as_an_ec2_task(ecs, backend):
    instance = backend.join_instance("", "m5.large")
    ecs.register_task_definition(**fargate(family="serverless"))
    [task] = ecs.start_task(
        taskDefinition="serverless",
        containerInstances=[instance.arn],
        networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}},
    )["tasks"]
    assert task["launchType"] == "EC2"
    assert "platformVersion" not in task
    with raises_aws(
        "InvalidParameterException", "Assign public IP is not supported for this launch type."
    ):
        ecs.start_task(
            taskDefinition="serverless",
            containerInstances=[instance.arn],
            networkConfiguration={
                "awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "assignPublicIp": "ENABLED"}
            },
        )


def test_stop_task_deletes_the_task_tags(ecs, ecsmock, backend):
    instance = backend.join_instance("", "m5.large")
    register(ecs)
    [task] = ecs.start_task(
        taskDefinition="web",
        containerInstances=[instance.arn],
        tags=[{"key": "team", "value": "a"}],
    )["tasks"]
    arn = task["taskArn"]
    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "a"}]
    stopped = ecs.stop_task(task=arn)["task"]
    assert stopped["tags"] == []
    ecsmock.clock.advance(60)
    [described] = ecs.describe_tasks(tasks=[arn], include=["TAGS"])["tasks"]
    assert described["lastStatus"] == "STOPPED"
    assert described["tags"] == []
    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == []


def test_a_draining_instance_takes_no_task(ecs, backend):
    instance = backend.join_instance("", "m5.large")
    register(ecs)
    ecs.update_container_instances_state(containerInstances=[instance.arn], status="DRAINING")
    answer = ecs.start_task(taskDefinition="web", containerInstances=[instance.arn])
    assert answer == {
        **answer,
        "tasks": [],
        "failures": [{"arn": instance.arn, "reason": "DRAINING"}],
    }
