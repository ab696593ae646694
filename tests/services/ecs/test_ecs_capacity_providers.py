"""Auto Scaling group capacity providers: Create/Describe/Update/DeleteCapacityProvider
and their association with clusters."""

from __future__ import annotations

import pytest
from ecs_helpers import ACCOUNT, REGION, raises_aws

UUID = "0f6e0c64-1d2b-4c55-9a8e-6a0f3c1d2e4f"


def asg_arn(name: str = "web-asg", uuid: str = UUID) -> str:
    return (
        f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:{uuid}:"
        f"autoScalingGroupName/{name}"
    )


def provider_arn(name: str) -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:capacity-provider/{name}"


def create(ecs, name="web-cp", group="web-asg", uuid=UUID, **provider):
    return ecs.create_capacity_provider(
        name=name,
        autoScalingGroupProvider={"autoScalingGroupArn": asg_arn(group, uuid), **provider},
    )["capacityProvider"]


def test_create_gives_the_defaults(ecs):
    provider = ecs.create_capacity_provider(
        name="web-cp",
        autoScalingGroupProvider={"autoScalingGroupArn": asg_arn()},
        tags=[{"key": "team", "value": "web"}],
    )["capacityProvider"]
    assert provider["capacityProviderArn"] == provider_arn("web-cp")
    assert (provider["name"], provider["status"], provider["type"]) == (
        "web-cp",
        "ACTIVE",
        "EC2_AUTOSCALING",
    )
    assert provider["autoScalingGroupProvider"] == {
        "autoScalingGroupArn": asg_arn(),
        "managedScaling": {
            "status": "DISABLED",
            "targetCapacity": 100,
            "minimumScalingStepSize": 1,
            "maximumScalingStepSize": 10000,
            "instanceWarmupPeriod": 300,
        },
        "managedTerminationProtection": "DISABLED",
        "managedDraining": "ENABLED",
    }
    assert provider["tags"] == [{"key": "team", "value": "web"}]


@pytest.mark.parametrize(
    ("name", "code"),
    [("ecs-web", "ClientException"), ("Fargate1", "ClientException"), ("a b", "ClientException")],
)
def test_bad_names_are_refused(ecs, name, code):
    with pytest.raises(ecs.exceptions.ClientException):
        create(ecs, name=name)
    assert [p["name"] for p in ecs.describe_capacity_providers()["capacityProviders"]] == [
        "FARGATE",
        "FARGATE_SPOT",
    ]


def test_duplicates_and_shared_groups_are_refused(ecs):
    create(ecs)
    message = (
        "The specified capacity provider already exists. To change the configuration of an "
        "existing capacity provider, update the capacity provider."
    )
    with raises_aws("ClientException", message):
        create(ecs, group="other-asg")
    with raises_aws(
        "ClientException",
        "The specified Auto Scaling group ARN is already being used by another capacity "
        "provider. Specify a unique Auto Scaling group ARN and try again.",
    ):
        create(ecs, name="other-cp")


def test_bad_scaling_and_group_arn(ecs):
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        create(ecs, managedScaling={"status": "ENABLED", "targetCapacity": 101})
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        create(ecs, managedTerminationProtection="ENABLED")
    with pytest.raises(ecs.exceptions.ClientException):
        ecs.create_capacity_provider(
            name="cp", autoScalingGroupProvider={"autoScalingGroupArn": "web-asg"}
        )
    assert len(ecs.describe_capacity_providers()["capacityProviders"]) == 2


def test_describe_lists_builtins_pages_and_reports_missing(ecs):
    for index in range(3):
        create(ecs, name=f"cp{index}", group=f"asg{index}", uuid=UUID[:-1] + str(index))
    first = ecs.describe_capacity_providers(maxResults=2)
    assert [p["name"] for p in first["capacityProviders"]] == ["FARGATE", "FARGATE_SPOT"]
    assert "tags" not in first["capacityProviders"][0]
    rest = ecs.describe_capacity_providers(maxResults=2, nextToken=first["nextToken"])
    assert [p["name"] for p in rest["capacityProviders"]] == ["cp0", "cp1"]
    last = ecs.describe_capacity_providers(maxResults=2, nextToken=rest["nextToken"])
    assert [p["name"] for p in last["capacityProviders"]] == ["cp2"]
    assert "nextToken" not in last
    everything = ecs.describe_capacity_providers()["capacityProviders"]
    assert [p["name"] for p in everything] == ["FARGATE", "FARGATE_SPOT", "cp0", "cp1", "cp2"]
    answer = ecs.describe_capacity_providers(
        capacityProviders=["cp1", "FARGATE", "nope"], include=["TAGS"]
    )
    assert [p["name"] for p in answer["capacityProviders"]] == ["cp1", "FARGATE"]
    assert answer["capacityProviders"][1]["tags"] == []
    assert answer["failures"] == [{"arn": provider_arn("nope"), "reason": "MISSING"}]


def test_update_changes_the_settings(ecs, ecsmock):
    create(ecs)
    provider = ecs.update_capacity_provider(
        name="web-cp",
        autoScalingGroupProvider={
            "managedScaling": {"status": "ENABLED", "targetCapacity": 80},
            "managedTerminationProtection": "ENABLED",
        },
    )["capacityProvider"]
    group = provider["autoScalingGroupProvider"]
    assert group["managedScaling"]["targetCapacity"] == 80
    assert group["managedScaling"]["instanceWarmupPeriod"] == 300
    assert group["managedTerminationProtection"] == "ENABLED"
    assert provider["updateStatus"] in ("UPDATE_IN_PROGRESS", "UPDATE_COMPLETE")
    with raises_aws(
        "ClientException",
        "The specified capacity provider does not exist. Specify a valid name or ARN.",
    ):
        ecs.update_capacity_provider(name="nope", autoScalingGroupProvider={})


def test_association_and_delete(ecs, ecsmock):
    create(ecs)
    ecs.create_cluster(
        clusterName="prod",
        capacityProviders=["web-cp"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "web-cp", "base": 1, "weight": 1}],
    )
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.create_cluster(clusterName="other", capacityProviders=["web-cp"])
    with raises_aws(
        "ClientException", "The specified capacity provider is in use and cannot be removed."
    ):
        ecs.delete_capacity_provider(capacityProvider="web-cp")
    ecs.put_cluster_capacity_providers(
        cluster="prod", capacityProviders=[], defaultCapacityProviderStrategy=[]
    )
    deleted = ecs.delete_capacity_provider(capacityProvider=provider_arn("web-cp"))
    assert deleted["capacityProvider"]["updateStatus"] == "DELETE_IN_PROGRESS"
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.put_cluster_capacity_providers(
            cluster="prod", capacityProviders=["web-cp"], defaultCapacityProviderStrategy=[]
        )
    ecsmock.clock.advance(60)
    [gone] = ecs.describe_capacity_providers(capacityProviders=["web-cp"])["capacityProviders"]
    assert (gone["status"], gone["updateStatus"]) == ("INACTIVE", "DELETE_COMPLETE")
    assert [p["name"] for p in ecs.describe_capacity_providers()["capacityProviders"]] == [
        "FARGATE",
        "FARGATE_SPOT",
    ]
    create(ecs)  # the name and the group can be used again


def test_mixing_fargate_and_asg_providers_is_refused(ecs):
    create(ecs)
    with raises_aws(
        "InvalidParameterException",
        "A capacity provider strategy cannot contain a mix of capacity providers using Auto "
        "Scaling groups and Fargate providers. Specify one or the other and try again.",
    ):
        ecs.create_cluster(
            clusterName="prod",
            capacityProviders=["web-cp", "FARGATE"],
            defaultCapacityProviderStrategy=[
                {"capacityProvider": "web-cp", "weight": 1},
                {"capacityProvider": "FARGATE", "weight": 1},
            ],
        )
    assert ecs.list_clusters()["clusterArns"] == []


def test_tags_on_capacity_providers(ecs):
    create(ecs)
    ecs.tag_resource(resourceArn=provider_arn("web-cp"), tags=[{"key": "a", "value": "1"}])
    assert ecs.list_tags_for_resource(resourceArn=provider_arn("web-cp"))["tags"] == [
        {"key": "a", "value": "1"}
    ]
