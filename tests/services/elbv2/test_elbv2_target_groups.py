from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError
from elbv2_helpers import VPC, error_of, forward_to, refused


def test_http_target_group_gets_the_alb_health_check_defaults(elbv2):
    tg = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=VPC)
    tg = tg["TargetGroups"][0]
    assert re.match(
        r"^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/[0-9a-f]{16}$",
        tg["TargetGroupArn"],
    )
    assert {k: v for k, v in tg.items() if k != "TargetGroupArn"} == {
        "TargetGroupName": "web",
        "Protocol": "HTTP",
        "Port": 80,
        "VpcId": VPC,
        "HealthCheckProtocol": "HTTP",
        "HealthCheckPort": "traffic-port",
        "HealthCheckEnabled": True,
        "HealthCheckIntervalSeconds": 30,
        "HealthCheckTimeoutSeconds": 5,
        "HealthyThresholdCount": 5,
        "UnhealthyThresholdCount": 2,
        "HealthCheckPath": "/",
        "Matcher": {"HttpCode": "200"},
        "LoadBalancerArns": [],
        "TargetType": "instance",
        "ProtocolVersion": "HTTP1",
        "IpAddressType": "ipv4",
    }


def test_https_target_group_checks_health_over_https(elbv2):
    tg = elbv2.create_target_group(Name="tls", Protocol="HTTPS", Port=443, VpcId=VPC)
    assert tg["TargetGroups"][0]["HealthCheckProtocol"] == "HTTPS"


def test_lambda_target_group_has_no_protocol_port_or_vpc(elbv2):
    tg = elbv2.create_target_group(Name="fn", TargetType="lambda")["TargetGroups"][0]
    assert tg["TargetType"] == "lambda"
    for absent in ("Protocol", "Port", "VpcId", "HealthCheckProtocol", "HealthCheckPort"):
        assert absent not in tg
    assert tg["HealthCheckEnabled"] is False
    assert (tg["HealthCheckIntervalSeconds"], tg["HealthCheckTimeoutSeconds"]) == (35, 30)
    assert (tg["HealthyThresholdCount"], tg["UnhealthyThresholdCount"]) == (5, 5)


def test_grpc_target_group_uses_grpc_health_checks(elbv2):
    tg = elbv2.create_target_group(
        Name="grpc", Protocol="HTTP", Port=50051, VpcId=VPC, ProtocolVersion="GRPC"
    )["TargetGroups"][0]
    assert tg["ProtocolVersion"] == "GRPC"
    assert tg["HealthCheckPath"] == "/AWS.ALB/healthcheck"
    assert tg["Matcher"] == {"GrpcCode": "12"}


def test_health_check_settings_given_are_kept(elbv2):
    tg = elbv2.create_target_group(
        Name="web",
        Protocol="HTTP",
        Port=80,
        VpcId=VPC,
        HealthCheckPath="/health",
        HealthCheckPort="8081",
        HealthCheckIntervalSeconds=10,
        HealthCheckTimeoutSeconds=3,
        HealthyThresholdCount=2,
        UnhealthyThresholdCount=3,
        Matcher={"HttpCode": "200-299"},
    )["TargetGroups"][0]
    assert tg["HealthCheckPath"] == "/health"
    assert tg["HealthCheckPort"] == "8081"
    assert (tg["HealthCheckIntervalSeconds"], tg["HealthCheckTimeoutSeconds"]) == (10, 3)
    assert (tg["HealthyThresholdCount"], tg["UnhealthyThresholdCount"]) == (2, 3)
    assert tg["Matcher"] == {"HttpCode": "200-299"}


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("Protocol", "A protocol must be specified"),
        ("Port", "A port must be specified"),
        ("VpcId", "A VPC ID must be specified"),
    ],
)
def test_instance_and_ip_target_groups_need_protocol_port_and_vpc(elbv2, missing, message):
    params = {"Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": VPC, "TargetType": "ip"}
    del params[missing]
    with pytest.raises(ClientError) as caught:
        elbv2.create_target_group(**params)
    assert error_of(caught) == ("ValidationError", 400, message)


def test_lambda_target_group_refuses_a_port(elbv2):
    with pytest.raises(ClientError) as caught:
        elbv2.create_target_group(Name="fn", TargetType="lambda", Port=80)
    assert error_of(caught) == (
        "ValidationError",
        400,
        "Port cannot be specified for target groups with target type 'lambda'",
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("t" * 33, f"Target group name '{'t' * 33}' cannot be longer than '32' characters"),
        (
            "web.app",
            "Target group name 'web.app' can only contain characters that are alphanumeric "
            "characters or hyphens(-)",
        ),
        ("web-", "Target group name 'web-' cannot begin or end with '-'"),
    ],
)
def test_target_group_name_rules(elbv2, name, message):
    with pytest.raises(ClientError) as caught:
        elbv2.create_target_group(Name=name, Protocol="HTTP", Port=80, VpcId=VPC)
    assert error_of(caught) == ("ValidationError", 400, message)
    assert elbv2.describe_target_groups()["TargetGroups"] == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            {"HealthCheckIntervalSeconds": 301},
            "1 validation error detected: Value '301' at 'healthCheckIntervalSeconds' failed "
            "to satisfy constraint: Member must have value less than or equal to 300",
        ),
        (
            {"HealthCheckTimeoutSeconds": 121, "HealthCheckIntervalSeconds": 300},
            "1 validation error detected: Value '121' at 'healthCheckTimeoutSeconds' failed "
            "to satisfy constraint: Member must have value less than or equal to 120",
        ),
        (
            {"HealthyThresholdCount": 11},
            "1 validation error detected: Value '11' at 'healthyThresholdCount' failed to "
            "satisfy constraint: Member must have value less than or equal to 10",
        ),
        (
            {"HealthCheckIntervalSeconds": 5, "HealthCheckTimeoutSeconds": 5},
            "Health check interval must be greater than the timeout.",
        ),
        (
            {"HealthCheckTimeoutSeconds": 30},
            "Health check interval must be greater than the timeout.",
        ),
        (
            {"Matcher": {"HttpCode": "600"}},
            "Health check matcher HTTP code '600' must be within '200-499'",
        ),
        (
            {"HealthCheckPath": "health"},
            "A health check path must begin with a '/' character",
        ),
        (
            {"HealthCheckEnabled": False},
            "Health checks cannot be disabled for target groups with target type 'instance'",
        ),
    ],
)
def test_health_check_settings_are_checked(elbv2, setting, message):
    with pytest.raises(ClientError) as caught:
        elbv2.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=VPC, **setting)
    assert error_of(caught) == ("ValidationError", 400, message)


def test_network_protocols_are_not_supported_yet(elbv2):
    with pytest.raises(ClientError) as caught:
        elbv2.create_target_group(Name="tcp", Protocol="TCP", Port=80, VpcId=VPC)
    code, status, message = error_of(caught)
    assert (code, status) == ("ValidationError", 400)
    assert "The target group protocol 'TCP'" in message
    assert "is not supported by pytest-ecsmock yet" in message


def test_alb_target_type_is_not_supported_yet(elbv2):
    with pytest.raises(ClientError) as caught:
        elbv2.create_target_group(Name="albs", Protocol="TCP", Port=80, VpcId=VPC, TargetType="alb")
    assert "The target type 'alb'" in error_of(caught)[2]


def test_target_control_port_is_not_supported_yet(elbv2):
    caught = refused(
        elbv2.create_target_group,
        Name="web",
        Protocol="HTTP",
        Port=80,
        VpcId=VPC,
        TargetControlPort=9000,
    )
    assert "TargetControlPort is not supported by pytest-ecsmock yet" in error_of(caught)[2]


def test_creating_again_with_the_same_settings_returns_the_same_target_group(elbv2, target_group):
    again = elbv2.create_target_group(
        Name="web-targets", Protocol="HTTP", Port=8080, VpcId=VPC, TargetType="ip"
    )
    assert again["TargetGroups"][0]["TargetGroupArn"] == target_group["TargetGroupArn"]


def test_creating_again_with_other_settings_is_a_duplicate_name(elbv2, target_group):
    caught = refused(
        elbv2.create_target_group,
        Name="web-targets",
        Protocol="HTTP",
        Port=9090,
        VpcId=VPC,
        TargetType="ip",
    )
    assert error_of(caught) == (
        "DuplicateTargetGroupName",
        400,
        "A target group with the same name 'web-targets' exists, but with different settings",
    )


# ---------------------------------------------------------------------- describe


def test_describe_by_names_and_arns(elbv2, target_group):
    other = elbv2.create_target_group(Name="other", Protocol="HTTP", Port=80, VpcId=VPC)
    other_arn = other["TargetGroups"][0]["TargetGroupArn"]
    by_name = elbv2.describe_target_groups(Names=["other"])["TargetGroups"]
    assert [tg["TargetGroupArn"] for tg in by_name] == [other_arn]
    by_arn = elbv2.describe_target_groups(
        TargetGroupArns=[other_arn, target_group["TargetGroupArn"]]
    )["TargetGroups"]
    assert [tg["TargetGroupName"] for tg in by_arn] == ["web-targets", "other"]


def test_unknown_target_groups_are_not_found(elbv2, target_group):
    elbv2.delete_target_group(TargetGroupArn=target_group["TargetGroupArn"])
    with pytest.raises(ClientError) as caught:
        elbv2.describe_target_groups(TargetGroupArns=[target_group["TargetGroupArn"]])
    assert error_of(caught) == ("TargetGroupNotFound", 400, "One or more target groups not found")
    with pytest.raises(ClientError) as caught:
        elbv2.describe_target_groups(Names=["nope"])
    assert error_of(caught) == ("TargetGroupNotFound", 400, "Target groups '[nope]' not found")


def test_a_malformed_target_group_arn_is_a_validation_error(elbv2):
    with pytest.raises(ClientError) as caught:
        elbv2.describe_target_groups(TargetGroupArns=["web-targets"])
    assert error_of(caught) == (
        "ValidationError",
        400,
        "'web-targets' is not a valid target group ARN",
    )


def test_names_arns_and_load_balancer_cannot_be_combined(elbv2, target_group):
    caught = refused(
        elbv2.describe_target_groups,
        Names=["web-targets"],
        TargetGroupArns=[target_group["TargetGroupArn"]],
    )
    assert error_of(caught)[:2] == ("ValidationError", 400)


def test_describe_by_load_balancer_lists_the_target_groups_it_forwards_to(
    elbv2, load_balancer, target_group
):
    lb_arn = load_balancer["LoadBalancerArn"]
    elbv2.create_target_group(Name="unused", Protocol="HTTP", Port=80, VpcId=VPC)
    assert elbv2.describe_target_groups(LoadBalancerArn=lb_arn)["TargetGroups"] == []
    elbv2.create_listener(
        LoadBalancerArn=lb_arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    found = elbv2.describe_target_groups(LoadBalancerArn=lb_arn)["TargetGroups"]
    assert [tg["TargetGroupName"] for tg in found] == ["web-targets"]
    assert found[0]["LoadBalancerArns"] == [lb_arn]


def test_paginator_walks_every_target_group(elbv2):
    for index in range(7):
        elbv2.create_target_group(Name=f"tg-{index}", Protocol="HTTP", Port=80, VpcId=VPC)
    pages = elbv2.get_paginator("describe_target_groups").paginate(PaginationConfig={"PageSize": 3})
    sizes, names = [], []
    for page in pages:
        sizes.append(len(page["TargetGroups"]))
        names += [tg["TargetGroupName"] for tg in page["TargetGroups"]]
    assert sizes == [3, 3, 1]
    assert names == [f"tg-{index}" for index in range(7)]


# ---------------------------------------------------------------------- modify and delete


def test_modify_changes_the_health_check(elbv2, target_group):
    modified = elbv2.modify_target_group(
        TargetGroupArn=target_group["TargetGroupArn"],
        HealthCheckPath="/ready",
        HealthCheckIntervalSeconds=15,
        Matcher={"HttpCode": "200,204"},
    )["TargetGroups"][0]
    assert (modified["HealthCheckPath"], modified["HealthCheckIntervalSeconds"]) == ("/ready", 15)
    assert modified["Matcher"] == {"HttpCode": "200,204"}
    described = elbv2.describe_target_groups(Names=["web-targets"])["TargetGroups"][0]
    assert described["HealthCheckPath"] == "/ready"


def test_modify_checks_the_result_as_a_whole_and_changes_nothing_on_error(elbv2, target_group):
    caught = refused(
        elbv2.modify_target_group,
        TargetGroupArn=target_group["TargetGroupArn"],
        HealthCheckPath="/ready",
        HealthCheckTimeoutSeconds=30,
    )
    assert error_of(caught)[2] == "Health check interval must be greater than the timeout."
    described = elbv2.describe_target_groups(Names=["web-targets"])["TargetGroups"][0]
    assert (described["HealthCheckPath"], described["HealthCheckTimeoutSeconds"]) == ("/", 5)


def test_modify_an_unknown_target_group(elbv2, target_group):
    elbv2.delete_target_group(TargetGroupArn=target_group["TargetGroupArn"])
    with pytest.raises(ClientError) as caught:
        elbv2.modify_target_group(TargetGroupArn=target_group["TargetGroupArn"])
    assert error_of(caught) == ("TargetGroupNotFound", 400, "One or more target groups not found")


def test_delete_is_idempotent(elbv2, target_group):
    elbv2.delete_target_group(TargetGroupArn=target_group["TargetGroupArn"])
    elbv2.delete_target_group(TargetGroupArn=target_group["TargetGroupArn"])
    assert elbv2.describe_target_groups()["TargetGroups"] == []


def test_a_target_group_in_use_by_a_listener_cannot_be_deleted(elbv2, load_balancer, target_group):
    arn = target_group["TargetGroupArn"]
    elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(arn),
    )
    with pytest.raises(ClientError) as caught:
        elbv2.delete_target_group(TargetGroupArn=arn)
    assert error_of(caught) == (
        "ResourceInUse",
        400,
        f"Target group '{arn}' is currently in use by a listener or a rule",
    )
    assert len(elbv2.describe_target_groups()["TargetGroups"]) == 1
