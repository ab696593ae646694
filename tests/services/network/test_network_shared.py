"""One network per account and region: EKS and ELBv2 see the same subnets, through boto3."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_ecsmock import _models
from pytest_ecsmock.mock import SERVED
from pytest_ecsmock.services.base import service_def

ROLE = "arn:aws:iam::123456789012:role/eks-cluster"


def cluster_vpc(eks: Any, name: str, subnets: list[str]) -> str:
    created = eks.create_cluster(name=name, roleArn=ROLE, resourcesVpcConfig={"subnetIds": subnets})
    vpc_id: str = created["cluster"]["resourcesVpcConfig"]["vpcId"]
    return vpc_id


def load_balancer_zones(elbv2: Any, name: str, subnets: list[str]) -> tuple[str, dict[str, str]]:
    created = elbv2.create_load_balancer(Name=name, Subnets=subnets)["LoadBalancers"][0]
    zones = {z["SubnetId"]: z["ZoneName"] for z in created["AvailabilityZones"]}
    return created["VpcId"], zones


def test_a_subnet_declared_once_is_the_same_for_eks_and_elbv2(ecsmock, eks, elbv2):
    network = ecsmock.backend("network")
    network.add_vpc("vpc-0app", "10.0.0.0/16")
    network.add_subnet("subnet-0a", vpc_id="vpc-0app", availability_zone="us-east-1c")
    network.add_subnet("subnet-0b", vpc_id="vpc-0app", availability_zone="us-east-1e")

    assert cluster_vpc(eks, "prod", ["subnet-0a", "subnet-0b"]) == "vpc-0app"
    vpc_id, zones = load_balancer_zones(elbv2, "web", ["subnet-0a", "subnet-0b"])

    assert vpc_id == "vpc-0app"
    assert zones == {"subnet-0a": "us-east-1c", "subnet-0b": "us-east-1e"}
    cluster = eks.describe_cluster(name="prod")["cluster"]
    assert cluster["kubernetesNetworkConfig"]["serviceIpv4Cidr"] == "172.20.0.0/16"


def test_undeclared_subnets_get_the_same_zone_in_both_services(ecsmock, eks, elbv2):
    default_vpc = ecsmock.backend("network").default_vpc_id

    assert cluster_vpc(eks, "prod", ["subnet-01", "subnet-02"]) == default_vpc
    vpc_id, zones = load_balancer_zones(elbv2, "web", ["subnet-02", "subnet-03"])

    assert vpc_id == default_vpc
    assert zones == {"subnet-02": "us-east-1b", "subnet-03": "us-east-1c"}


def test_zones_placed_by_elbv2_bind_eks(ecsmock):
    network = ecsmock.backend("network", region="us-west-1")
    eks = boto3.client("eks", region_name="us-west-1")
    elbv2 = boto3.client("elbv2", region_name="us-west-1")
    _, zones = load_balancer_zones(elbv2, "web", ["subnet-01", "subnet-02"])
    assert zones == {"subnet-01": "us-west-1a", "subnet-02": "us-west-1c"}

    # us-west-1 has two zones: subnet-03 lands in us-west-1a, beside subnet-01
    with pytest.raises(ClientError) as caught:
        cluster_vpc(eks, "prod", ["subnet-01", "subnet-03"])

    assert caught.value.response["Error"]["Message"] == (
        "Subnets specified must be in at least two different AZs"
    )
    assert network.find_subnet("subnet-03") is None
    assert cluster_vpc(eks, "prod", ["subnet-02", "subnet-03"]) == network.default_vpc_id
    placed = network.find_subnet("subnet-03")
    assert placed is not None
    assert placed.availability_zone == "us-west-1a"


def test_a_call_refused_by_one_service_gives_no_zone_away(ecsmock, eks, elbv2):
    with pytest.raises(ClientError):
        cluster_vpc(eks, "prod", ["subnet-01", "private-a"])

    _, zones = load_balancer_zones(elbv2, "web", ["subnet-01", "subnet-02"])

    assert zones == {"subnet-01": "us-east-1a", "subnet-02": "us-east-1b"}


def test_every_service_holds_the_one_registry_of_its_account_and_region(ecsmock):
    network = ecsmock.backend("network")

    assert ecsmock.backend("eks").network is network
    assert ecsmock.backend("elbv2").network is network
    assert ecsmock.backend("network", region="eu-west-1") is not network
    assert ecsmock.backend("network", account_id="210987654321") is not network


def test_security_groups_declared_once_are_checked_by_eks(ecsmock, eks):
    ecsmock.backend("network").add_security_group("sg-0elsewhere", vpc_id="vpc-other")

    with pytest.raises(ClientError) as caught:
        eks.create_cluster(
            name="prod",
            roleArn=ROLE,
            resourcesVpcConfig={
                "subnetIds": ["subnet-01", "subnet-02"],
                "securityGroupIds": ["sg-0elsewhere"],
            },
        )

    assert "are not in the same VPC as the subnets" in caught.value.response["Error"]["Message"]


def test_the_network_is_not_served_on_the_wire():
    assert "network" not in SERVED
    assert "network" not in _models.SERVICE_IDS.values()
    assert service_def("network").operations == {}
