"""CreateService and UpdateService for the EXTERNAL and CODE_DEPLOY deployment
controllers: what each takes, the first task set of a CODE_DEPLOY service, the AWS
refusals, and the cluster's view of such services."""

from __future__ import annotations

import pytest
from ecs_helpers import raises_aws
from service_helpers import describe, web_definition
from task_set_helpers import (
    AWSVPC,
    create_task_set,
    declare_subnets,
    external_service,
    fargate_web,
    ip_target_groups,
    link,
    task_sets,
    tasks_started_by,
)

CODE_DEPLOY = {"type": "CODE_DEPLOY"}
USE_CODE_DEPLOY = "Use AWS CodeDeploy to trigger a new deployment."


@pytest.fixture(autouse=True)
def default_cluster(ecs):
    ecs.create_cluster(clusterName="default")


@pytest.fixture
def blue_green(ecs, ecsmock, elbv2):
    """A Fargate web definition and two ip target groups behind a load balancer."""
    declare_subnets(ecsmock)
    fargate_web(ecs)
    return ip_target_groups(elbv2, "blue", "green")


def code_deploy_service(ecs, target_group, **request):
    return ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        launchType="FARGATE",
        deploymentController=CODE_DEPLOY,
        networkConfiguration=AWSVPC,
        loadBalancers=[link(target_group)],
        **request,
    )["service"]


def test_a_code_deploy_service_runs_a_primary_task_set(ecs, ecsmock, elbv2, blue_green):
    blue, _ = blue_green
    service = code_deploy_service(ecs, blue)
    assert service["deploymentController"] == CODE_DEPLOY
    assert "deployments" not in service
    [first] = service["taskSets"]
    assert (first["status"], first["scale"]) == ("PRIMARY", {"value": 100.0, "unit": "PERCENT"})
    assert "externalId" not in first
    assert "startedBy" not in first
    assert (first["launchType"], first["platformVersion"]) == ("FARGATE", "1.4.0")
    assert first["loadBalancers"] == [link(blue)]
    assert service["taskDefinition"] == first["taskDefinition"]
    assert service["loadBalancers"] == [link(blue)]
    assert service["healthCheckGracePeriodSeconds"] == 0
    ecsmock.clock.advance(120)
    [running] = task_sets(ecs)
    assert (running["runningCount"], running["stabilityStatus"]) == (2, "STEADY_STATE")
    health = elbv2.describe_target_health(TargetGroupArn=blue)["TargetHealthDescriptions"]
    assert [target["TargetHealth"]["State"] for target in health] == ["healthy", "healthy"]
    assert describe(ecs)["events"][0]["message"] == "(service web) has reached a steady state."
    shown = ecs.describe_task_sets(cluster="default", service="web", taskSets=[first["id"]])
    assert [s["runningCount"] for s in shown["taskSets"]] == [2]


def test_code_deploy_services_need_a_task_definition_and_a_load_balancer(ecs, blue_green):
    with raises_aws(
        "InvalidParameterException",
        "Task definition must be specified for a service with the CODE_DEPLOY deployment "
        "controller.",
    ):
        ecs.create_service(serviceName="web", desiredCount=1, deploymentController=CODE_DEPLOY)
    with raises_aws(
        "InvalidParameterException",
        "A service with the CODE_DEPLOY deployment controller needs a load balancer: give "
        "loadBalancers with the target group of an Application or Network Load Balancer.",
    ):
        ecs.create_service(
            serviceName="web",
            taskDefinition="web",
            desiredCount=1,
            launchType="FARGATE",
            networkConfiguration=AWSVPC,
            deploymentController=CODE_DEPLOY,
        )
    assert ecs.list_services()["serviceArns"] == []


def test_update_service_of_a_code_deploy_service_takes_no_new_revision(ecs, ecsmock, blue_green):
    blue, green = blue_green
    code_deploy_service(ecs, blue)
    fargate_web(ecs, image="nginx:1.28")
    refusals = {
        "task definition": {"taskDefinition": "web:2"},
        "load balancers": {"loadBalancers": [link(blue)]},  # even unchanged
        "network parameters": {"networkConfiguration": AWSVPC},
        "platform version": {"platformVersion": "1.4.0"},
    }
    for what, request in refusals.items():
        with raises_aws(
            "InvalidParameterException",
            f"Unable to update {what} on services with a CODE_DEPLOY deployment controller. "
            f"{USE_CODE_DEPLOY}",
        ):
            ecs.update_service(service="web", **request)
    with raises_aws(
        "InvalidParameterException",
        "Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. "
        f"{USE_CODE_DEPLOY}",
    ):
        ecs.update_service(service="web", forceNewDeployment=True)
    updated = ecs.update_service(service="web", desiredCount=3, healthCheckGracePeriodSeconds=30)
    assert updated["service"]["healthCheckGracePeriodSeconds"] == 30
    ecsmock.clock.advance(120)
    [primary] = task_sets(ecs)
    assert (primary["computedDesiredCount"], primary["runningCount"]) == (3, 3)
    assert len(tasks_started_by(ecs, primary["id"])) == 3
    with raises_aws(
        "InvalidParameterException",
        "Amazon ECS only supports task set management on services configured to use external "
        "deployment controllers.",
    ):
        create_task_set(ecs, loadBalancers=[link(green)], networkConfiguration=AWSVPC)


def test_an_external_service_leaves_task_settings_to_its_task_sets(ecs):
    web_definition(ecs)
    refusals = {
        "TaskDefinition": {"taskDefinition": "web"},
        "LaunchType": {"launchType": "EC2"},
        "PlatformVersion": {"platformVersion": "LATEST"},
        "NetworkConfiguration": {"networkConfiguration": AWSVPC},
        "LoadBalancers": {"loadBalancers": [link("arn:aws:elasticloadbalancing:x")]},
    }
    for name, request in refusals.items():
        with raises_aws("InvalidParameterException", f"{name} must be empty or null."):
            external_service(ecs, **request)
    with raises_aws(
        "InvalidParameterException",
        "The DAEMON scheduling strategy is not supported by the EXTERNAL deployment "
        "controller; use REPLICA.",
    ):
        external_service(ecs, schedulingStrategy="DAEMON")
    with raises_aws(
        "InvalidParameterException",
        "The deployment circuit breaker is only supported for services with the ECS "
        "deployment controller.",
    ):
        external_service(
            ecs,
            deploymentConfiguration={
                "deploymentCircuitBreaker": {"enable": True, "rollback": False}
            },
        )
    assert ecs.list_services()["serviceArns"] == []


def test_an_external_service_keeps_its_own_settings(ecs, ecsmock):
    ecsmock.backend("ecs").join_instance("", "m5.large", availability_zone="us-east-1a")
    web_definition(ecs)
    service = external_service(
        ecs,
        desiredCount=2,
        role="ecsServiceRole",
        placementStrategy=[{"type": "binpack", "field": "memory"}],
        deploymentConfiguration={"maximumPercent": 150, "minimumHealthyPercent": 50},
        propagateTags="SERVICE",
        tags=[{"key": "team", "value": "a"}],
    )
    assert service["roleArn"] == "arn:aws:iam::123456789012:role/ecsServiceRole"
    assert service["deploymentConfiguration"] == {
        "maximumPercent": 150,
        "minimumHealthyPercent": 50,
    }
    assert service["placementStrategy"] == [{"type": "binpack", "field": "memory"}]
    created = create_task_set(ecs)
    ecsmock.clock.advance(30)
    [task, _] = tasks_started_by(ecs, created["id"])
    tags = ecs.list_tags_for_resource(resourceArn=task["taskArn"])["tags"]
    assert tags == [{"key": "team", "value": "a"}]  # propagated from the service
    with raises_aws(
        "InvalidParameterException",
        "Unable to update task definition on services with an EXTERNAL deployment controller. "
        "Create a new task set (CreateTaskSet) instead.",
    ):
        ecs.update_service(service="web", taskDefinition="web")
    updated = ecs.update_service(service="web", desiredCount=1, placementStrategy=[])["service"]
    assert (updated["desiredCount"], updated["placementStrategy"]) == (1, [])


def test_fargate_task_sets_take_no_placement(ecs, ecsmock):
    declare_subnets(ecsmock)
    fargate_web(ecs)
    external_service(ecs, placementConstraints=[{"type": "distinctInstance"}])
    with raises_aws(
        "InvalidParameterException",
        "Task placement constraints and strategies are not supported for launch type FARGATE.",
    ):
        create_task_set(ecs, launchType="FARGATE", networkConfiguration=AWSVPC)
    ecs.update_service(service="web", placementConstraints=[])
    created = create_task_set(ecs, launchType="FARGATE", networkConfiguration=AWSVPC)
    assert created["platformVersion"] == "1.4.0"  # LATEST, resolved
    with raises_aws(
        "InvalidParameterException",
        "Task placement constraints and strategies are not supported for launch type FARGATE.",
    ):
        ecs.update_service(service="web", placementConstraints=[{"type": "distinctInstance"}])


def test_a_task_set_has_at_most_one_target_group(ecs, ecsmock, elbv2, blue_green):
    blue, green = blue_green
    external_service(ecs)
    with raises_aws(
        "InvalidParameterException", "A task set can have only one load balancer target group."
    ):
        create_task_set(
            ecs,
            launchType="FARGATE",
            networkConfiguration=AWSVPC,
            loadBalancers=[link(blue), link(green)],
        )
    assert task_sets(ecs) == []


def test_the_cluster_counts_services_with_task_sets(ecs, ecsmock):
    ecsmock.backend("ecs").join_instance("", "m5.large")
    web_definition(ecs)
    external_service(ecs, desiredCount=1)
    created = create_task_set(ecs)
    ecs.update_service_primary_task_set(
        cluster="default", service="web", primaryTaskSet=created["id"]
    )
    [cluster] = ecs.describe_clusters(clusters=["default"], include=["STATISTICS"])["clusters"]
    assert cluster["activeServicesCount"] == 1
    statistics = {item["name"]: item["value"] for item in cluster["statistics"]}
    assert statistics["activeEC2ServiceCount"] == "1"
    assert ecs.list_services(launchType="EC2")["serviceArns"] == [describe(ecs)["serviceArn"]]
    assert ecs.list_services(launchType="FARGATE")["serviceArns"] == []
    with raises_aws(
        "ClusterContainsServicesException",
        "The Cluster cannot be deleted while Services are active.",
    ):
        ecs.delete_cluster(cluster="default")


def test_deleting_the_service_drains_its_task_sets(ecs, ecsmock):
    ecsmock.backend("ecs").join_instance("", "m5.large")
    web_definition(ecs)
    external_service(ecs, desiredCount=2)
    created = create_task_set(ecs)
    ecsmock.clock.advance(30)
    with raises_aws(
        "InvalidParameterException", "The service cannot be stopped while it is scaled above 0."
    ):
        ecs.delete_service(service="web")
    assert ecs.delete_service(service="web", force=True)["service"]["status"] == "DRAINING"
    ecsmock.clock.advance(60)
    service = describe(ecs)
    assert (service["status"], service["taskSets"]) == ("INACTIVE", [])
    assert tasks_started_by(ecs, created["id"]) == []
