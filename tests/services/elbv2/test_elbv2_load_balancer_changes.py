"""Describing, changing and deleting load balancers."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from elbv2_helpers import error_of, refused


def test_describe_by_arns_names_and_all(elbv2, network, load_balancer):
    other = elbv2.create_load_balancer(Name="api", Subnets=network[1:])["LoadBalancers"][0]
    everything = elbv2.describe_load_balancers()["LoadBalancers"]
    assert [lb["LoadBalancerName"] for lb in everything] == ["web", "api"]
    by_name = elbv2.describe_load_balancers(Names=["api"])["LoadBalancers"]
    assert by_name == [other]
    by_arn = elbv2.describe_load_balancers(
        LoadBalancerArns=[other["LoadBalancerArn"], load_balancer["LoadBalancerArn"]]
    )["LoadBalancers"]
    assert [lb["LoadBalancerName"] for lb in by_arn] == ["web", "api"]


def test_unknown_names_are_listed_in_the_error(elbv2, load_balancer):
    with pytest.raises(ClientError) as caught:
        elbv2.describe_load_balancers(Names=["web", "nope", "gone"])
    assert error_of(caught) == (
        "LoadBalancerNotFound",
        400,
        "Load balancers '[nope, gone]' not found",
    )


def test_an_unknown_arn_is_not_found(elbv2, load_balancer):
    elbv2.delete_load_balancer(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    with pytest.raises(ClientError) as caught:
        elbv2.describe_load_balancers(LoadBalancerArns=[load_balancer["LoadBalancerArn"]])
    assert error_of(caught) == ("LoadBalancerNotFound", 400, "One or more load balancers not found")


def test_an_arn_of_another_region_is_not_valid(elbv2, load_balancer):
    elsewhere = load_balancer["LoadBalancerArn"].replace("us-east-1", "eu-west-1")
    with pytest.raises(ClientError) as caught:
        elbv2.describe_load_balancers(LoadBalancerArns=[elsewhere])
    assert error_of(caught) == (
        "ValidationError",
        400,
        f"'{elsewhere}' is not a valid load balancer ARN",
    )


def test_names_and_arns_cannot_be_combined(elbv2, load_balancer):
    caught = refused(
        elbv2.describe_load_balancers,
        Names=["web"],
        LoadBalancerArns=[load_balancer["LoadBalancerArn"]],
    )
    assert error_of(caught)[:2] == ("ValidationError", 400)


def test_paginator_and_markers(elbv2):
    for index in range(5):
        elbv2.create_load_balancer(Name=f"lb-{index}", Subnets=["subnet-1", "subnet-2"])
    first = elbv2.describe_load_balancers(PageSize=2)
    assert [lb["LoadBalancerName"] for lb in first["LoadBalancers"]] == ["lb-0", "lb-1"]
    second = elbv2.describe_load_balancers(PageSize=2, Marker=first["NextMarker"])
    assert [lb["LoadBalancerName"] for lb in second["LoadBalancers"]] == ["lb-2", "lb-3"]
    pages = elbv2.get_paginator("describe_load_balancers").paginate(
        PaginationConfig={"PageSize": 4}
    )
    sizes = [len(page["LoadBalancers"]) for page in pages]
    assert sizes == [4, 1]
    last = elbv2.describe_load_balancers()
    assert "NextMarker" not in last


def test_a_bad_marker_or_page_size_is_refused(elbv2, load_balancer):
    with pytest.raises(ClientError) as caught:
        elbv2.describe_load_balancers(Marker="not-ours")
    assert error_of(caught) == ("ValidationError", 400, "The marker 'not-ours' is not valid")
    with pytest.raises(ClientError) as caught:
        elbv2.describe_load_balancers(PageSize=401)
    assert error_of(caught)[0] == "ValidationError"


def test_delete_is_idempotent(elbv2, load_balancer):
    elbv2.delete_load_balancer(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    elbv2.delete_load_balancer(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []


def test_delete_refuses_a_malformed_arn(elbv2):
    with pytest.raises(ClientError) as caught:
        elbv2.delete_load_balancer(LoadBalancerArn="web")
    assert error_of(caught) == ("ValidationError", 400, "'web' is not a valid load balancer ARN")


def test_deletion_protection_keeps_the_load_balancer(elbv2, ecsmock, load_balancer):
    arn = load_balancer["LoadBalancerArn"]
    ecsmock.backend("elbv2").load_balancer(arn).deletion_protection = True
    with pytest.raises(ClientError) as caught:
        elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert error_of(caught) == (
        "OperationNotPermitted",
        400,
        f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled",
    )
    assert len(elbv2.describe_load_balancers()["LoadBalancers"]) == 1


def test_set_security_groups(elbv2, load_balancer):
    arn = load_balancer["LoadBalancerArn"]
    result = elbv2.set_security_groups(LoadBalancerArn=arn, SecurityGroups=["sg-1", "sg-2"])
    assert result["SecurityGroupIds"] == ["sg-1", "sg-2"]
    described = elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]
    assert described["SecurityGroups"] == ["sg-1", "sg-2"]


def test_an_application_load_balancer_keeps_at_least_one_security_group(elbv2, load_balancer):
    caught = refused(
        elbv2.set_security_groups,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        SecurityGroups=[],
    )
    assert error_of(caught)[:2] == ("ValidationError", 400)


def test_set_subnets_moves_the_load_balancer_to_other_zones(elbv2, network, load_balancer):
    arn = load_balancer["LoadBalancerArn"]
    result = elbv2.set_subnets(LoadBalancerArn=arn, Subnets=network[1:])
    assert [z["ZoneName"] for z in result["AvailabilityZones"]] == ["us-east-1b", "us-east-1c"]
    assert result["IpAddressType"] == "ipv4"
    described = elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]
    assert [z["SubnetId"] for z in described["AvailabilityZones"]] == network[1:]


def test_set_subnets_stays_in_the_vpc(elbv2, load_balancer):
    caught = refused(
        elbv2.set_subnets,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Subnets=["subnet-x", "subnet-y"],
    )
    assert error_of(caught)[:2] == ("InvalidSubnet", 400)


def test_set_subnets_still_needs_two_zones(elbv2, network, load_balancer):
    with pytest.raises(ClientError) as caught:
        elbv2.set_subnets(LoadBalancerArn=load_balancer["LoadBalancerArn"], Subnets=network[:1])
    assert error_of(caught)[0] == "ValidationError"


def test_set_ip_address_type(elbv2, load_balancer):
    arn = load_balancer["LoadBalancerArn"]
    result = elbv2.set_ip_address_type(LoadBalancerArn=arn, IpAddressType="dualstack")
    assert result["IpAddressType"] == "dualstack"
    described = elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]
    assert described["IpAddressType"] == "dualstack"
    with pytest.raises(ClientError) as caught:
        elbv2.set_ip_address_type(LoadBalancerArn=arn, IpAddressType="ipv6")
    assert error_of(caught)[0] == "ValidationError"
