"""ListServiceDeployments, DescribeServiceDeployments and DescribeServiceRevisions:
each deployment a service starts is a service deployment with its own service revision.
(StopServiceDeployment, rollbacks and the circuit breaker: test_ecs_service_deployments_stop.py.)
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from ecs_helpers import raises_aws
from service_deployment_helpers import (
    CLUSTER,
    SERVICE,
    SETTLE,
    cluster,  # noqa: F401  (fixture)
    counts,
    create_service,
    deploy,
    deployment_prefix,
    describe,
    listed,
    revision_prefix,
    statuses,
)

pytestmark = pytest.mark.usefixtures("cluster")


def test_creating_a_service_starts_a_deployment_that_is_pending_then_runs_then_succeeds(
    ecs, ecsmock
):
    create_service(ecs)
    created = ecsmock.clock.now()
    [brief] = listed(ecs)
    assert brief["serviceDeploymentArn"].startswith(deployment_prefix())
    assert brief["targetServiceRevisionArn"].startswith(revision_prefix())
    assert (brief["status"], brief["createdAt"]) == ("PENDING", created)
    assert "startedAt" not in brief
    ecsmock.clock.advance(1)  # the scheduler's first pass
    [brief] = listed(ecs)
    assert (brief["status"], brief["startedAt"]) == ("IN_PROGRESS", created + timedelta(seconds=1))
    ecsmock.clock.advance(SETTLE)
    [brief] = listed(ecs)
    assert brief["status"] == "SUCCESSFUL"
    [service] = ecs.describe_services(cluster=CLUSTER, services=[SERVICE])["services"]
    assert brief["finishedAt"] == service["deployments"][0]["updatedAt"]
    assert "statusReason" not in brief


def test_a_completed_deployment_describes_its_revisions_configuration_and_breaker(ecs, ecsmock):
    create_service(ecs)
    ecsmock.clock.advance(SETTLE)
    [brief] = listed(ecs)
    found = describe(ecs, brief["serviceDeploymentArn"])
    assert found["sourceServiceRevisions"] == []
    assert found["targetServiceRevision"] == {
        "arn": brief["targetServiceRevisionArn"],
        "requestedTaskCount": 2,
        "runningTaskCount": 2,
        "pendingTaskCount": 0,
    }
    assert (found["status"], found["finishedAt"], found["updatedAt"]) == (
        "SUCCESSFUL",
        brief["finishedAt"],
        brief["finishedAt"],
    )
    assert found["deploymentConfiguration"] == {
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
        "maximumPercent": 200,
        "minimumHealthyPercent": 100,
        "strategy": "ROLLING",
    }
    assert found["deploymentCircuitBreaker"] == {"status": "DISABLED"}
    assert found["alarms"] == {"status": "DISABLED"}
    assert "rollback" not in found
    assert "stoppedAt" not in found


def test_an_update_lists_newest_first_and_counts_the_tasks_of_source_and_target(ecs, ecsmock):
    create_service(ecs)
    ecsmock.clock.advance(SETTLE)
    deploy(ecs, "web:2")
    ecsmock.clock.advance(5)
    new, old = listed(ecs)
    assert (new["status"], old["status"]) == ("IN_PROGRESS", "SUCCESSFUL")
    found = describe(ecs, new["serviceDeploymentArn"])
    [source] = found["sourceServiceRevisions"]
    assert source["arn"] == old["targetServiceRevisionArn"]
    assert counts(source) == (2, 2, 0)
    assert counts(found["targetServiceRevision"]) == (2, 0, 2)  # placed, not yet running
    ecsmock.clock.advance(SETTLE)
    found = describe(ecs, new["serviceDeploymentArn"])
    assert found["status"] == "SUCCESSFUL"
    [source] = found["sourceServiceRevisions"]
    assert counts(source) == (0, 0, 0)  # the old tasks are gone
    assert counts(found["targetServiceRevision"]) == (2, 2, 0)


def test_a_newer_deployment_stops_the_one_in_progress(ecs, ecsmock):
    create_service(ecs)
    ecsmock.clock.advance(SETTLE)
    deploy(ecs, "web:2")
    ecsmock.clock.advance(10)
    deploy(ecs, "web:1")
    replaced_at = ecsmock.clock.now()
    newest, stopped, first = listed(ecs)
    assert [newest["status"], stopped["status"], first["status"]] == [
        "PENDING",
        "STOPPED",
        "SUCCESSFUL",
    ]
    found = describe(ecs, stopped["serviceDeploymentArn"])
    newest_id = "ecs-svc/" + newest["serviceDeploymentArn"].rpartition("/")[2]
    assert found["statusReason"] == (
        f"Service deployment stopped: a newer service deployment ({newest_id}) started."
    )
    assert found["stoppedAt"] == found["finishedAt"] == replaced_at
    sources = describe(ecs, newest["serviceDeploymentArn"])["sourceServiceRevisions"]
    assert [source["arn"] for source in sources] == [
        stopped["targetServiceRevisionArn"],
        first["targetServiceRevisionArn"],
    ]
    ecsmock.clock.advance(SETTLE)
    assert statuses(ecs) == ["SUCCESSFUL", "STOPPED", "SUCCESSFUL"]


def test_the_status_and_created_at_filters(ecs, ecsmock):
    create_service(ecs)
    first_created = ecsmock.clock.now()
    ecsmock.clock.advance(SETTLE)
    deploy(ecs, "web:2")
    second_created = ecsmock.clock.now()
    ecsmock.clock.advance(5)
    in_progress = listed(ecs, status=["IN_PROGRESS"])
    assert [d["createdAt"] for d in in_progress] == [second_created]
    assert len(listed(ecs, status=["SUCCESSFUL", "IN_PROGRESS"])) == 2
    assert listed(ecs, status=["ROLLBACK_FAILED"]) == []
    before = listed(ecs, createdAt={"before": second_created})
    assert [d["createdAt"] for d in before] == [first_created]
    after = listed(ecs, createdAt={"after": first_created})
    assert [d["createdAt"] for d in after] == [second_created]
    between = {"after": first_created, "before": second_created}
    assert listed(ecs, createdAt=between) == []


def test_pages_of_max_results_follow_the_next_token(ecs, ecsmock):
    create_service(ecs)
    for definition in ("web:2", "web:1", "web:2"):
        ecsmock.clock.advance(SETTLE)
        deploy(ecs, definition)
    everything = listed(ecs)
    pages, token = [], None
    while True:
        request = {"maxResults": 3, **({"nextToken": token} if token else {})}
        answer = ecs.list_service_deployments(cluster=CLUSTER, service=SERVICE, **request)
        pages.append(answer["serviceDeployments"])
        token = answer.get("nextToken")
        if token is None:
            break
    assert [len(page) for page in pages] == [3, 1]
    assert [d for page in pages for d in page] == everything
    created = [d["createdAt"] for d in everything]
    assert created == sorted(created, reverse=True)


def test_list_errors(ecs):
    create_service(ecs)
    with raises_aws("ServiceNotFoundException", "Service not found."):
        ecs.list_service_deployments(cluster=CLUSTER, service="nope")
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        ecs.list_service_deployments(cluster="nope", service=SERVICE)
    with raises_aws("InvalidParameterException", "maxResults must be between 1 and 100, not 101."):
        ecs.list_service_deployments(cluster=CLUSTER, service=SERVICE, maxResults=101)
    with raises_aws(
        "InvalidParameterException",
        "The nextToken is not valid; pass the nextToken of an earlier answer unchanged.",
    ):
        ecs.list_service_deployments(cluster=CLUSTER, service=SERVICE, nextToken="garbage")
    with raises_aws(
        "InvalidParameterException",
        "1 validation error detected: Value 'DONE' at 'status.1.member' failed to satisfy "
        "constraint: Member must satisfy enum value set: [PENDING, SUCCESSFUL, STOPPED, "
        "STOP_REQUESTED, IN_PROGRESS, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, "
        "ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED]",
    ):
        ecs.list_service_deployments(cluster=CLUSTER, service=SERVICE, status=["DONE"])


def test_unknown_arns_are_failures_with_reason_missing(ecs):
    create_service(ecs)
    [brief] = listed(ecs)
    unknown = deployment_prefix() + "1234567890123456789"
    revision = brief["targetServiceRevisionArn"]
    answer = ecs.describe_service_deployments(
        serviceDeploymentArns=[brief["serviceDeploymentArn"], unknown, revision]
    )
    assert [d["serviceDeploymentArn"] for d in answer["serviceDeployments"]] == [
        brief["serviceDeploymentArn"]
    ]
    assert answer["failures"] == [
        {"arn": unknown, "reason": "MISSING"},
        {"arn": revision, "reason": "MISSING"},
    ]
    answer = ecs.describe_service_revisions(
        serviceRevisionArns=[revision, brief["serviceDeploymentArn"]]
    )
    assert [r["serviceRevisionArn"] for r in answer["serviceRevisions"]] == [revision]
    assert answer["failures"] == [{"arn": brief["serviceDeploymentArn"], "reason": "MISSING"}]


def test_describe_takes_one_to_twenty_arns(ecs):
    arns = [deployment_prefix() + f"{n:019d}" for n in range(21)]
    with raises_aws(
        "InvalidParameterException", "serviceDeploymentArns can have at most 20 items."
    ):
        ecs.describe_service_deployments(serviceDeploymentArns=arns)
    with raises_aws("InvalidParameterException", "serviceRevisionArns cannot be empty."):
        ecs.describe_service_revisions(serviceRevisionArns=[])
    assert len(ecs.describe_service_deployments(serviceDeploymentArns=arns[:20])["failures"]) == 20


def test_a_service_revision_records_what_its_deployment_runs(ecs, ecsmock):
    ecs.register_task_definition(
        family="fargate-web",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[
            {"name": "app", "image": "nginx:1.27"},
            {"name": "sidecar", "image": "public.ecr.aws/otel/collector@sha256:" + "ab" * 32},
        ],
    )
    ecs.put_cluster_capacity_providers(
        cluster=CLUSTER, capacityProviders=["FARGATE"], defaultCapacityProviderStrategy=[]
    )
    network = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "assignPublicIp": "ENABLED"}}
    create_service(
        ecs,
        taskDefinition="fargate-web",
        capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
        networkConfiguration=network,
    )
    [brief] = listed(ecs)
    arn = brief["targetServiceRevisionArn"]
    [revision] = ecs.describe_service_revisions(serviceRevisionArns=[arn])["serviceRevisions"]
    [service] = ecs.describe_services(cluster=CLUSTER, services=[SERVICE])["services"]
    assert revision == {
        "serviceRevisionArn": arn,
        "serviceArn": service["serviceArn"],
        "clusterArn": service["clusterArn"],
        "taskDefinition": service["taskDefinition"],
        "capacityProviderStrategy": service["capacityProviderStrategy"],
        "platformVersion": "LATEST",
        "platformFamily": "Linux",
        "networkConfiguration": service["networkConfiguration"],
        "loadBalancers": [],
        "serviceRegistries": [],
        "containerImages": [
            {"containerName": "app", "image": "nginx:1.27"},
            {
                "containerName": "sidecar",
                "image": "public.ecr.aws/otel/collector@sha256:" + "ab" * 32,
                "imageDigest": "sha256:" + "ab" * 32,
            },
        ],
        "guardDutyEnabled": False,
        "serviceConnectConfiguration": {"enabled": False},
        "createdAt": brief["createdAt"],
    }


def test_deleting_the_service_deletes_its_deployments_and_revisions(ecs, ecsmock):
    create_service(ecs)
    ecsmock.clock.advance(SETTLE)
    [brief] = listed(ecs)
    ecs.delete_service(cluster=CLUSTER, service=SERVICE, force=True)
    assert listed(ecs) == []
    deployment, revision = brief["serviceDeploymentArn"], brief["targetServiceRevisionArn"]
    answer = ecs.describe_service_deployments(serviceDeploymentArns=[deployment])
    assert answer["failures"] == [{"arn": deployment, "reason": "MISSING"}]
    answer = ecs.describe_service_revisions(serviceRevisionArns=[revision])
    assert answer["failures"] == [{"arn": revision, "reason": "MISSING"}]
