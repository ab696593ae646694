"""The global botocore handlers: inert without a mock, in charge with one."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.credentials import RefreshableCredentials
from botocore.exceptions import EndpointConnectionError, NoCredentialsError, WaiterError
from botocore.waiter import WaiterModel, create_waiter_with_client
from plugin_helpers import REGION, START, cluster_arn

from pytest_ecsmock import UnmockedServiceError, mock_ecs

NO_RETRIES = Config(retries={"max_attempts": 0, "mode": "standard"}, connect_timeout=2)


def test_client_created_before_activation_is_served():
    early = boto3.client("ecs", region_name="eu-west-1")
    with mock_ecs() as m:
        early.create_cluster(clusterName="early")
        names = [c["clusterName"] for c in early.describe_clusters(clusters=["early"])["clusters"]]
    assert names == ["early"]
    assert m.calls.last.region == "eu-west-1"


def test_client_created_inside_one_activation_is_served_by_the_next():
    with mock_ecs():
        client = boto3.client("ecs", region_name=REGION)
        client.create_cluster(clusterName="first")
    with mock_ecs() as m:
        assert client.list_clusters()["clusterArns"] == []
    assert m.calls.operations() == ["ListClusters"]


def test_without_an_active_mock_the_handlers_let_requests_through():
    client = boto3.client(
        "ecs",
        region_name=REGION,
        endpoint_url="http://127.0.0.1:9",  # nothing listens: proof that the request left
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=NO_RETRIES,
    )
    with pytest.raises(EndpointConnectionError):
        client.list_clusters()
    with mock_ecs() as m:  # the same client, now answered by the mock
        assert client.list_clusters()["clusterArns"] == []
    assert m.calls.last.operation == "ListClusters"


def test_a_custom_endpoint_url_is_served_in_the_signed_region():
    with mock_ecs() as m:
        client = boto3.client(
            "ecs", region_name="ca-central-1", endpoint_url="http://localhost:4566"
        )
        arn = client.create_cluster(clusterName="local")["cluster"]["clusterArn"]
    assert arn == cluster_arn("local", region="ca-central-1")
    assert m.calls.last.region == "ca-central-1"


# ---------------------------------------------------------------------- credentials


def test_fake_credentials_and_the_region_are_in_the_environment_only_while_active(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    with mock_ecs(region="eu-north-1"):
        assert os.environ["AWS_ACCESS_KEY_ID"] == "ECSMOCKACCESSKEY"
        assert "AWS_SESSION_TOKEN" not in os.environ
        assert "AWS_PROFILE" not in os.environ  # a named profile would beat the fake keys
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-north-1"
        credentials = boto3.Session().get_credentials()
        assert credentials is not None
        assert credentials.access_key == "ECSMOCKACCESSKEY"
        with mock_ecs(region="sa-east-1"):
            assert os.environ["AWS_DEFAULT_REGION"] == "sa-east-1"
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-north-1"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAREALKEY"
    assert os.environ["AWS_SESSION_TOKEN"] == "real-token"
    assert os.environ["AWS_PROFILE"] == "production"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_a_client_without_credentials_works_inside_the_mock_only(monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    client = boto3.Session().client("ecs", region_name=REGION, config=NO_RETRIES)

    s3 = boto3.Session().client("s3", region_name=REGION, config=NO_RETRIES)

    with mock_ecs():
        assert client.list_clusters()["clusterArns"] == []
        with pytest.raises(UnmockedServiceError, match="'s3'"):  # the clear error, not
            s3.list_buckets()  # NoCredentialsError
    with pytest.raises(NoCredentialsError):
        client.list_clusters()


def test_real_credentials_are_never_refreshed_for_a_mocked_call():
    refreshed: list[str] = []

    def refresh() -> dict[str, str]:
        refreshed.append("refresh")
        raise AssertionError("real credentials were refreshed")

    session = botocore.session.Session()
    session._credentials = RefreshableCredentials.create_from_metadata(
        metadata={
            "access_key": "ASIAEXPIRED",
            "secret_key": "secret",
            "token": "token",
            "expiry_time": "2000-01-01T00:00:00Z",
        },
        refresh_using=refresh,
        method="sts-assume-role",
    )
    client = session.create_client("ecs", region_name=REGION)
    with mock_ecs() as m:
        client.create_cluster(clusterName="safe")
    assert refreshed == []
    assert m.calls.last.account_id == "123456789012"


# ---------------------------------------------------------------------- services we do not serve


def test_unserved_service_is_refused_without_reaching_aws():
    with mock_ecs():
        s3 = boto3.client("s3", region_name=REGION)
        with pytest.raises(UnmockedServiceError, match="call to 's3'") as caught:
            s3.list_buckets()
    assert caught.value.service == "s3"
    assert "serves ecr, ecs, eks, elbv2" in str(caught.value)


def test_services_option_narrows_what_is_served():
    with mock_ecs(services=["ecs"]) as m:
        eks = boto3.client("eks", region_name=REGION)
        with pytest.raises(UnmockedServiceError, match=r"call to 'eks'.*serves ecs\."):
            eks.list_clusters()
        assert boto3.client("ecs", region_name=REGION).list_clusters()["clusterArns"] == []
    assert m.calls.operations() == ["ListClusters"]


# ---------------------------------------------------------------------- waiters sleep on the clock

WAITERS = WaiterModel(
    {
        "version": 2,
        "waiters": {
            "ClusterListed": {
                "operation": "DescribeClusters",
                "delay": 10,
                "maxAttempts": 5,
                "acceptors": [
                    {
                        "matcher": "path",
                        "argument": "length(clusters) > `0`",
                        "expected": True,
                        "state": "success",
                    }
                ],
            }
        },
    }
)


def test_a_waiter_sleeps_on_the_simulated_clock():
    with mock_ecs(start=START) as m:
        ecs = boto3.client("ecs", region_name=REGION)
        m.clock.call_later(25, lambda: ecs.create_cluster(clusterName="late"))
        waiter = create_waiter_with_client("ClusterListed", WAITERS, ecs)
        began = time.monotonic()
        waiter.wait(clusters=["late"])
        real = time.monotonic() - began

    assert real < 5  # four polls ten simulated seconds apart: 30 seconds did not pass
    assert m.clock.now() == START + timedelta(seconds=30)
    assert [c.time - START for c in m.calls.filter(operation="DescribeClusters")] == [
        timedelta(seconds=s) for s in (0, 10, 20, 30)
    ]
    assert m.calls.filter(operation="CreateCluster").last.time == START + timedelta(seconds=25)


def test_a_waiter_that_gives_up_has_spent_simulated_time_only():
    with mock_ecs(start=START) as m:
        ecs = boto3.client("ecs", region_name=REGION)
        waiter = create_waiter_with_client("ClusterListed", WAITERS, ecs)
        began = time.monotonic()
        with pytest.raises(WaiterError, match="Max attempts exceeded"):
            waiter.wait(clusters=["never"])
    assert time.monotonic() - began < 5
    assert m.clock.now() == START + timedelta(seconds=40)
    assert len(m.calls) == 5


def test_outside_a_mock_a_waiter_sleeps_for_real():
    import botocore.waiter

    began = time.monotonic()
    botocore.waiter.time.sleep(0.05)
    assert time.monotonic() - began >= 0.05
    assert datetime.now(timezone.utc).year >= 2024
