from __future__ import annotations

import boto3
import pytest

from examples.deploy import ensure_cluster
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
