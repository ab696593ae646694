"""What the ECS agent calls: UpdateContainerAgent, DiscoverPollEndpoint and its reports."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from ecs_helpers import REGION, raises_aws
from instance_helpers import register

from pytest_ecsmock.services.ecs.container_instances.capabilities import AGENT_VERSION

NO_UPDATE = (
    "There's no update available for this Amazon ECS container agent. This might be "
    "because the agent is already running the latest version or because it's so old that "
    "there's no update path to the current version."
)


@pytest.fixture
def cluster(ecs):
    return ecs.create_cluster(clusterName="prod")["cluster"]


def old_agent(ecs, version="1.60.0"):
    return register(ecs, "prod", versionInfo={"agentVersion": version, "agentHash": "0ld"})


def agent_state(ecs, arn):
    answer = ecs.describe_container_instances(cluster="prod", containerInstances=[arn])
    instance = answer["containerInstances"][0]
    return instance.get("agentUpdateStatus"), instance["versionInfo"]["agentVersion"]


def test_update_container_agent_steps_through_the_update_on_the_clock(ecs, ecsmock, cluster):
    arn = old_agent(ecs)["containerInstanceArn"]

    answer = ecs.update_container_agent(cluster="prod", containerInstance=arn)

    assert answer["containerInstance"]["agentUpdateStatus"] == "PENDING"
    assert agent_state(ecs, arn) == ("PENDING", "1.60.0")
    ecsmock.clock.advance(10)
    assert agent_state(ecs, arn) == ("STAGING", "1.60.0")
    ecsmock.clock.advance(20)
    assert agent_state(ecs, arn) == ("UPDATING", "1.60.0")
    ecsmock.clock.advance(10)
    assert agent_state(ecs, arn) == ("UPDATED", AGENT_VERSION)


def test_update_container_agent_while_updating_is_refused(ecs, cluster):
    arn = old_agent(ecs)["containerInstanceArn"]
    ecs.update_container_agent(cluster="prod", containerInstance=arn)

    with pytest.raises(ecs.exceptions.UpdateInProgressException, match="already a current"):
        ecs.update_container_agent(cluster="prod", containerInstance=arn)


def test_no_update_for_the_newest_agent(ecs, ecsmock, cluster):
    arn = old_agent(ecs, AGENT_VERSION)["containerInstanceArn"]
    joined = ecsmock.backend("ecs").join_instance("ECS_CLUSTER=prod", "m5.large")

    for target in (arn, joined.arn):
        with raises_aws("NoUpdateAvailableException", NO_UPDATE):
            ecs.update_container_agent(cluster="prod", containerInstance=target)


def test_no_update_once_updated(ecs, ecsmock, cluster):
    arn = old_agent(ecs)["containerInstanceArn"]
    ecs.update_container_agent(cluster="prod", containerInstance=arn)
    ecsmock.clock.advance(60)

    with raises_aws("NoUpdateAvailableException", NO_UPDATE):
        ecs.update_container_agent(cluster="prod", containerInstance=arn)


@pytest.mark.parametrize("version", [None, "custom-build"])
def test_an_agent_without_a_known_version_cannot_be_updated(ecs, cluster, version):
    info = {} if version is None else {"agentVersion": version}
    arn = register(ecs, "prod", versionInfo=info)["containerInstanceArn"]

    with pytest.raises(ecs.exceptions.MissingVersionException, match="can't determine"):
        ecs.update_container_agent(cluster="prod", containerInstance=arn)


def test_windows_agents_are_not_updated_by_the_api(ecs, cluster):
    arn = register(ecs, "prod", attributes=[{"name": "ecs.os-type", "value": "windows"}])[
        "containerInstanceArn"
    ]

    with pytest.raises(ecs.exceptions.InvalidParameterException, match="Windows"):
        ecs.update_container_agent(cluster="prod", containerInstance=arn)


def test_an_update_stops_when_the_instance_is_deregistered(ecs, ecsmock, cluster):
    arn = old_agent(ecs)["containerInstanceArn"]
    ecs.update_container_agent(cluster="prod", containerInstance=arn)
    ecs.deregister_container_instance(cluster="prod", containerInstance=arn)

    ecsmock.clock.advance(60)

    assert agent_state(ecs, arn) == ("PENDING", "1.60.0")
    with raises_aws("ClientException", f"Container instance {arn.rsplit('/', 1)[1]} is inactive."):
        ecs.update_container_agent(cluster="prod", containerInstance=arn)


def test_update_container_agent_of_an_unknown_instance(ecs, cluster):
    with raises_aws("InvalidParameterException", "Container instance not found."):
        ecs.update_container_agent(cluster="prod", containerInstance="e" * 32)


# ---------------------------------------------------------------------- poll endpoint


def test_discover_poll_endpoint(ecs, cluster):
    arn = register(ecs, "prod")["containerInstanceArn"]

    answer = ecs.discover_poll_endpoint(cluster="prod", containerInstance=arn)

    assert answer["endpoint"] == f"https://ecs-a-1.{REGION}.amazonaws.com/"
    assert answer["telemetryEndpoint"] == f"https://ecs-t-1.{REGION}.amazonaws.com/"
    assert answer["serviceConnectEndpoint"] == f"https://ecs-sc.{REGION}.api.aws"


def test_discover_poll_endpoint_checks_what_it_is_given(ecs, cluster):
    assert ecs.discover_poll_endpoint()["endpoint"].startswith("https://ecs-a-1.")
    with raises_aws("ClientException", "Cluster not found."):
        ecs.discover_poll_endpoint(cluster="nowhere")
    with raises_aws("InvalidParameterException", "Container instance not found."):
        ecs.discover_poll_endpoint(cluster="prod", containerInstance="e" * 32)


# ---------------------------------------------------------------------- state change reports


def test_state_change_reports_are_acknowledged_and_handed_to_the_hooks(ecs, ecsmock, cluster):
    hooks = ecsmock.backend("ecs").container_instances.hooks
    seen = []
    hooks.task_state_change.append(lambda params: seen.append(("task", params["status"])))
    hooks.container_state_change.append(
        lambda params: seen.append(("container", params["exitCode"]))
    )
    hooks.attachment_state_changes.append(
        lambda params: seen.append(("attachments", len(params["attachments"])))
    )
    task = "arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef"

    answers = [
        ecs.submit_task_state_change(
            cluster="prod",
            task=task,
            status="RUNNING",
            pullStartedAt=datetime(2026, 1, 1, tzinfo=timezone.utc),
        ),
        ecs.submit_container_state_change(
            cluster="prod", task=task, containerName="app", status="STOPPED", exitCode=0
        ),
        ecs.submit_attachment_state_changes(
            cluster="prod", attachments=[{"attachmentArn": "arn:eni", "status": "ATTACHED"}]
        ),
    ]

    assert [answer["acknowledgment"] for answer in answers] == ["ACK"] * 3
    assert seen == [("task", "RUNNING"), ("container", 0), ("attachments", 1)]


def test_state_change_reports_need_an_existing_cluster(ecs):
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        ecs.submit_task_state_change(cluster="nowhere", status="RUNNING")
