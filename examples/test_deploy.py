from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from examples.deploy import ensure_cluster, register_revision
from pytest_ecsmock import mock_ecs


@mock_ecs
def test_ensure_cluster_creates_it_once():
    ecs = boto3.client("ecs", region_name="eu-west-1")
    first = ensure_cluster(ecs, "web", tags={"team": "payments"})
    second = ensure_cluster(ecs, "web")
    assert first == second == "arn:aws:ecs:eu-west-1:123456789012:cluster/web"
    cluster = ecs.describe_clusters(clusters=["web"], include=["TAGS"])["clusters"][0]
    assert cluster["tags"] == [{"key": "team", "value": "payments"}]


@pytest.mark.ecsmock(account_id="210987654321")
def test_ensure_cluster_with_the_fixture(ecsmock):
    ecs = boto3.client("ecs", region_name="us-east-1")
    arn = ensure_cluster(ecs, "batch")
    assert arn == "arn:aws:ecs:us-east-1:210987654321:cluster/batch"
    assert [call.operation for call in ecsmock.calls] == ["DescribeClusters", "CreateCluster"]


ROLE = "arn:aws:iam::123456789012:role/app-task"
EXECUTION = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"


def test_each_registration_is_a_new_revision(ecs):
    first = register_revision(ecs, "web", "nginx:1.27", task_role=ROLE, execution_role=EXECUTION)
    second = register_revision(ecs, "web", "nginx:1.28", task_role=ROLE, execution_role=EXECUTION)
    assert (first["revision"], second["revision"]) == (1, 2)
    assert second["taskDefinitionArn"].endswith(":task-definition/web:2")
    assert second["taskRoleArn"] == ROLE
    assert "FARGATE" in second["compatibilities"]
    assert {"name": "com.amazonaws.ecs.capability.task-iam-role"} in second["requiresAttributes"]


def test_a_size_fargate_does_not_offer_fails_offline_as_in_production(ecs):
    with pytest.raises(ClientError) as caught:
        register_revision(
            ecs, "web", "nginx", task_role=ROLE, execution_role=EXECUTION, cpu="256", memory="4096"
        )
    assert caught.value.response["Error"]["Code"] == "ClientException"
    assert "No Fargate configuration exists for given values: 256 CPU, 4096 memory" in str(
        caught.value
    )


def test_a_malformed_task_role_is_refused(ecs):
    with pytest.raises(ClientError) as caught:
        register_revision(
            ecs, "web", "nginx", task_role="arn:aws:iam::12345:role/x", execution_role=EXECUTION
        )
    assert caught.value.response["Error"]["Code"] in {
        "ClientException",
        "InvalidParameterException",
    }
    assert ecs.list_task_definitions()["taskDefinitionArns"] == []
