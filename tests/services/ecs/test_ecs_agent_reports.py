"""What the ECS agent reports (SubmitContainerStateChange, SubmitTaskStateChange,
SubmitAttachmentStateChanges) changes in the tasks."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from ecs_helpers import container, raises_aws, register

SUBNET = "subnet-0aa11bb22"
NETWORK = {"awsvpcConfiguration": {"subnets": [SUBNET]}}


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


@pytest.fixture
def instance(backend):
    return backend.join_instance("", "m5.large")


def run_two_containers(ecs, ecsmock):
    register(
        ecs,
        containerDefinitions=[
            container("app", memory=256),
            container("sidecar", memory=256, essential=False),
        ],
    )
    [task] = ecs.run_task(taskDefinition="web")["tasks"]
    ecsmock.clock.advance(16)
    return task["taskArn"]


def describe(ecs, arn):
    [task] = ecs.describe_tasks(tasks=[arn])["tasks"]
    return task, {c["name"]: c for c in task["containers"]}


def test_an_essential_container_crash_stops_the_task(ecs, ecsmock, instance):
    arn = run_two_containers(ecs, ecsmock)
    answer = ecs.submit_container_state_change(
        cluster="default",
        task=arn,
        containerName="app",
        status="STOPPED",
        exitCode=139,
        reason="segfault",
    )
    assert answer["acknowledgment"] == "ACK"
    task, containers = describe(ecs, arn)
    assert (task["desiredStatus"], task["lastStatus"]) == ("STOPPED", "RUNNING")
    assert task["stopCode"] == "EssentialContainerExited"
    assert task["stoppedReason"] == "Essential container in task exited"
    assert containers["app"]["lastStatus"] == "STOPPED"
    assert (containers["app"]["exitCode"], containers["app"]["reason"]) == (139, "segfault")

    ecsmock.clock.advance(1)
    assert describe(ecs, arn)[0]["lastStatus"] == "STOPPING"
    ecsmock.clock.advance(4)
    task, containers = describe(ecs, arn)
    assert task["lastStatus"] == "STOPPED"
    assert containers["app"]["exitCode"] == 139
    assert (containers["sidecar"]["lastStatus"], containers["sidecar"]["exitCode"]) == (
        "STOPPED",
        0,
    )
    [described] = ecs.describe_container_instances(containerInstances=[instance.arn])[
        "containerInstances"
    ]
    assert described["runningTasksCount"] == 0
    remaining = {r["name"]: r.get("integerValue") for r in described["remainingResources"]}
    registered = {r["name"]: r.get("integerValue") for r in described["registeredResources"]}
    assert remaining["MEMORY"] == registered["MEMORY"]


def test_a_non_essential_container_stopping_leaves_the_task_running(ecs, ecsmock, instance):
    arn = run_two_containers(ecs, ecsmock)
    ecs.submit_container_state_change(
        task=arn, containerName="sidecar", status="STOPPED", exitCode=1
    )
    ecsmock.clock.advance(60)
    task, containers = describe(ecs, arn)
    assert (task["desiredStatus"], task["lastStatus"]) == ("RUNNING", "RUNNING")
    assert "stopCode" not in task
    assert (containers["sidecar"]["lastStatus"], containers["sidecar"]["exitCode"]) == (
        "STOPPED",
        1,
    )
    assert containers["app"]["lastStatus"] == "RUNNING"


def test_task_state_change_stopped_before_running_fails_to_start(ecs, ecsmock, instance):
    register(ecs)
    [task] = ecs.run_task(taskDefinition="web")["tasks"]
    pulled = datetime(2026, 1, 1, tzinfo=timezone.utc)
    ecs.submit_task_state_change(
        task=task["taskArn"],
        status="STOPPED",
        reason="CannotPullContainerError: pull access denied",
        pullStartedAt=pulled,
        containers=[{"containerName": "app", "status": "STOPPED", "reason": "no image"}],
    )
    ecsmock.clock.advance(30)
    stopped, containers = describe(ecs, task["taskArn"])
    assert stopped["lastStatus"] == "STOPPED"
    assert stopped["stopCode"] == "TaskFailedToStart"
    assert stopped["stoppedReason"] == "CannotPullContainerError: pull access denied"
    assert stopped["pullStartedAt"] == pulled
    assert "startedAt" not in stopped
    assert containers["app"]["reason"] == "no image"


def test_unknown_task_or_container_is_refused(ecs, ecsmock, backend, instance):
    missing = "arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef0123456789abcdef"
    # no task was ever run: the task store does not even exist yet
    with raises_aws("InvalidParameterException", "The referenced task was not found."):
        ecs.submit_container_state_change(task=missing, containerName="app", status="STOPPED")
    arn = run_two_containers(ecs, ecsmock)
    with raises_aws("InvalidParameterException", "The referenced task was not found."):
        ecs.submit_task_state_change(task=missing, status="STOPPED")
    with raises_aws("InvalidParameterException", "The referenced container was not found."):
        ecs.submit_container_state_change(task=arn, containerName="nope", status="STOPPED")
    ecs.create_cluster(clusterName="other")
    with raises_aws("InvalidParameterException", "The referenced task was not found."):
        ecs.submit_container_state_change(
            cluster="other", task=arn, containerName="app", status="STOPPED"
        )
    assert describe(ecs, arn)[0]["desiredStatus"] == "RUNNING"


def test_a_stopped_task_ignores_reports(ecs, ecsmock, instance):
    arn = run_two_containers(ecs, ecsmock)
    ecs.stop_task(task=arn)
    ecsmock.clock.advance(10)
    before = describe(ecs, arn)[0]
    answer = ecs.submit_container_state_change(
        task=arn, containerName="app", status="STOPPED", exitCode=9
    )
    assert answer["acknowledgment"] == "ACK"
    after = describe(ecs, arn)[0]
    assert after == before
    assert after["stopCode"] == "UserInitiated"


def test_attachment_status_change_on_an_awsvpc_task(ecs, ecsmock, backend):
    backend.join_instance("", "m5.large", subnet_id=SUBNET)
    register(ecs, networkMode="awsvpc")
    [task] = ecs.run_task(taskDefinition="web", networkConfiguration=NETWORK)["tasks"]
    ecsmock.clock.advance(21)
    attachment_id = describe(ecs, task["taskArn"])[0]["attachments"][0]["id"]
    attachment_arn = f"arn:aws:ecs:us-east-1:123456789012:attachment/{attachment_id}"
    answer = ecs.submit_attachment_state_changes(
        attachments=[{"attachmentArn": attachment_arn, "status": "DETACHED"}]
    )
    assert answer["acknowledgment"] == "ACK"
    [attachment] = describe(ecs, task["taskArn"])[0]["attachments"]
    assert attachment["status"] == "DETACHED"
    with raises_aws("InvalidParameterException", "The referenced attachment was not found."):
        ecs.submit_attachment_state_changes(
            attachments=[{"attachmentArn": "arn:nope/x", "status": "ATTACHED"}]
        )


def test_image_digest_and_managed_agents_are_shown(ecs, ecsmock, instance):
    arn = run_two_containers(ecs, ecsmock)
    digest = "sha256:" + "ab" * 32
    ecs.submit_task_state_change(
        task=arn,
        containers=[{"containerName": "app", "imageDigest": digest, "status": "RUNNING"}],
        managedAgents=[
            {
                "containerName": "app",
                "managedAgentName": "ExecuteCommandAgent",
                "status": "RUNNING",
            }
        ],
    )
    _, containers = describe(ecs, arn)
    assert containers["app"]["imageDigest"] == digest
    [agent] = containers["app"]["managedAgents"]
    assert agent["name"] == "ExecuteCommandAgent"
    assert agent["lastStatus"] == "RUNNING"
    assert agent["lastStartedAt"] == ecsmock.clock.now()
    assert "managedAgents" not in containers["sidecar"]
