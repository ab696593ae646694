"""Task sets of services with the EXTERNAL deployment controller: CreateTaskSet,
UpdateTaskSet, UpdateServicePrimaryTaskSet, DeleteTaskSet, DescribeTaskSets and the
task sets DescribeServices shows."""

from __future__ import annotations

import re

import pytest
from ecs_helpers import cluster_arn, raises_aws
from service_helpers import describe, service_arn, web_definition
from task_set_helpers import (
    TASK_SET_ID,
    create_task_set,
    external_service,
    task_set,
    task_set_arn,
    tasks_started_by,
)

NOT_MANAGED = (
    "Amazon ECS only supports task set management on services configured to use external "
    "deployment controllers."
)


@pytest.fixture(autouse=True)
def default_cluster(ecs):
    ecs.create_cluster(clusterName="default")


@pytest.fixture
def instances(ecsmock):
    backend = ecsmock.backend("ecs")
    for zone in "ab":
        backend.join_instance("", "m5.large", availability_zone=f"us-east-1{zone}")


def test_an_external_service_starts_without_task_sets(ecs):
    service = external_service(ecs)
    assert service["deploymentController"] == {"type": "EXTERNAL"}
    assert (service["taskSets"], service["deployments"]) == ([], [])
    assert (service["desiredCount"], service["launchType"]) == (0, "EC2")
    assert service["loadBalancers"] == []
    assert "taskDefinition" not in service


def test_create_task_set_answers_with_its_settings(ecs):
    definition = web_definition(ecs)
    external_service(ecs, desiredCount=2)
    created = create_task_set(
        ecs,
        externalId="blue",
        scale={"value": 50, "unit": "PERCENT"},
        tags=[{"key": "team", "value": "a"}],
    )
    assert re.fullmatch(TASK_SET_ID, created["id"])
    assert created["taskSetArn"] == task_set_arn(created["id"])
    assert (created["serviceArn"], created["clusterArn"]) == (
        service_arn("web"),
        cluster_arn("default"),
    )
    assert (created["status"], created["taskDefinition"]) == ("ACTIVE", definition)
    assert created["externalId"] == "blue"
    assert "startedBy" not in created
    assert created["scale"] == {"value": 50.0, "unit": "PERCENT"}
    assert created["computedDesiredCount"] == 0  # the scheduler computes it at its next pass
    assert (created["launchType"], created["loadBalancers"]) == ("EC2", [])
    assert (created["stabilityStatus"], created["stabilityStatusAt"]) == (
        "STABILIZING",
        created["createdAt"],
    )
    assert created["tags"] == [{"key": "team", "value": "a"}]


def test_a_task_set_runs_its_share_of_the_desired_count(ecs, ecsmock, instances):
    web_definition(ecs)
    external_service(ecs, desiredCount=5)
    created = create_task_set(ecs, scale={"value": 30, "unit": "PERCENT"})
    ecsmock.clock.advance(30)
    running = task_set(ecs, created["id"])
    assert running["computedDesiredCount"] == 2  # ceil(5 * 30%)
    assert (running["runningCount"], running["pendingCount"]) == (2, 0)
    assert running["stabilityStatus"] == "STEADY_STATE"
    assert running["stabilityStatusAt"] > running["createdAt"]
    tasks = tasks_started_by(ecs, created["id"])
    assert [task["group"] for task in tasks] == ["service:web", "service:web"]
    assert describe(ecs)["runningCount"] == 2


def test_the_primary_task_set_lends_the_service_its_settings(ecs, ecsmock, instances):
    web_definition(ecs)
    green = web_definition(ecs, image="nginx:1.28")
    external_service(ecs, desiredCount=1)
    blue_set = create_task_set(ecs, taskDefinition="web:1")
    green_set = create_task_set(ecs, taskDefinition="web:2")
    ecs.update_service_primary_task_set(
        cluster="default", service="web", primaryTaskSet=blue_set["taskSetArn"]
    )
    answer = ecs.update_service_primary_task_set(
        cluster="default", service="web", primaryTaskSet=green_set["id"]
    )["taskSet"]
    assert (answer["id"], answer["status"]) == (green_set["id"], "PRIMARY")
    assert task_set(ecs, blue_set["id"])["status"] == "ACTIVE"
    service = describe(ecs)
    assert (service["taskDefinition"], service["launchType"]) == (green, "EC2")
    ecsmock.clock.advance(30)
    assert describe(ecs)["runningCount"] == 2  # both sets run at 100% until one is scaled


def test_update_task_set_and_update_service_change_the_computed_count(ecs, ecsmock, instances):
    web_definition(ecs)
    external_service(ecs, desiredCount=2)
    created = create_task_set(ecs)
    ecsmock.clock.advance(30)
    answer = ecs.update_task_set(
        cluster="default",
        service="web",
        taskSet=created["id"],
        scale={"value": 0, "unit": "PERCENT"},
    )["taskSet"]
    assert answer["scale"] == {"value": 0.0, "unit": "PERCENT"}
    ecsmock.clock.advance(60)
    assert task_set(ecs, created["id"])["computedDesiredCount"] == 0
    assert tasks_started_by(ecs, created["id"]) == []
    ecs.update_task_set(
        cluster="default",
        service="web",
        taskSet=created["taskSetArn"],
        scale={"value": 100, "unit": "PERCENT"},
    )
    ecs.update_service(service="web", desiredCount=3)
    ecsmock.clock.advance(30)
    scaled = task_set(ecs, created["id"])
    assert (scaled["computedDesiredCount"], scaled["runningCount"]) == (3, 3)


def test_deleting_a_task_set_drains_it_away(ecs, ecsmock, instances):
    web_definition(ecs)
    external_service(ecs, desiredCount=1)
    old = create_task_set(ecs)
    new = create_task_set(ecs)
    ecs.update_service_primary_task_set(cluster="default", service="web", primaryTaskSet=new["id"])
    ecsmock.clock.advance(30)
    with raises_aws("InvalidParameterException", "Primary TaskSet cannot be deleted"):
        ecs.delete_task_set(cluster="default", service="web", taskSet=new["id"])
    deleted = ecs.delete_task_set(cluster="default", service="web", taskSet=old["id"])["taskSet"]
    assert deleted["status"] == "DRAINING"
    ecsmock.clock.advance(60)
    assert [s["id"] for s in describe(ecs)["taskSets"]] == [new["id"]]
    assert tasks_started_by(ecs, old["id"]) == []
    answer = ecs.describe_task_sets(cluster="default", service="web", taskSets=[old["id"]])
    assert answer["failures"] == [{"arn": old["taskSetArn"], "reason": "MISSING"}]
    forced = ecs.delete_task_set(cluster="default", service="web", taskSet=new["id"], force=True)
    assert forced["taskSet"]["status"] == "DRAINING"


def test_describe_task_sets_shows_tags_on_request_and_missing_ones(ecs):
    web_definition(ecs)
    external_service(ecs)
    created = create_task_set(ecs, tags=[{"key": "team", "value": "a"}])
    unknown = "ecs-svc/1234567890123456789"
    answer = ecs.describe_task_sets(
        cluster="default", service="web", taskSets=[created["taskSetArn"], unknown]
    )
    [found] = answer["taskSets"]
    assert found["id"] == created["id"]
    assert "tags" not in found
    assert answer["failures"] == [{"arn": task_set_arn(unknown), "reason": "MISSING"}]
    tagged = ecs.describe_task_sets(
        cluster="default", service="web", taskSets=[created["id"]], include=["TAGS"]
    )
    assert tagged["taskSets"][0]["tags"] == [{"key": "team", "value": "a"}]
    with raises_aws("InvalidParameterException", "TaskSets cannot be empty."):
        ecs.describe_task_sets(cluster="default", service="web")
    with raises_aws("InvalidParameterException", "Task Set Identifier is invalid"):
        ecs.describe_task_sets(cluster="default", service="web", taskSets=["blue"])


def test_only_external_services_take_task_set_changes(ecs):
    web_definition(ecs)
    ecs.create_service(serviceName="rolling", taskDefinition="web", desiredCount=0)
    with raises_aws("InvalidParameterException", NOT_MANAGED):
        create_task_set(ecs, service="rolling")
    with raises_aws("InvalidParameterException", NOT_MANAGED):
        ecs.describe_task_sets(cluster="default", service="rolling", taskSets=["ecs-svc/1"])
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        ecs.create_task_set(cluster="nope", service="web", taskDefinition="web")
    with raises_aws("ServiceNotFoundException", "Service not found."):
        create_task_set(ecs, service="nope")
    external_service(ecs)
    ecs.delete_service(service="web")
    with raises_aws("ServiceNotActiveException", "Service was not ACTIVE."):
        create_task_set(ecs)


def test_create_task_set_refusals_change_nothing(ecs):
    web_definition(ecs)
    external_service(ecs, desiredCount=1)
    with raises_aws("InvalidParameterException", "TaskDefinition not found."):
        create_task_set(ecs, taskDefinition="other")
    with raises_aws(
        "InvalidParameterException",
        "The scale value 150 is not valid: it must be between 0 and 100 (percent of the "
        "service's desiredCount).",
    ):
        create_task_set(ecs, scale={"value": 150, "unit": "PERCENT"})
    with raises_aws(
        "InvalidParameterException", "serviceRegistries is not supported by pytest-ecsmock yet."
    ):
        create_task_set(ecs, serviceRegistries=[{"registryArn": "arn:aws:servicediscovery:x"}])
    with raises_aws(
        "InvalidParameterException",
        "Tag key 'aws:x' uses the reserved prefix 'aws:', which is for AWS use only.",
    ):
        create_task_set(ecs, tags=[{"key": "aws:x", "value": "1"}])
    assert describe(ecs)["taskSets"] == []
    for _ in range(5):
        create_task_set(ecs)
    with raises_aws(
        "InvalidParameterException",
        "5 deployments exist on the service. Unable to create new TaskSet since this exceeds "
        "the maximum limit.",
    ):
        create_task_set(ecs)


def test_a_repeated_client_token_answers_with_the_same_task_set(ecs):
    web_definition(ecs)
    external_service(ecs)
    first = create_task_set(ecs, clientToken="deploy-42")
    again = create_task_set(ecs, clientToken="deploy-42")
    assert again["id"] == first["id"]
    assert len(describe(ecs)["taskSets"]) == 1


def test_changes_to_unknown_or_deleted_task_sets_are_refused(ecs):
    web_definition(ecs)
    external_service(ecs)
    created = create_task_set(ecs)
    unknown = "ecs-svc/1234567890123456789"
    scale = {"value": 10, "unit": "PERCENT"}
    with raises_aws("TaskSetNotFoundException", "The specified task set does not exist."):
        ecs.update_task_set(cluster="default", service="web", taskSet=unknown, scale=scale)
    with raises_aws("TaskSetNotFoundException", "The specified task set does not exist."):
        ecs.update_service_primary_task_set(
            cluster="default", service="web", primaryTaskSet=unknown
        )
    with raises_aws("TaskSetNotFoundException", "The specified task set does not exist."):
        ecs.delete_task_set(cluster="default", service="web", taskSet=unknown)
    ecs.delete_task_set(cluster="default", service="web", taskSet=created["id"])
    with raises_aws(
        "InvalidParameterException",
        f"The task set {created['id']} is DRAINING (deleted) and cannot be changed.",
    ):
        ecs.update_task_set(cluster="default", service="web", taskSet=created["id"], scale=scale)


def test_task_sets_are_tagged_by_arn(ecs):
    web_definition(ecs)
    external_service(ecs)
    arn = create_task_set(ecs)["taskSetArn"]
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "stage", "value": "canary"}])
    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == [
        {"key": "stage", "value": "canary"}
    ]
    ecs.untag_resource(resourceArn=arn, tagKeys=["stage"])
    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == []
    with raises_aws("TaskSetNotFoundException", "The specified task set does not exist."):
        ecs.list_tags_for_resource(resourceArn=task_set_arn("ecs-svc/1234567890123456789"))
