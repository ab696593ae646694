"""CreateService, DescribeServices, ListServices, UpdateService, DeleteService: the
records, their defaults and the AWS errors (the scheduler has its own tests)."""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError
from ecs_helpers import ACCOUNT, REGION, cluster_arn, fargate, raises_aws
from service_helpers import describe, service_arn, service_tasks, web_definition

from pytest_ecsmock import mock_ecs


@pytest.fixture(autouse=True)
def default_cluster(ecs):
    ecs.create_cluster(clusterName="default")


@pytest.fixture
def instances(ecsmock):
    backend = ecsmock.backend("ecs")
    return [
        backend.join_instance("", "m5.large", availability_zone=f"{REGION}{zone}") for zone in "ab"
    ]


def test_create_service_answers_with_its_defaults(ecs):
    arn = web_definition(ecs)
    service = ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        tags=[{"key": "team", "value": "a"}],
    )["service"]
    assert service["serviceArn"] == service_arn("web")
    assert service["clusterArn"] == cluster_arn("default")
    assert (service["status"], service["desiredCount"]) == ("ACTIVE", 2)
    assert (service["runningCount"], service["pendingCount"]) == (0, 0)
    assert (service["launchType"], service["schedulingStrategy"]) == ("EC2", "REPLICA")
    assert service["taskDefinition"] == arn
    assert service["deploymentController"] == {"type": "ECS"}
    assert service["deploymentConfiguration"] == {
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
        "maximumPercent": 200,
        "minimumHealthyPercent": 100,
        "strategy": "ROLLING",
    }
    assert service["tags"] == [{"key": "team", "value": "a"}]
    assert service["createdBy"] == f"arn:aws:iam::{ACCOUNT}:root"
    [deployment] = service["deployments"]
    assert re.fullmatch(r"ecs-svc/\d{19}", deployment["id"])
    assert (deployment["status"], deployment["rolloutState"]) == ("PRIMARY", "IN_PROGRESS")
    assert (deployment["desiredCount"], deployment["taskDefinition"]) == (2, arn)
    assert "rolloutStateReason" not in deployment
    assert service["healthCheckGracePeriodSeconds"] == 0


def test_create_service_refusals(ecs, ecsmock):
    web_definition(ecs)
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        ecs.create_service(cluster="nope", serviceName="web", taskDefinition="web", desiredCount=1)
    with raises_aws("InvalidParameterException", "TaskDefinition not found."):
        ecs.create_service(serviceName="web", taskDefinition="other", desiredCount=1)
    with raises_aws(
        "InvalidParameterException",
        "Desired count must be specified for a service with the REPLICA scheduling strategy.",
    ):
        ecs.create_service(serviceName="web", taskDefinition="web")
    with raises_aws(
        "InvalidParameterException", "serviceRegistries is not supported by pytest-ecsmock yet."
    ):
        ecs.create_service(
            serviceName="web",
            taskDefinition="web",
            desiredCount=1,
            serviceRegistries=[{"registryArn": "arn:aws:servicediscovery:us-east-1:1:service/s"}],
        )
    with raises_aws(
        "InvalidParameterException", "minimumHealthyPercent must be between 0 and 100."
    ):
        ecs.create_service(
            serviceName="web",
            taskDefinition="web",
            desiredCount=1,
            deploymentConfiguration={"minimumHealthyPercent": 150},
        )
    with raises_aws(
        "InvalidParameterException",
        "The daemon scheduling strategy does not support a desired count for services.",
    ):
        ecs.create_service(
            serviceName="web", taskDefinition="web", desiredCount=1, schedulingStrategy="DAEMON"
        )
    with raises_aws(
        "InvalidParameterException",
        "The daemon scheduling strategy does not support values above 100 for maximumPercent "
        "on a deployment configuration. Change the maximumPercent value to 100, and try again",
    ):
        ecs.create_service(
            serviceName="web",
            taskDefinition="web",
            schedulingStrategy="DAEMON",
            deploymentConfiguration={"maximumPercent": 200},
        )
    assert ecs.list_services()["serviceArns"] == []  # nothing was made
    assert ecsmock.calls.filter(operation="CreateService")[-1].error is not None


def test_a_second_service_of_the_same_name_is_refused_until_the_first_is_inactive(ecs, ecsmock):
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=0)
    with raises_aws("InvalidParameterException", "Creation of service was not idempotent."):
        ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=0)
    ecs.delete_service(service="web")
    ecs.get_waiter("services_inactive").wait(services=["web"])
    again = ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=0)
    assert again["service"]["status"] == "ACTIVE"


def test_a_retry_with_the_same_client_token_returns_the_service(ecs):
    web_definition(ecs)
    first = ecs.create_service(
        serviceName="web", taskDefinition="web", desiredCount=0, clientToken="deploy-42"
    )["service"]
    again = ecs.create_service(
        serviceName="web", taskDefinition="web", desiredCount=0, clientToken="deploy-42"
    )["service"]
    assert again["deployments"][0]["id"] == first["deployments"][0]["id"]
    with raises_aws("InvalidParameterException", "Creation of service was not idempotent."):
        ecs.create_service(
            serviceName="web", taskDefinition="web", desiredCount=0, clientToken="deploy-43"
        )


def test_describe_services_reports_missing_ones_and_tags_on_request(ecs):
    web_definition(ecs)
    ecs.create_service(
        serviceName="web", taskDefinition="web", desiredCount=0, tags=[{"key": "k", "value": "v"}]
    )
    answer = ecs.describe_services(services=["web", "ghost"])
    assert [s["serviceName"] for s in answer["services"]] == ["web"]
    assert "tags" not in answer["services"][0]
    assert answer["failures"] == [{"arn": service_arn("ghost"), "reason": "MISSING"}]
    tagged = ecs.describe_services(services=[service_arn("web")], include=["TAGS"])
    assert tagged["services"][0]["tags"] == [{"key": "k", "value": "v"}]
    with raises_aws("InvalidParameterException", "services can have at most 10 items."):
        ecs.describe_services(services=[f"s{n}" for n in range(11)])


def test_list_services_pages_ten_by_default_and_filters(ecs):
    web_definition(ecs)
    for number in range(12):
        ecs.create_service(serviceName=f"web{number:02d}", taskDefinition="web", desiredCount=0)
    first = ecs.list_services()
    assert len(first["serviceArns"]) == 10
    second = ecs.list_services(nextToken=first["nextToken"])
    assert "nextToken" not in second
    names = [arn.rpartition("/")[2] for arn in first["serviceArns"] + second["serviceArns"]]
    assert names == [f"web{number:02d}" for number in range(12)]
    pages = ecs.get_paginator("list_services").paginate(PaginationConfig={"PageSize": 5})
    assert sum(len(page["serviceArns"]) for page in pages) == 12
    assert ecs.list_services(launchType="FARGATE")["serviceArns"] == []
    assert len(ecs.list_services(launchType="EC2", maxResults=100)["serviceArns"]) == 12
    assert ecs.list_services(schedulingStrategy="DAEMON")["serviceArns"] == []
    ecs.delete_service(service="web00")
    assert service_arn("web00") not in ecs.list_services(maxResults=100)["serviceArns"]


def test_update_service_starts_a_deployment_only_when_the_revision_changes(ecs):
    first = web_definition(ecs)
    second = web_definition(ecs, image="nginx:1.28")
    ecs.create_service(serviceName="web", taskDefinition=first, desiredCount=0)
    scaled = ecs.update_service(service="web", desiredCount=0)["service"]
    assert len(scaled["deployments"]) == 1
    updated = ecs.update_service(service="web", taskDefinition=second)["service"]
    assert updated["taskDefinition"] == second
    assert len(updated["deployments"]) >= 1
    assert updated["deployments"][0]["taskDefinition"] == second
    forced = ecs.update_service(service="web", forceNewDeployment=True)["service"]
    assert forced["deployments"][0]["id"] != updated["deployments"][0]["id"]
    with raises_aws("ServiceNotFoundException", "Service not found."):
        ecs.update_service(service="ghost", desiredCount=1)


def test_update_service_changes_the_deployment_configuration(ecs):
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=0)
    updated = ecs.update_service(
        service="web",
        deploymentConfiguration={
            "maximumPercent": 150,
            "minimumHealthyPercent": 50,
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        },
    )["service"]
    assert updated["deploymentConfiguration"]["maximumPercent"] == 150
    assert updated["deploymentConfiguration"]["minimumHealthyPercent"] == 50
    assert updated["deploymentConfiguration"]["deploymentCircuitBreaker"] == {
        "enable": True,
        "rollback": True,
    }
    assert len(updated["deployments"]) == 1


def test_delete_service_needs_zero_tasks_or_force(ecs, ecsmock, instances):
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=2)
    ecs.get_waiter("services_stable").wait(services=["web"])
    with raises_aws(
        "InvalidParameterException", "The service cannot be stopped while it is scaled above 0."
    ):
        ecs.delete_service(service="web")
    deleted = ecs.delete_service(service="web", force=True)["service"]
    assert (deleted["status"], deleted["desiredCount"]) == ("DRAINING", 0)
    assert describe(ecs)["status"] == "DRAINING"
    assert ecs.list_services()["serviceArns"] == []
    with raises_aws("ServiceNotActiveException", "Service was not ACTIVE."):
        ecs.update_service(service="web", desiredCount=1)
    ecs.get_waiter("services_inactive").wait(services=["web"])
    assert describe(ecs)["status"] == "INACTIVE"
    assert service_tasks(ecs) == []
    stopped = service_tasks(ecs, desiredStatus="STOPPED")
    assert {task["stopCode"] for task in stopped} == {"ServiceSchedulerInitiated"}
    ecsmock.clock.advance(3601)
    assert ecs.describe_services(services=["web"])["failures"][0]["reason"] == "MISSING"


def test_the_cluster_counts_its_services_and_cannot_be_deleted_with_them(ecs):
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=0)
    [cluster] = ecs.describe_clusters(clusters=["default"])["clusters"]
    assert cluster["activeServicesCount"] == 1
    with raises_aws(
        "ClusterContainsServicesException",
        "The Cluster cannot be deleted while Services are active.",
    ):
        ecs.delete_cluster(cluster="default")
    ecs.delete_service(service="web")
    [cluster] = ecs.describe_clusters(clusters=["default"], include=["STATISTICS"])["clusters"]
    assert {s["name"]: s["value"] for s in cluster["statistics"]}["drainingEC2ServiceCount"] in (
        "0",
        "1",
    )


def test_services_are_tagged_by_arn(ecs):
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=0)
    ecs.tag_resource(resourceArn=service_arn("web"), tags=[{"key": "a", "value": "1"}])
    assert ecs.list_tags_for_resource(resourceArn=service_arn("web"))["tags"] == [
        {"key": "a", "value": "1"}
    ]


def test_list_tasks_by_service(ecs, instances):
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=2)
    ecs.run_task(taskDefinition="web")
    ecs.get_waiter("services_stable").wait(services=["web"])
    tasks = service_tasks(ecs)
    assert len(tasks) == 2
    assert {task["group"] for task in tasks} == {"service:web"}
    assert {task["startedBy"] for task in tasks} == {describe(ecs)["deployments"][0]["id"]}
    assert len(ecs.list_tasks()["taskArns"]) == 3
    with raises_aws("ServiceNotFoundException", "Service not found."):
        ecs.list_tasks(serviceName="ghost")


def test_strict_roles_refuse_a_service_whose_task_role_cannot_be_assumed():
    import boto3

    with mock_ecs(strict_roles=True):
        ecs = boto3.client("ecs", region_name=REGION)
        ecs.create_cluster(clusterName="default")
        role = f"arn:aws:iam::{ACCOUNT}:role/missing"
        ecs.register_task_definition(
            family="api",
            taskRoleArn=role,
            containerDefinitions=[{"name": "app", "image": "nginx", "memory": 256}],
        )
        with raises_aws(
            "ClientException",
            f"ECS was unable to assume the role '{role}' that was provided for this task. "
            "Please verify that the role being passed has the proper trust relationship and "
            "permissions and that your IAM user has permissions to pass this role.",
        ):
            ecs.create_service(serviceName="api", taskDefinition="api", desiredCount=1)


def test_list_services_by_namespace_knows_no_namespace(ecs):
    with raises_aws(
        "NamespaceNotFoundException",
        "Namespace 'ns' not found. Service Connect namespaces are not simulated by "
        "pytest-ecsmock yet, so no service belongs to one.",
    ):
        ecs.list_services_by_namespace(namespace="ns")


@pytest.mark.filterwarnings("ignore::pytest_ecsmock.errors.EcsmockWarning")
def test_daemon_and_express_gateway_apis_say_why_they_are_left_out(ecs):
    with pytest.raises(ClientError) as caught:
        ecs.list_daemons()
    assert caught.value.response["Error"]["Code"] == "NotImplemented"
    assert (
        "The daemon APIs are not simulated; services with schedulingStrategy DAEMON are."
        in (caught.value.response["Error"]["Message"])
    )
    with pytest.raises(ClientError) as caught:
        ecs.list_gateways()
    assert (
        "Express Gateway services and gateways are not simulated."
        in (caught.value.response["Error"]["Message"])
    )


def test_network_platform_and_load_balancer_changes_start_deployments(ecs, ecsmock):
    ecs.register_task_definition(**fargate())
    network = {"awsvpcConfiguration": {"subnets": ["subnet-0a000001"]}}
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=0,
        launchType="FARGATE",
        networkConfiguration=network,
    )
    ids = [describe(ecs)["deployments"][0]["id"]]
    moved = {"awsvpcConfiguration": {"subnets": ["subnet-0b000002"], "assignPublicIp": "ENABLED"}}
    ecs.update_service(service="web", networkConfiguration=moved)
    service = describe(ecs)
    ids.append(service["deployments"][0]["id"])
    assert service["networkConfiguration"]["awsvpcConfiguration"]["subnets"] == ["subnet-0b000002"]
    assert service["deployments"][0]["networkConfiguration"] == service["networkConfiguration"]
    ecs.update_service(service="web", platformVersion="1.3.0")
    service = describe(ecs)
    ids.append(service["deployments"][0]["id"])
    assert service["platformVersion"] == "1.3.0"
    ecs.update_service(service="web", platformVersion="1.3.0", desiredCount=0)
    assert describe(ecs)["deployments"][0]["id"] == ids[-1]  # nothing changed
    assert len(set(ids)) == 3
    with raises_aws(
        "PlatformUnknownException", "The specified platform version (9.9.9) does not exist."
    ):
        ecs.update_service(service="web", platformVersion="9.9.9")
    assert describe(ecs)["platformVersion"] == "1.3.0"
