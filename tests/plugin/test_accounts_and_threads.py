"""State per (account, region), and many threads on one mock."""

from __future__ import annotations

import threading

import boto3
import pytest
from plugin_helpers import REGION, cluster_arn

from pytest_ecsmock import mock_ecs

OTHER = "210987654321"


def names(client) -> list[str]:
    return sorted(arn.rsplit("/", 1)[1] for arn in client.list_clusters()["clusterArns"])


def test_each_region_has_its_own_clusters():
    with mock_ecs():
        east = boto3.client("ecs", region_name="us-east-1")
        west = boto3.client("ecs", region_name="us-west-2")
        east.create_cluster(clusterName="east")
        west.create_cluster(clusterName="west")
        assert names(east) == ["east"]
        assert west.list_clusters()["clusterArns"] == [cluster_arn("west", region="us-west-2")]


def test_the_default_account_is_123456789012():
    with mock_ecs() as m:
        arn = boto3.client("ecs", region_name=REGION).create_cluster(clusterName="a")
    assert arn["cluster"]["clusterArn"] == cluster_arn("a", "123456789012")
    assert m.account_id == "123456789012"


def test_the_account_id_option_sets_the_default_account():
    with mock_ecs(account_id=OTHER) as m:
        client = boto3.client("ecs", region_name=REGION)
        arn = client.create_cluster(clusterName="a")["cluster"]["clusterArn"]
    assert arn == cluster_arn("a", OTHER)
    assert m.calls.last.account_id == OTHER


def test_credentials_act_in_another_account():
    with mock_ecs() as m:
        mine = boto3.client("ecs", region_name=REGION)
        theirs = boto3.client("ecs", region_name=REGION, **m.credentials(OTHER))
        mine.create_cluster(clusterName="mine")
        theirs.create_cluster(clusterName="theirs")

        assert mine.list_clusters()["clusterArns"] == [cluster_arn("mine")]
        assert theirs.list_clusters()["clusterArns"] == [cluster_arn("theirs", OTHER)]
        assert theirs.describe_clusters(clusters=["mine"])["failures"][0]["reason"] == "MISSING"
    assert [c.account_id for c in m.calls.filter(operation="CreateCluster")] == [
        "123456789012",
        OTHER,
    ]
    assert m.credentials(OTHER) == {
        "aws_access_key_id": f"ECSMOCK{OTHER}",
        "aws_secret_access_key": "ecsmock-secret-key",
    }


def test_credentials_keep_their_account_in_a_later_mock():
    with mock_ecs() as first:
        kwargs = first.credentials(OTHER)
    with mock_ecs() as m:
        boto3.client("ecs", region_name=REGION, **kwargs).create_cluster(clusterName="x")
    assert m.calls.last.account_id == OTHER


def test_credentials_need_a_twelve_digit_account():
    with mock_ecs() as m, pytest.raises(ValueError, match="12 digits, not '1234'"):
        m.credentials("1234")


def test_threads_hammering_one_mock_lose_nothing():
    threads, per_thread = 8, 50
    errors: list[BaseException] = []
    with mock_ecs() as m:
        # boto3's default session is not thread-safe to create clients from
        clients = [boto3.client("ecs", region_name=REGION) for _ in range(threads)]

        def work(index: int) -> None:
            try:
                client = clients[index]
                for n in range(per_thread):
                    arn = client.create_cluster(clusterName=f"c{index}-{n}")["cluster"][
                        "clusterArn"
                    ]
                    client.tag_resource(
                        resourceArn=arn,
                        tags=[
                            {"key": "thread", "value": str(index)},
                            {"key": "n", "value": str(n)},
                        ],
                    )
            except BaseException as exc:  # reported below
                errors.append(exc)

        workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

        assert errors == []
        ecs = clients[0]
        arns = [
            arn
            for page in ecs.get_paginator("list_clusters").paginate()
            for arn in page["clusterArns"]
        ]
        expected = {f"c{i}-{n}" for i in range(threads) for n in range(per_thread)}
        assert sorted(arn.rsplit("/", 1)[1] for arn in arns) == sorted(expected)
        tags = {}
        for start in range(0, len(arns), 100):
            for cluster in ecs.describe_clusters(
                clusters=arns[start : start + 100], include=["TAGS"]
            )["clusters"]:
                tags[cluster["clusterName"]] = {t["key"]: t["value"] for t in cluster["tags"]}
    assert len(tags) == 400
    assert all(
        tags[f"c{i}-{n}"] == {"thread": str(i), "n": str(n)}
        for i in range(threads)
        for n in range(per_thread)
    )
    assert len(m.calls.filter(operation="CreateCluster", ok=True)) == 400
    assert len(m.calls.filter(operation="TagResource", ok=True)) == 400
    assert len({c.request_id for c in m.calls}) == len(m.calls)  # no record was overwritten
