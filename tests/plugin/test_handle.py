"""The handle: m.calls, m.clock, m.reset(), m.backend()."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import boto3
import pytest
from botocore.exceptions import ClientError
from plugin_helpers import REGION, START, cluster_arn

from pytest_ecsmock import mock_ecs


@pytest.fixture
def m():
    with mock_ecs(start=START) as handle:
        yield handle


@pytest.fixture
def ecs(m):
    return boto3.client("ecs", region_name=REGION)


# ---------------------------------------------------------------------- calls


def test_a_call_records_service_operation_params_result_and_time(m, ecs):
    m.clock.advance(90)
    ecs.create_cluster(clusterName="web", tags=[{"key": "team", "value": "a"}])

    call = m.calls.last
    assert (call.service, call.operation) == ("ecs", "CreateCluster")
    assert call.params == {"clusterName": "web", "tags": [{"key": "team", "value": "a"}]}
    assert call.result is not None
    assert call.result["cluster"]["clusterArn"] == cluster_arn("web")
    assert call.error is None
    assert call.ok
    assert call.time == START + timedelta(seconds=90)
    assert (call.account_id, call.region) == ("123456789012", REGION)
    assert str(call) == "ecs:CreateCluster (123456789012/us-east-1) -> ok"


def test_a_failed_call_records_the_aws_error(m, ecs):
    with pytest.raises(ClientError) as caught:
        ecs.tag_resource(resourceArn=cluster_arn("missing"), tags=[{"key": "a", "value": "b"}])

    call = m.calls.last
    assert not call.ok
    assert call.result is None
    assert call.error_code == caught.value.response["Error"]["Code"] == "ClusterNotFoundException"
    assert call.error is not None
    assert call.error.message == caught.value.response["Error"]["Message"]
    assert call.request_id == caught.value.response["ResponseMetadata"]["RequestId"]


def test_calls_are_live_in_order_and_filterable(m, ecs):
    eu = boto3.client("ecs", region_name="eu-west-1")
    assert len(m.calls) == 0
    ecs.create_cluster(clusterName="a")
    eu.create_cluster(clusterName="b")
    ecs.describe_clusters(clusters=["a"])
    with pytest.raises(ClientError):
        ecs.delete_cluster(cluster="nope")

    assert len(m.calls) == 4
    assert m.calls.operations() == [
        "CreateCluster",
        "CreateCluster",
        "DescribeClusters",
        "DeleteCluster",
    ]
    assert [c.params["clusterName"] for c in m.calls.filter(operation="CreateCluster")] == [
        "a",
        "b",
    ]
    assert len(m.calls.filter("ecs", "create_cluster")) == 2  # boto3's name works too
    assert m.calls.filter(region="eu-west-1").operations() == ["CreateCluster"]
    assert m.calls.filter(ok=False).operations() == ["DeleteCluster"]
    assert m.calls.filter(error_code="ClusterNotFoundException").last.params == {"cluster": "nope"}
    assert len(m.calls.filter(service="eks")) == 0
    assert len(m.calls.filter(account_id="123456789012")) == 4
    assert m.calls[0].params == {"clusterName": "a"}
    assert m.calls[-2:].operations() == ["DescribeClusters", "DeleteCluster"]


def test_last_of_no_calls_says_so(m):
    with pytest.raises(IndexError, match="no call was made"):
        _ = m.calls.last


# ---------------------------------------------------------------------- clock


def test_the_clock_starts_where_asked_and_moves_only_when_moved(m, ecs):
    assert m.clock.now() == START
    ecs.create_cluster(clusterName="a")
    assert m.clock.now() == START

    assert m.clock.advance(30) == START + timedelta(seconds=30)
    assert m.clock.advance(timedelta(minutes=2)) == START + timedelta(seconds=150)
    assert m.clock.elapsed() == timedelta(seconds=150)
    with pytest.raises(ValueError, match="only moves forward"):
        m.clock.advance(-1)


def test_the_clock_runs_what_is_scheduled_in_time_order(m):
    ran: list[tuple[str, datetime]] = []
    m.clock.call_later(20, lambda: ran.append(("late", m.clock.now())))
    m.clock.call_later(10, lambda: ran.append(("early", m.clock.now())))

    m.clock.advance(15)
    assert ran == [("early", START + timedelta(seconds=10))]
    assert m.clock.pending() == 1
    m.clock.settle()
    assert ran[-1] == ("late", START + timedelta(seconds=20))
    assert m.clock.now() == START + timedelta(seconds=20)


def test_without_a_start_the_clock_starts_at_the_current_time():
    before = datetime.now(timezone.utc).replace(microsecond=0)
    with mock_ecs() as m:
        assert before <= m.clock.now() <= datetime.now(timezone.utc)


# ---------------------------------------------------------------------- reset


def test_reset_forgets_resources_calls_and_schedule_but_not_the_time(m, ecs):
    other = boto3.client("ecs", region_name="eu-west-1", **m.credentials("210987654321"))
    ecs.create_cluster(clusterName="a")
    other.create_cluster(clusterName="b")
    first_request_id = m.calls[0].request_id
    m.clock.call_later(60, lambda: pytest.fail("a reset mock ran an old callback"))
    m.clock.advance(30)

    m.reset()

    assert len(m.calls) == 0
    assert m.clock.pending() == 0
    assert m.clock.now() == START + timedelta(seconds=30)
    m.clock.advance(60)
    assert ecs.list_clusters()["clusterArns"] == []
    assert other.list_clusters()["clusterArns"] == []
    assert m.calls[0].request_id == first_request_id  # identifiers start again from the seed
    ecs.create_cluster(clusterName="after")
    assert ecs.list_clusters()["clusterArns"] == [cluster_arn("after")]


def test_the_same_seed_gives_the_same_identifiers():
    def request_ids(seed: int) -> list[str]:
        with mock_ecs(seed=seed) as m:
            client = boto3.client("ecs", region_name=REGION)
            client.list_clusters()
            client.list_clusters()
            return [call.request_id for call in m.calls]

    assert request_ids(1) == request_ids(1)
    assert request_ids(1) != request_ids(2)


# ---------------------------------------------------------------------- backends


def test_backend_gives_the_state_of_one_account_and_region(m, ecs):
    ecs.create_cluster(clusterName="inspect")
    backend = m.backend("ecs")
    assert backend is m.backend("ecs", region=REGION, account_id="123456789012")
    assert backend is not m.backend("ecs", region="eu-west-1")
    assert backend.context.account_id == "123456789012"
    assert (
        m.backend("ecs", region="eu-west-1", account_id="210987654321").context.region
        == "eu-west-1"
    )
