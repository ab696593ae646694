from __future__ import annotations

import ipaddress

import boto3
import pytest

TWO_ZONES = "Subnets specified must be in at least two different AZs"


def test_one_subnet_is_not_enough(new_cluster, raises_aws):
    with raises_aws("InvalidParameterException", 400, TWO_ZONES):
        new_cluster("prod", resourcesVpcConfig={"subnetIds": ["subnet-0a1b2c3d"]})


def test_the_same_subnet_twice_is_one_zone(new_cluster, raises_aws):
    with raises_aws("InvalidParameterException", 400, TWO_ZONES):
        new_cluster("prod", resourcesVpcConfig={"subnetIds": ["subnet-0a1b", "subnet-0a1b"]})


def test_subnets_are_required(new_cluster, raises_aws):
    with raises_aws("InvalidParameterException", 400, "Subnet Id is required"):
        new_cluster("prod", resourcesVpcConfig={"securityGroupIds": ["sg-0123"]})


def test_a_subnet_id_that_cannot_exist_is_refused(new_cluster, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "The subnet ID 'private-a' does not exist (Service: AmazonEC2; Status Code: 400; "
        "Error Code: InvalidSubnetID.NotFound)",
    ):
        new_cluster("prod", resourcesVpcConfig={"subnetIds": ["subnet-0a1b", "private-a"]})


def test_declared_subnets_in_one_zone_are_refused(new_cluster, eks_backend, raises_aws):
    eks_backend.network.add_subnet("subnet-aaaa", availability_zone="us-east-1a")
    eks_backend.network.add_subnet("subnet-bbbb", availability_zone="us-east-1a")

    with raises_aws("InvalidParameterException", 400, TWO_ZONES):
        new_cluster("prod", resourcesVpcConfig={"subnetIds": ["subnet-aaaa", "subnet-bbbb"]})


def test_declared_subnets_give_the_cluster_their_vpc(new_cluster, eks_backend):
    eks_backend.network.add_subnet("subnet-aaaa", availability_zone="us-east-1a", vpc_id="vpc-1")
    eks_backend.network.add_subnet("subnet-bbbb", availability_zone="us-east-1b", vpc_id="vpc-1")

    cluster = new_cluster("prod", resourcesVpcConfig={"subnetIds": ["subnet-aaaa", "subnet-bbbb"]})

    assert cluster["resourcesVpcConfig"]["vpcId"] == "vpc-1"


def test_subnets_of_two_vpcs_are_refused(new_cluster, eks_backend, raises_aws):
    eks_backend.network.add_subnet("subnet-aaaa", availability_zone="us-east-1a", vpc_id="vpc-1")
    eks_backend.network.add_subnet("subnet-bbbb", availability_zone="us-east-1b", vpc_id="vpc-2")

    with raises_aws(
        "InvalidParameterException",
        400,
        "Subnets specified must belong to the same VPC; they are in vpc-1, vpc-2",
    ):
        new_cluster("prod", resourcesVpcConfig={"subnetIds": ["subnet-aaaa", "subnet-bbbb"]})


def test_undeclared_subnets_keep_the_zone_they_were_first_given(ecsmock, raises_aws):
    # us-west-1 has two zones: new subnets go round them, and keep their zone
    eks = boto3.client("eks", region_name="us-west-1")
    role = "arn:aws:iam::123456789012:role/eks"
    eks.create_cluster(
        name="first",
        roleArn=role,
        resourcesVpcConfig={"subnetIds": ["subnet-01", "subnet-02"]},
    )
    network = ecsmock.backend("eks", region="us-west-1").network
    zones = [s.availability_zone for s in network.lookup(["subnet-01", "subnet-02"])]
    assert zones == ["us-west-1a", "us-west-1c"]

    with raises_aws("InvalidParameterException", 400, TWO_ZONES):
        eks.create_cluster(
            name="second",
            roleArn=role,
            resourcesVpcConfig={"subnetIds": ["subnet-01", "subnet-03"]},
        )
    eks.create_cluster(
        name="second", roleArn=role, resourcesVpcConfig={"subnetIds": ["subnet-02", "subnet-03"]}
    )


def test_at_most_five_security_groups(new_cluster, raises_aws):
    groups = [f"sg-000{i}" for i in range(6)]
    with raises_aws(
        "InvalidParameterException",
        400,
        "You can specify at most 5 security groups; 6 were given",
    ):
        new_cluster(
            "prod",
            resourcesVpcConfig={
                "subnetIds": ["subnet-01", "subnet-02"],
                "securityGroupIds": groups,
            },
        )
    cluster = new_cluster(
        "prod",
        resourcesVpcConfig={
            "subnetIds": ["subnet-01", "subnet-02"],
            "securityGroupIds": groups[:5],
        },
    )
    assert cluster["resourcesVpcConfig"]["securityGroupIds"] == groups[:5]


def test_a_security_group_id_that_cannot_exist_is_refused(new_cluster, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "The security group 'default' does not exist (Service: AmazonEC2; Status Code: 400; "
        "Error Code: InvalidGroup.NotFound)",
    ):
        new_cluster(
            "prod",
            resourcesVpcConfig={
                "subnetIds": ["subnet-01", "subnet-02"],
                "securityGroupIds": ["default"],
            },
        )


def test_a_security_group_of_another_vpc_is_refused(new_cluster, eks_backend, raises_aws):
    eks_backend.network.add_security_group("sg-0elsewhere", vpc_id="vpc-other")
    default_vpc = eks_backend.network.default_vpc_id

    with raises_aws(
        "InvalidParameterException",
        400,
        "Security group(s) [sg-0elsewhere] are not in the same VPC as the subnets. Please "
        f"specify a security group that is associated with the VPC: {default_vpc}.",
    ):
        new_cluster(
            "prod",
            resourcesVpcConfig={
                "subnetIds": ["subnet-01", "subnet-02"],
                "securityGroupIds": ["sg-0elsewhere"],
            },
        )


def test_the_endpoint_cannot_be_closed_both_ways(new_cluster, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "Either endpointPublicAccess or endpointPrivateAccess must be true: a cluster's "
        "Kubernetes API server endpoint cannot be closed to both",
    ):
        new_cluster(
            "prod",
            resourcesVpcConfig={
                "subnetIds": ["subnet-01", "subnet-02"],
                "endpointPublicAccess": False,
                "endpointPrivateAccess": False,
            },
        )


def test_public_access_cidrs_must_be_cidr_blocks(new_cluster, raises_aws):
    with raises_aws("InvalidParameterException", 400, "1.2.3.4/99 is not a valid CIDR block"):
        new_cluster(
            "prod",
            resourcesVpcConfig={
                "subnetIds": ["subnet-01", "subnet-02"],
                "publicAccessCidrs": ["1.2.3.4/99"],
            },
        )


def test_the_default_service_cidr_avoids_a_vpc_in_ten_slash_eight(new_cluster, eks_backend):
    eks_backend.network.add_vpc("vpc-ten", cidr_block="10.0.0.0/16")
    eks_backend.network.add_subnet("subnet-aaaa", availability_zone="us-east-1a", vpc_id="vpc-ten")
    eks_backend.network.add_subnet("subnet-bbbb", availability_zone="us-east-1b", vpc_id="vpc-ten")

    cluster = new_cluster("prod", resourcesVpcConfig={"subnetIds": ["subnet-aaaa", "subnet-bbbb"]})

    assert cluster["kubernetesNetworkConfig"]["serviceIpv4Cidr"] == "172.20.0.0/16"


@pytest.mark.parametrize(
    ("cidr", "message"),
    [
        (
            "100.64.0.0/16",
            "serviceIpv4Cidr 100.64.0.0/16 must be within 10.0.0.0/8, 172.16.0.0/12 or "
            "192.168.0.0/16",
        ),
        ("10.0.0.0/25", "serviceIpv4Cidr 10.0.0.0/25 must have a prefix between /12 and /24"),
        ("10.0.0.0/11", "serviceIpv4Cidr 10.0.0.0/11 must have a prefix between /12 and /24"),
        (
            "172.31.128.0/24",
            "serviceIpv4Cidr 172.31.128.0/24 overlaps the CIDR block 172.31.0.0/16 of the "
            "cluster's VPC",
        ),
        ("10.100.0.1/16", "10.100.0.1/16 is not a valid CIDR block"),
        ("fd00::/108", "fd00::/108 is not a valid IPv4 CIDR block"),
    ],
)
def test_service_cidr_rules(new_cluster, raises_aws, cidr, message):
    with raises_aws("InvalidParameterException", 400, message):
        new_cluster("prod", kubernetesNetworkConfig={"serviceIpv4Cidr": cidr})


def test_an_ipv6_cluster_gets_a_unique_local_service_range(new_cluster):
    cluster = new_cluster("six", kubernetesNetworkConfig={"ipFamily": "ipv6"})

    network = cluster["kubernetesNetworkConfig"]
    assert network["ipFamily"] == "ipv6"
    assert "serviceIpv4Cidr" not in network
    service = ipaddress.IPv6Network(network["serviceIpv6Cidr"])
    assert service.prefixlen == 108
    assert service.subnet_of(ipaddress.IPv6Network("fc00::/7"))
    assert cluster["resourcesVpcConfig"]["publicAccessCidrs"] == ["0.0.0.0/0", "::/0"]


def test_an_ipv6_cluster_takes_no_ipv4_service_cidr(new_cluster, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "serviceIpv4Cidr cannot be specified when ipFamily is ipv6: Kubernetes assigns "
        "service addresses from an IPv6 unique local range",
    ):
        new_cluster(
            "six", kubernetesNetworkConfig={"ipFamily": "ipv6", "serviceIpv4Cidr": "10.100.0.0/16"}
        )
