"""RunTask on EC2 container instances, the task lifecycle, StopTask, Describe/ListTasks."""

from __future__ import annotations

import re
import time

import pytest
from ecs_helpers import ACCOUNT, REGION, cluster_arn, container, raises_aws, register

TASK_ARN = rf"arn:aws:ecs:{REGION}:{ACCOUNT}:task/default/[0-9a-f]{{32}}"


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


@pytest.fixture
def instance(ecs, backend):
    return backend.join_instance("", "m5.large")


def web(ecs, **settings):
    ports = [{"containerPort": 80, "hostPort": 0}]
    return register(ecs, containerDefinitions=[container(portMappings=ports, **settings)])


def test_run_task_places_on_the_instance_with_a_dynamic_port(ecs, ecsmock, instance):
    web(ecs)
    answer = ecs.run_task(taskDefinition="web", startedBy="me", tags=[{"key": "a", "value": "b"}])
    assert answer["failures"] == []
    [task] = answer["tasks"]
    assert re.fullmatch(TASK_ARN, task["taskArn"])
    assert task["clusterArn"] == cluster_arn("default")
    assert task["containerInstanceArn"] == instance.arn
    assert (task["lastStatus"], task["desiredStatus"]) == ("PENDING", "RUNNING")
    assert (task["launchType"], task["group"], task["startedBy"]) == ("EC2", "family:web", "me")
    assert (task["cpu"], task["memory"]) == ("0", "512")
    assert task["containers"][0]["lastStatus"] == "PENDING"
    assert task["tags"] == [{"key": "a", "value": "b"}]
    assert task["attributes"] == [{"name": "ecs.cpu-architecture", "value": "x86_64"}]
    assert task["availabilityZone"] == instance.availability_zone

    ecsmock.clock.advance(16)
    [running] = ecs.describe_tasks(tasks=[task["taskArn"]])["tasks"]
    assert running["lastStatus"] == "RUNNING"
    assert running["startedAt"] > running["pullStoppedAt"] > running["pullStartedAt"]
    assert running["version"] > task["version"]
    [binding] = running["containers"][0]["networkBindings"]
    assert binding["containerPort"] == 80
    assert 32768 <= binding["hostPort"] <= 60999
    described = ecs.describe_container_instances(containerInstances=[instance.arn])
    assert described["containerInstances"][0]["runningTasksCount"] == 1


def test_fixed_ports_conflict_gives_failures(ecs, instance):
    register(
        ecs,
        containerDefinitions=[container(portMappings=[{"containerPort": 80, "hostPort": 8080}])],
    )
    answer = ecs.run_task(taskDefinition="web", count=2)
    assert len(answer["tasks"]) == 1
    assert answer["failures"] == [{"arn": instance.arn, "reason": "RESOURCE:PORTS"}]


def test_run_task_errors(ecs, instance):
    web(ecs)
    with raises_aws("InvalidParameterException", "count must be between 1 and 10."):
        ecs.run_task(taskDefinition="web", count=11)
    with raises_aws("InvalidParameterException", "TaskDefinition not found."):
        ecs.run_task(taskDefinition="nope")
    ecs.deregister_task_definition(taskDefinition="web:1")
    with raises_aws("InvalidParameterException", "TaskDefinition is inactive"):
        ecs.run_task(taskDefinition="web:1")
    assert ecs.list_tasks()["taskArns"] == []


def test_empty_cluster_and_bad_constraints(ecs):
    web(ecs)
    ecs.create_cluster()
    with raises_aws(
        "InvalidParameterException", "No Container Instances were found in your cluster."
    ):
        ecs.run_task(taskDefinition="web")
    with raises_aws(
        "InvalidParameterException", "distinctInstance expression should not be specified."
    ):
        ecs.run_task(
            taskDefinition="web",
            placementConstraints=[{"type": "distinctInstance", "expression": "x"}],
        )


def test_overrides_are_echoed_and_reserved(ecs, instance):
    web(ecs)
    overrides = {
        "containerOverrides": [{"name": "app", "command": ["sleep", "1"], "memory": 1024}],
        "taskRoleArn": "app-role",
    }
    [task] = ecs.run_task(taskDefinition="web", overrides=overrides)["tasks"]
    assert task["memory"] == "1024"
    assert task["overrides"]["containerOverrides"][0]["command"] == ["sleep", "1"]
    assert task["overrides"]["taskRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/app-role"
    assert instance.remaining_memory == instance.resources.memory - 1024
    with raises_aws(
        "InvalidParameterException",
        "Override for container named db is not a container in the TaskDefinition.",
    ):
        ecs.run_task(taskDefinition="web", overrides={"containerOverrides": [{"name": "db"}]})


def test_stop_task_lifecycle_frees_the_instance(ecs, ecsmock, instance):
    web(ecs)
    arn = ecs.run_task(taskDefinition="web")["tasks"][0]["taskArn"]
    ecsmock.clock.advance(30)
    stopped = ecs.stop_task(task=arn, reason="done")["task"]
    assert (stopped["desiredStatus"], stopped["stoppedReason"]) == ("STOPPED", "done")
    assert stopped["stopCode"] == "UserInitiated"
    assert ecs.list_tasks()["taskArns"] == []
    assert ecs.list_tasks(desiredStatus="STOPPED")["taskArns"] == [arn]
    ecsmock.clock.advance(10)
    [task] = ecs.describe_tasks(tasks=[arn])["tasks"]
    assert task["lastStatus"] == "STOPPED"
    assert task["containers"][0]["exitCode"] == 0
    assert task["stoppedAt"] >= task["executionStoppedAt"] >= task["stoppingAt"]
    assert instance.tasks == {}
    ecsmock.clock.advance(3600)
    assert ecs.describe_tasks(tasks=[arn])["failures"] == [{"arn": arn, "reason": "MISSING"}]
    with raises_aws("InvalidParameterException", "The referenced task was not found."):
        ecs.stop_task(task=arn)


def test_ignored_sigterm_gives_137_after_the_stop_timeout(ecs, ecsmock, backend, instance):
    backend.tasks.containers_ignore_sigterm = True
    web(ecs)
    arn = ecs.run_task(taskDefinition="web")["tasks"][0]["taskArn"]
    ecsmock.clock.advance(30)
    ecs.stop_task(task=arn)
    ecsmock.clock.advance(20)
    assert ecs.describe_tasks(tasks=[arn])["tasks"][0]["lastStatus"] == "STOPPING"
    ecsmock.clock.advance(20)
    [task] = ecs.describe_tasks(tasks=[arn])["tasks"]
    assert (task["lastStatus"], task["containers"][0]["exitCode"]) == ("STOPPED", 137)


def test_cluster_counts_and_delete_refusal(ecs, ecsmock, instance):
    web(ecs)
    ecs.run_task(taskDefinition="web", count=2)
    [cluster] = ecs.describe_clusters(clusters=["default"])["clusters"]
    assert (cluster["pendingTasksCount"], cluster["runningTasksCount"]) == (2, 0)
    ecsmock.clock.advance(60)
    [cluster] = ecs.describe_clusters(clusters=["default"])["clusters"]
    assert (cluster["pendingTasksCount"], cluster["runningTasksCount"]) == (0, 2)


def test_forced_deregistration_stops_tasks(ecs, ecsmock, instance):
    web(ecs)
    arn = ecs.run_task(taskDefinition="web")["tasks"][0]["taskArn"]
    ecs.deregister_container_instance(containerInstance=instance.arn, force=True)
    ecsmock.clock.advance(60)
    assert instance.tasks == {}
    [task] = ecs.describe_tasks(tasks=[arn])["tasks"]
    assert task["lastStatus"] == "STOPPED"
    assert task["stoppedReason"] == "Container instance deregistration forced by user"


def test_list_tasks_filters_and_pages(ecs, instance):
    web(ecs)
    arns = [
        t["taskArn"] for t in ecs.run_task(taskDefinition="web", count=3, startedBy="ci")["tasks"]
    ]
    assert ecs.list_tasks(family="web")["taskArns"] == arns
    assert ecs.list_tasks(family="other")["taskArns"] == []
    assert ecs.list_tasks(startedBy="ci")["taskArns"] == arns
    assert ecs.list_tasks(containerInstance=instance.arn)["taskArns"] == arns
    first = ecs.list_tasks(maxResults=2)
    assert first["taskArns"] == arns[:2]
    assert ecs.list_tasks(nextToken=first["nextToken"])["taskArns"] == arns[2:]
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.list_tasks(startedBy="ci", family="web")


def test_describe_tasks_limits_and_tags(ecs, instance):
    web(ecs)
    [task] = ecs.run_task(taskDefinition="web", tags=[{"key": "k", "value": "v"}])["tasks"]
    described = ecs.describe_tasks(tasks=[task["taskArn"]])["tasks"][0]
    assert described.get("tags", []) == []
    tagged = ecs.describe_tasks(tasks=[task["taskArn"]], include=["TAGS"])["tasks"][0]
    assert tagged["tags"] == [{"key": "k", "value": "v"}]
    with raises_aws("InvalidParameterException", "taskIds can have at most 100 items."):
        ecs.describe_tasks(tasks=["x"] * 101)
    assert ecs.list_tags_for_resource(resourceArn=task["taskArn"])["tags"] == [
        {"key": "k", "value": "v"}
    ]


def test_waiters_finish_without_sleeping(ecs, instance):
    web(ecs)
    arns = [t["taskArn"] for t in ecs.run_task(taskDefinition="web", count=2)["tasks"]]
    began = time.monotonic()
    ecs.get_waiter("tasks_running").wait(tasks=arns)
    tasks = ecs.describe_tasks(tasks=arns)["tasks"]
    assert all(t["lastStatus"] == "RUNNING" and t["startedAt"] > t["createdAt"] for t in tasks)
    ecs.stop_task(task=arns[0])
    ecs.get_waiter("tasks_stopped").wait(tasks=arns[:1])
    assert time.monotonic() - began < 5
