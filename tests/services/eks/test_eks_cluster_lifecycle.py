from __future__ import annotations

import base64
import re
import time

import boto3
import pytest
from botocore.exceptions import WaiterError


def test_a_cluster_becomes_active_ten_simulated_minutes_after_creation(new_cluster, eks, ecsmock):
    new_cluster("prod")

    ecsmock.clock.advance(599)
    assert eks.describe_cluster(name="prod")["cluster"]["status"] == "CREATING"
    ecsmock.clock.advance(1)
    assert eks.describe_cluster(name="prod")["cluster"]["status"] == "ACTIVE"


def test_an_active_cluster_shows_its_endpoint_certificate_and_identity(new_cluster, eks, ecsmock):
    new_cluster("prod")
    ecsmock.clock.advance(600)

    cluster = eks.describe_cluster(name="prod")["cluster"]

    endpoint = re.fullmatch(
        r"https://([0-9A-F]{32})\.[a-z]{2}[0-9]\.us-east-1\.eks\.amazonaws\.com",
        cluster["endpoint"],
    )
    assert endpoint is not None
    assert cluster["identity"]["oidc"]["issuer"] == (
        f"https://oidc.eks.us-east-1.amazonaws.com/id/{endpoint.group(1)}"
    )
    pem = base64.b64decode(cluster["certificateAuthority"]["data"]).decode("ascii")
    assert pem.startswith("-----BEGIN CERTIFICATE-----\nMII")
    assert pem.endswith("-----END CERTIFICATE-----\n")
    assert re.fullmatch(r"sg-[0-9a-f]{17}", cluster["resourcesVpcConfig"]["clusterSecurityGroupId"])


def test_two_clusters_have_different_endpoints(new_cluster, eks, ecsmock):
    new_cluster("one")
    new_cluster("two")
    ecsmock.clock.advance(600)

    one = eks.describe_cluster(name="one")["cluster"]
    two = eks.describe_cluster(name="two")["cluster"]

    assert one["endpoint"] != two["endpoint"]
    assert one["certificateAuthority"]["data"] != two["certificateAuthority"]["data"]


def test_reading_a_cluster_does_not_move_it_along(new_cluster, eks):
    new_cluster("prod")

    for _ in range(50):
        assert eks.describe_cluster(name="prod")["cluster"]["status"] == "CREATING"


def test_the_cluster_active_waiter_finishes_without_real_sleeping(new_cluster, eks, ecsmock):
    new_cluster("prod")
    started_at = ecsmock.clock.now()
    started = time.monotonic()

    eks.get_waiter("cluster_active").wait(name="prod")

    assert time.monotonic() - started < 1
    waited = (ecsmock.clock.now() - started_at).total_seconds()
    assert 600 <= waited < 630  # the waiter polls every 30 seconds
    assert eks.describe_cluster(name="prod")["cluster"]["status"] == "ACTIVE"


def test_the_creation_time_can_be_set_on_the_backend(new_cluster, eks, ecsmock, eks_backend):
    eks_backend.creation_seconds = 60
    new_cluster("quick")

    ecsmock.clock.advance(60)

    assert eks.describe_cluster(name="quick")["cluster"]["status"] == "ACTIVE"


def test_describing_an_unknown_cluster_is_a_404(eks, raises_aws):
    with raises_aws("ResourceNotFoundException", 404, "No cluster found for name: ghost."):
        eks.describe_cluster(name="ghost")


def test_a_deleted_cluster_is_deleting_then_gone(new_cluster, eks, ecsmock, raises_aws):
    new_cluster("prod")
    ecsmock.clock.advance(600)

    deleted = eks.delete_cluster(name="prod")["cluster"]

    assert deleted["status"] == "DELETING"
    assert deleted["name"] == "prod"
    ecsmock.clock.advance(299)
    assert eks.describe_cluster(name="prod")["cluster"]["status"] == "DELETING"
    assert eks.list_clusters()["clusters"] == ["prod"]
    ecsmock.clock.advance(1)
    with raises_aws("ResourceNotFoundException", 404, "No cluster found for name: prod."):
        eks.describe_cluster(name="prod")
    assert eks.list_clusters()["clusters"] == []


def test_the_cluster_deleted_waiter_finishes_without_real_sleeping(new_cluster, eks, ecsmock):
    new_cluster("prod")
    eks.get_waiter("cluster_active").wait(name="prod")
    eks.delete_cluster(name="prod")
    started_at = ecsmock.clock.now()
    started = time.monotonic()

    eks.get_waiter("cluster_deleted").wait(name="prod")

    assert time.monotonic() - started < 1
    assert 300 <= (ecsmock.clock.now() - started_at).total_seconds() < 330
    assert eks.list_clusters()["clusters"] == []


def test_a_deleted_name_can_be_used_again_once_the_cluster_is_gone(new_cluster, eks, raises_aws):
    new_cluster("prod")
    eks.delete_cluster(name="prod")

    with raises_aws("ResourceInUseException", 409, "Cluster already exists with name: prod"):
        new_cluster("prod")
    eks.get_waiter("cluster_deleted").wait(name="prod")
    assert new_cluster("prod")["status"] == "CREATING"


def test_deleting_an_unknown_cluster_is_a_404(eks, raises_aws):
    with raises_aws("ResourceNotFoundException", 404, "No cluster found for name: ghost."):
        eks.delete_cluster(name="ghost")


def test_a_cluster_still_creating_can_be_deleted_and_never_becomes_active(
    new_cluster, eks, ecsmock
):
    new_cluster("prod")
    ecsmock.clock.advance(120)

    assert eks.delete_cluster(name="prod")["cluster"]["status"] == "DELETING"
    with pytest.raises(WaiterError, match="failure state"):
        eks.get_waiter("cluster_active").wait(name="prod")
    ecsmock.clock.advance(600)
    assert eks.list_clusters()["clusters"] == []


def test_deleting_twice_answers_with_the_deleting_cluster(new_cluster, eks, ecsmock):
    new_cluster("prod")
    eks.delete_cluster(name="prod")
    ecsmock.clock.advance(200)

    again = eks.delete_cluster(name="prod")["cluster"]

    assert again["status"] == "DELETING"
    ecsmock.clock.advance(100)  # the first deletion's schedule still holds
    assert eks.list_clusters()["clusters"] == []


def test_deletion_protection_keeps_an_active_cluster(new_cluster, eks, ecsmock, raises_aws):
    new_cluster("prod", deletionProtection=True)
    ecsmock.clock.advance(600)

    with raises_aws(
        "InvalidRequestException",
        400,
        "Cannot delete cluster prod because deletion protection is enabled. Disable it with "
        "UpdateClusterConfig first.",
    ):
        eks.delete_cluster(name="prod")
    assert eks.describe_cluster(name="prod")["cluster"]["status"] == "ACTIVE"


def test_deletion_protection_does_not_hold_a_cluster_still_creating(new_cluster, eks):
    new_cluster("prod", deletionProtection=True)

    assert eks.delete_cluster(name="prod")["cluster"]["status"] == "DELETING"


def test_a_cluster_with_nodegroups_cannot_be_deleted(
    new_cluster, eks, ecsmock, eks_backend, raises_aws
):
    new_cluster("prod")
    ecsmock.clock.advance(600)
    eks_backend.clusters["prod"].nodegroups["workers"] = object()

    with raises_aws("ResourceInUseException", 409, "Cluster has nodegroups attached"):
        eks.delete_cluster(name="prod")
    assert eks.describe_cluster(name="prod")["cluster"]["status"] == "ACTIVE"


def test_a_cluster_with_fargate_profiles_cannot_be_deleted(
    new_cluster, eks, ecsmock, eks_backend, raises_aws
):
    new_cluster("prod")
    ecsmock.clock.advance(600)
    eks_backend.clusters["prod"].fargate_profiles["default"] = object()

    with raises_aws("ResourceInUseException", 409, "Cluster has fargate profiles attached"):
        eks.delete_cluster(name="prod")


def test_clusters_of_two_regions_are_apart(new_cluster, ecsmock):
    new_cluster("prod")
    west = boto3.client("eks", region_name="eu-west-1")

    assert west.list_clusters()["clusters"] == []
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.describe_cluster(name="prod")
