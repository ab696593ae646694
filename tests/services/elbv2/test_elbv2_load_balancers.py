from __future__ import annotations

import re
import time
from datetime import timedelta

import boto3
import pytest
from botocore.exceptions import ClientError
from elbv2_helpers import VPC, error_of, refused

from pytest_ecsmock import EcsmockUsageError

ARN = re.compile(
    r"^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/[0-9a-f]{16}$"
)


def test_create_describes_the_new_load_balancer_as_aws_does(elbv2, ecsmock, network):
    lb = elbv2.create_load_balancer(
        Name="web", Subnets=network[:2], SecurityGroups=["sg-0123456789abcdef0"]
    )["LoadBalancers"][0]

    assert ARN.match(lb["LoadBalancerArn"])
    assert re.match(r"^web-\d{10}\.us-east-1\.elb\.amazonaws\.com$", lb["DNSName"])
    assert lb["CanonicalHostedZoneId"] == "Z35SXDOTRQ7X7K"
    assert lb["CreatedTime"] == ecsmock.clock.now()
    assert lb["State"] == {"Code": "provisioning"}
    assert (lb["Type"], lb["Scheme"], lb["IpAddressType"]) == (
        "application",
        "internet-facing",
        "ipv4",
    )
    assert lb["VpcId"] == VPC
    assert lb["SecurityGroups"] == ["sg-0123456789abcdef0"]
    assert lb["AvailabilityZones"] == [
        {"ZoneName": "us-east-1a", "SubnetId": network[0], "LoadBalancerAddresses": []},
        {"ZoneName": "us-east-1b", "SubnetId": network[1], "LoadBalancerAddresses": []},
    ]


def test_internal_load_balancer_dns_name_starts_with_internal(elbv2, network):
    lb = elbv2.create_load_balancer(Name="api", Subnets=network[:2], Scheme="internal")
    dns = lb["LoadBalancers"][0]["DNSName"]
    assert dns.startswith("internal-api-")
    assert dns.endswith(".us-east-1.elb.amazonaws.com")


def test_undeclared_subnets_are_placed_in_the_default_vpc_one_zone_each(elbv2, ecsmock):
    lb = elbv2.create_load_balancer(Name="web", Subnets=["subnet-1", "subnet-2", "subnet-3"])
    lb = lb["LoadBalancers"][0]
    network = ecsmock.backend("elbv2").network
    assert lb["VpcId"] == network.default_vpc_id
    assert [z["ZoneName"] for z in lb["AvailabilityZones"]] == [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
    ]
    assert lb["SecurityGroups"] == [network.default_security_group(network.default_vpc_id)]
    again = elbv2.create_load_balancer(Name="other", Subnets=["subnet-2", "subnet-4"])
    zones = [z["ZoneName"] for z in again["LoadBalancers"][0]["AvailabilityZones"]]
    assert zones == ["us-east-1b", "us-east-1d"]


def test_subnet_mappings_work_like_subnets(elbv2, network):
    lb = elbv2.create_load_balancer(
        Name="web", SubnetMappings=[{"SubnetId": network[1]}, {"SubnetId": network[2]}]
    )
    zones = [z["ZoneName"] for z in lb["LoadBalancers"][0]["AvailabilityZones"]]
    assert zones == ["us-east-1b", "us-east-1c"]


def test_other_regions_have_their_own_hosted_zone(ecsmock):
    client = boto3.client("elbv2", region_name="eu-west-1")
    lb = client.create_load_balancer(Name="web", Subnets=["subnet-1", "subnet-2"])
    lb = lb["LoadBalancers"][0]
    assert lb["CanonicalHostedZoneId"] == "Z32O12XQLNTSW2"
    assert lb["LoadBalancerArn"].startswith("arn:aws:elasticloadbalancing:eu-west-1:")
    assert lb["DNSName"].endswith(".eu-west-1.elb.amazonaws.com")
    assert lb["AvailabilityZones"][0]["ZoneName"] == "eu-west-1a"


# ---------------------------------------------------------------------- provisioning


def test_load_balancer_becomes_active_when_the_clock_moves(elbv2, ecsmock, load_balancer):
    arn = load_balancer["LoadBalancerArn"]
    ecsmock.clock.advance(59)
    assert elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]["State"] == {
        "Code": "provisioning"
    }
    ecsmock.clock.advance(1)
    described = elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]
    assert described["State"] == {"Code": "active"}


def test_describing_does_not_move_a_load_balancer_along(elbv2, load_balancer):
    for _ in range(3):
        described = elbv2.describe_load_balancers(Names=["web"])["LoadBalancers"][0]
        assert described["State"] == {"Code": "provisioning"}


def test_available_waiter_finishes_on_simulated_time(elbv2, ecsmock, load_balancer):
    started, real = ecsmock.clock.now(), time.monotonic()
    elbv2.get_waiter("load_balancer_available").wait(Names=["web"])
    assert time.monotonic() - real < 5
    assert ecsmock.clock.now() - started == timedelta(seconds=60)
    assert elbv2.describe_load_balancers(Names=["web"])["LoadBalancers"][0]["State"] == {
        "Code": "active"
    }


def test_exists_waiter_succeeds_at_once(elbv2, ecsmock, load_balancer):
    started = ecsmock.clock.now()
    elbv2.get_waiter("load_balancer_exists").wait(
        LoadBalancerArns=[load_balancer["LoadBalancerArn"]]
    )
    assert ecsmock.clock.now() == started


def test_deleted_waiter_finishes_without_sleeping(elbv2, ecsmock, load_balancer):
    real = time.monotonic()
    elbv2.delete_load_balancer(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    elbv2.get_waiter("load_balancers_deleted").wait(
        LoadBalancerArns=[load_balancer["LoadBalancerArn"]]
    )
    assert time.monotonic() - real < 5
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []


# ---------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a" * 33, f"The load balancer name '{'a' * 33}' cannot be longer than '32' characters"),
        (
            "web_app",
            "The load balancer name 'web_app' can only contain characters that are "
            "alphanumeric characters or hyphens(-)",
        ),
        ("-web", "The load balancer name '-web' cannot begin or end with '-'"),
        ("web-", "The load balancer name 'web-' cannot begin or end with '-'"),
        ("internal-web", "The load balancer name 'internal-web' cannot begin with 'internal-'"),
    ],
)
def test_load_balancer_name_rules(elbv2, network, name, message):
    with pytest.raises(ClientError) as caught:
        elbv2.create_load_balancer(Name=name, Subnets=network[:2])
    assert error_of(caught) == ("ValidationError", 400, message)
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []


def test_a_name_of_32_characters_is_accepted(elbv2, network):
    name = "a" * 31 + "1"
    lb = elbv2.create_load_balancer(Name=name, Subnets=network[:2])
    assert lb["LoadBalancers"][0]["LoadBalancerName"] == name


# ---------------------------------------------------------------------- subnets


def test_one_subnet_is_not_enough(elbv2, network):
    with pytest.raises(ClientError) as caught:
        elbv2.create_load_balancer(Name="web", Subnets=network[:1])
    assert error_of(caught) == (
        "ValidationError",
        400,
        "At least two subnets in two different Availability Zones must be specified",
    )


def test_two_subnets_in_one_zone_are_refused(elbv2, ecsmock, network):
    ecsmock.backend("elbv2").network.add_subnet(
        "subnet-0000000d", vpc_id=VPC, availability_zone="us-east-1a"
    )
    with pytest.raises(ClientError) as caught:
        elbv2.create_load_balancer(Name="web", Subnets=[network[0], "subnet-0000000d"])
    assert error_of(caught) == (
        "InvalidConfigurationRequest",
        400,
        "A load balancer cannot be attached to multiple subnets in the same Availability Zone",
    )


def test_subnets_of_two_vpcs_are_refused(elbv2, ecsmock, network):
    ecsmock.backend("elbv2").network.add_subnet(
        "subnet-0000000e", vpc_id="vpc-0other", availability_zone="us-east-1b"
    )
    with pytest.raises(ClientError) as caught:
        elbv2.create_load_balancer(Name="web", Subnets=[network[0], "subnet-0000000e"])
    code, status, message = error_of(caught)
    assert (code, status) == ("InvalidSubnet", 400)
    assert VPC in message
    assert "vpc-0other" in message


def test_a_malformed_subnet_id_is_not_found(elbv2, network):
    with pytest.raises(ClientError) as caught:
        elbv2.create_load_balancer(Name="web", Subnets=[network[0], "net-1"])
    assert error_of(caught) == ("SubnetNotFound", 400, "The subnet ID 'net-1' is not valid")


def test_subnets_and_subnet_mappings_together_are_refused(elbv2, network):
    caught = refused(
        elbv2.create_load_balancer,
        Name="web",
        Subnets=network[:2],
        SubnetMappings=[{"SubnetId": network[2]}],
    )
    assert error_of(caught)[:2] == ("ValidationError", 400)


def test_elastic_ips_are_for_network_load_balancers(elbv2, network):
    caught = refused(
        elbv2.create_load_balancer,
        Name="web",
        SubnetMappings=[
            {"SubnetId": network[0], "AllocationId": "eipalloc-1"},
            {"SubnetId": network[1]},
        ],
    )
    code, status, message = error_of(caught)
    assert (code, status) == ("InvalidConfigurationRequest", 400)
    assert "AllocationId" in message


def test_a_malformed_security_group_is_refused(elbv2, network):
    with pytest.raises(ClientError) as caught:
        elbv2.create_load_balancer(Name="web", Subnets=network[:2], SecurityGroups=["web"])
    assert error_of(caught) == (
        "InvalidSecurityGroup",
        400,
        "The security group 'web' does not exist",
    )


# ---------------------------------------------------------------------- other settings


@pytest.mark.parametrize("kind", ["network", "gateway"])
def test_network_and_gateway_load_balancers_are_not_supported_yet(elbv2, network, kind):
    with pytest.raises(ClientError) as caught:
        elbv2.create_load_balancer(Name="web", Subnets=network[:2], Type=kind)
    code, status, message = error_of(caught)
    assert (code, status) == ("ValidationError", 400)
    assert f"The load balancer type '{kind}' is not supported by pytest-ecsmock yet" in message


def test_an_unknown_scheme_is_refused_like_any_enum(elbv2, network):
    with pytest.raises(ClientError) as caught:
        elbv2.create_load_balancer(Name="web", Subnets=network[:2], Scheme="public")
    assert error_of(caught) == (
        "ValidationError",
        400,
        "1 validation error detected: Value 'public' at 'scheme' failed to satisfy constraint: "
        "Member must satisfy enum value set: [internet-facing, internal]",
    )


def test_customer_owned_pools_are_not_supported_yet(elbv2, network):
    caught = refused(
        elbv2.create_load_balancer,
        Name="web",
        Subnets=network[:2],
        CustomerOwnedIpv4Pool="ipv4pool-coip-1",
    )
    code, _, message = error_of(caught)
    assert code == "ValidationError"
    assert "CustomerOwnedIpv4Pool is not supported by pytest-ecsmock yet" in message


def test_dualstack_without_public_ipv4_needs_an_internet_facing_load_balancer(elbv2, network):
    caught = refused(
        elbv2.create_load_balancer,
        Name="web",
        Subnets=network[:2],
        Scheme="internal",
        IpAddressType="dualstack-without-public-ipv4",
    )
    assert error_of(caught)[:2] == ("InvalidConfigurationRequest", 400)


def test_creating_again_with_the_same_settings_returns_the_same_load_balancer(elbv2, network):
    first = elbv2.create_load_balancer(Name="web", Subnets=network[:2])["LoadBalancers"][0]
    again = elbv2.create_load_balancer(Name="web", Subnets=list(reversed(network[:2])))
    assert again["LoadBalancers"][0]["LoadBalancerArn"] == first["LoadBalancerArn"]
    assert len(elbv2.describe_load_balancers()["LoadBalancers"]) == 1


def test_creating_again_with_other_settings_is_a_duplicate_name(elbv2, network):
    elbv2.create_load_balancer(Name="web", Subnets=network[:2])
    with pytest.raises(ClientError) as caught:
        elbv2.create_load_balancer(Name="web", Subnets=network[:2], Scheme="internal")
    assert error_of(caught) == (
        "DuplicateLoadBalancerName",
        400,
        "A load balancer with the same name 'web' exists, but with different settings",
    )


def test_a_refused_load_balancer_leaves_no_zone_assigned(elbv2, network):
    elbv2.create_load_balancer(Name="web", Subnets=["subnet-1", "subnet-2"])
    with pytest.raises(ClientError):
        elbv2.create_load_balancer(Name="web", Subnets=["subnet-3", "subnet-4"])
    later = elbv2.create_load_balancer(Name="api", Subnets=["subnet-5", "subnet-6"])
    zones = [z["ZoneName"] for z in later["LoadBalancers"][0]["AvailabilityZones"]]
    assert zones == ["us-east-1c", "us-east-1d"]


def test_the_provisioning_time_is_a_backend_setting(elbv2, ecsmock, network):
    ecsmock.backend("elbv2").provisioning_seconds = 180
    elbv2.create_load_balancer(Name="slow", Subnets=network[:2])
    started = ecsmock.clock.now()
    elbv2.get_waiter("load_balancer_available").wait(Names=["slow"])
    assert ecsmock.clock.now() - started == timedelta(seconds=180)


@pytest.mark.parametrize("seconds", [1e12, 315360001, -1, float("nan"), "60", True])
def test_a_provisioning_time_the_clock_cannot_take_is_refused(elbv2, ecsmock, network, seconds):
    backend = ecsmock.backend("elbv2")
    with pytest.raises(EcsmockUsageError) as caught:
        backend.provisioning_seconds = seconds
    assert str(caught.value).startswith(
        "provisioning_seconds must be a number of seconds from 0 to 315360000 (10 years), "
        f"not {seconds!r} (see "
    )
    assert backend.provisioning_seconds == 60
    elbv2.create_load_balancer(Name="web", Subnets=network[:2])
    ecsmock.clock.advance(60)
    [described] = elbv2.describe_load_balancers(Names=["web"])["LoadBalancers"]
    assert described["State"] == {"Code": "active"}
