from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_ecsmock import mock_ecs
from pytest_ecsmock.errors import UnmockedServiceError


def test_client_created_before_activation_is_served():
    early = boto3.client("ecs", region_name="eu-west-1")
    with mock_ecs() as m:
        early.create_cluster(clusterName="early")
        names = [c["clusterName"] for c in early.describe_clusters(clusters=["early"])["clusters"]]
    assert names == ["early"]
    assert m.calls.last.region == "eu-west-1"


def test_unserved_service_is_refused_without_reaching_aws():
    with mock_ecs():
        s3 = boto3.client("s3", region_name="us-east-1")
        with pytest.raises(UnmockedServiceError, match="'s3'"):
            s3.list_buckets()


def test_unimplemented_operation_is_an_aws_style_error_naming_it():
    with pytest.warns(UserWarning, match="ecs:ListServices"), mock_ecs() as m:
        ecs = boto3.client("ecs", region_name="us-east-1")
        with pytest.raises(ClientError) as caught:
            ecs.list_services(cluster="default")
    assert caught.value.response["Error"]["Code"] == "NotImplemented"
    assert "ecs:ListServices is not implemented by pytest-ecsmock" in str(caught.value)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert m.unimplemented_calls()[0].operation == "ListServices"
