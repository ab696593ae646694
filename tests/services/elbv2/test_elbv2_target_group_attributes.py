from __future__ import annotations

import pytest
from elbv2_helpers import VPC, error_of, refused

DEFAULTS = {
    "deregistration_delay.timeout_seconds": "300",
    "stickiness.enabled": "false",
    "stickiness.type": "lb_cookie",
    "stickiness.lb_cookie.duration_seconds": "86400",
    "stickiness.app_cookie.cookie_name": "",
    "stickiness.app_cookie.duration_seconds": "86400",
    "slow_start.duration_seconds": "0",
    "load_balancing.algorithm.type": "round_robin",
    "load_balancing.algorithm.anomaly_mitigation": "off",
    "load_balancing.cross_zone.enabled": "use_load_balancer_configuration",
    "target_group_health.dns_failover.minimum_healthy_targets.count": "1",
    "target_group_health.dns_failover.minimum_healthy_targets.percentage": "off",
    "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count": "1",
    "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage": "off",
}


def attributes(elbv2, tg_arn):
    described = elbv2.describe_target_group_attributes(TargetGroupArn=tg_arn)
    return {a["Key"]: a["Value"] for a in described["Attributes"]}


def modify(elbv2, tg_arn, **values):
    """ModifyTargetGroupAttributes with keyword names: dots written as __."""
    pairs = [{"Key": key.replace("__", "."), "Value": value} for key, value in values.items()]
    answer = elbv2.modify_target_group_attributes(TargetGroupArn=tg_arn, Attributes=pairs)
    return {a["Key"]: a["Value"] for a in answer["Attributes"]}


def refused_change(elbv2, tg_arn, key, value):
    return error_of(
        refused(
            elbv2.modify_target_group_attributes,
            TargetGroupArn=tg_arn,
            Attributes=[{"Key": key, "Value": value}],
        )
    )


@pytest.fixture
def tg_arn(target_group):
    return target_group["TargetGroupArn"]


def test_an_instance_or_ip_group_has_aws_defaults(elbv2, tg_arn):
    assert attributes(elbv2, tg_arn) == DEFAULTS
    instance_group = elbv2.create_target_group(Name="hosts", Protocol="HTTPS", Port=443, VpcId=VPC)
    assert attributes(elbv2, instance_group["TargetGroups"][0]["TargetGroupArn"]) == DEFAULTS


def test_a_lambda_group_has_only_its_own_attribute(elbv2):
    tg = elbv2.create_target_group(Name="fn", TargetType="lambda")["TargetGroups"][0]
    arn = tg["TargetGroupArn"]
    assert attributes(elbv2, arn) == {"lambda.multi_value_headers.enabled": "false"}
    assert modify(elbv2, arn, lambda__multi_value_headers__enabled="true") == {
        "lambda.multi_value_headers.enabled": "true"
    }
    code, _, message = refused_change(elbv2, arn, "deregistration_delay.timeout_seconds", "10")
    assert (code, message) == (
        "ValidationError",
        "Target group attribute key 'deregistration_delay.timeout_seconds' is not recognized",
    )


def test_http2_and_grpc_groups_have_their_own_attributes(elbv2):
    http2 = elbv2.create_target_group(
        Name="h2", Protocol="HTTP", Port=80, VpcId=VPC, ProtocolVersion="HTTP2"
    )["TargetGroups"][0]["TargetGroupArn"]
    grpc = elbv2.create_target_group(
        Name="grpc", Protocol="HTTP", Port=80, VpcId=VPC, ProtocolVersion="GRPC"
    )["TargetGroups"][0]["TargetGroupArn"]

    assert attributes(elbv2, http2) == {
        **DEFAULTS,
        "waf.http2.traffic_inspection_behavior": "inspect_immediately",
        "routing.http2.rst_stream_error_forwarding.enabled": "false",
    }
    assert attributes(elbv2, grpc) == {
        **DEFAULTS,
        "routing.http2.rst_stream_error_forwarding.enabled": "false",
    }
    key = "waf.http2.traffic_inspection_behavior"
    assert refused_change(elbv2, grpc, key, "inspect_immediately")[0] == "ValidationError"


def test_changes_are_kept_and_every_value_is_answered(elbv2, tg_arn):
    answered = modify(
        elbv2,
        tg_arn,
        deregistration_delay__timeout_seconds="30",
        stickiness__enabled="true",
        stickiness__type="app_cookie",
        stickiness__app_cookie__cookie_name="SESSION",
        load_balancing__algorithm__type="least_outstanding_requests",
        slow_start__duration_seconds="30",
        target_group_health__dns_failover__minimum_healthy_targets__count="off",
    )
    expected = {
        **DEFAULTS,
        "deregistration_delay.timeout_seconds": "30",
        "stickiness.enabled": "true",
        "stickiness.type": "app_cookie",
        "stickiness.app_cookie.cookie_name": "SESSION",
        "load_balancing.algorithm.type": "least_outstanding_requests",
        "slow_start.duration_seconds": "30",
        "target_group_health.dns_failover.minimum_healthy_targets.count": "off",
    }
    assert answered == expected
    assert attributes(elbv2, tg_arn) == expected


def test_the_deregistration_delay_is_what_draining_takes(elbv2, ecsmock, tg_arn):
    modify(elbv2, tg_arn, deregistration_delay__timeout_seconds="45")
    assert ecsmock.backend("elbv2").deregistration_delay(tg_arn) == 45


def test_keys_aws_does_not_know_here_are_refused(elbv2, tg_arn):
    for key in ("stickiness.cookie", "proxy_protocol_v2.enabled", "preserve_client_ip.enabled"):
        assert refused_change(elbv2, tg_arn, key, "true") == (
            "ValidationError",
            400,
            f"Target group attribute key '{key}' is not recognized",
        )
    code, _, message = refused_change(elbv2, tg_arn, "stickiness enabled!", "true")
    assert code == "ValidationError"
    assert message == (
        "1 validation error detected: Value 'stickiness enabled!' at 'attributes.1.member.key' "
        "failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "^[a-zA-Z0-9._]+$"
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("deregistration_delay.timeout_seconds", "3601"),
        ("deregistration_delay.timeout_seconds", "-1"),
        ("deregistration_delay.timeout_seconds", "soon"),
        ("stickiness.enabled", "yes"),
        ("stickiness.type", "cookie"),
        ("stickiness.lb_cookie.duration_seconds", "0"),
        ("stickiness.lb_cookie.duration_seconds", "604801"),
        ("stickiness.app_cookie.duration_seconds", "0"),
        ("stickiness.app_cookie.cookie_name", "AWSALBAPP-1"),
        ("stickiness.app_cookie.cookie_name", "my cookie"),
        ("slow_start.duration_seconds", "29"),
        ("slow_start.duration_seconds", "901"),
        ("load_balancing.algorithm.type", "random"),
        ("load_balancing.algorithm.anomaly_mitigation", "yes"),
        ("load_balancing.cross_zone.enabled", "maybe"),
        ("target_group_health.dns_failover.minimum_healthy_targets.count", "0"),
        ("target_group_health.dns_failover.minimum_healthy_targets.percentage", "101"),
        ("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "off"),
        ("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "0"),
    ],
)
def test_values_out_of_bounds_are_refused(elbv2, tg_arn, key, value):
    code, status, message = refused_change(elbv2, tg_arn, key, value)
    assert (code, status) == ("ValidationError", 400)
    assert message.startswith(f"The value '{value}' of attribute '{key}' is not valid: ")
    assert attributes(elbv2, tg_arn) == DEFAULTS


def test_a_refused_change_changes_none_of_the_attributes(elbv2, tg_arn):
    refused(
        elbv2.modify_target_group_attributes,
        TargetGroupArn=tg_arn,
        Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "10"},
            {"Key": "stickiness.enabled", "Value": "perhaps"},
        ],
    )
    assert attributes(elbv2, tg_arn) == DEFAULTS


def test_stickiness_of_other_load_balancers_is_refused(elbv2, tg_arn):
    assert refused_change(elbv2, tg_arn, "stickiness.type", "source_ip") == (
        "InvalidConfigurationRequest",
        400,
        "Stickiness type 'source_ip' is not supported for target groups with the HTTP protocol",
    )


def test_rules_between_attributes(elbv2, tg_arn):
    caught = refused(
        elbv2.modify_target_group_attributes,
        TargetGroupArn=tg_arn,
        Attributes=[
            {"Key": "stickiness.enabled", "Value": "true"},
            {"Key": "stickiness.type", "Value": "app_cookie"},
        ],
    )
    assert error_of(caught)[0] == "InvalidConfigurationRequest"
    assert "cookie name" in error_of(caught)[2]

    key = "load_balancing.algorithm.anomaly_mitigation"
    assert refused_change(elbv2, tg_arn, key, "on")[0] == "InvalidConfigurationRequest"
    answered = modify(
        elbv2,
        tg_arn,
        load_balancing__algorithm__type="weighted_random",
        load_balancing__algorithm__anomaly_mitigation="on",
    )
    assert answered["load_balancing.algorithm.anomaly_mitigation"] == "on"

    code, _, message = refused_change(elbv2, tg_arn, "slow_start.duration_seconds", "60")
    assert code == "InvalidConfigurationRequest"
    assert "weighted_random" in message
    assert attributes(elbv2, tg_arn)["slow_start.duration_seconds"] == "0"


def test_an_unknown_target_group_is_refused(elbv2):
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef"
    caught = refused(elbv2.describe_target_group_attributes, TargetGroupArn=arn)
    assert error_of(caught) == ("TargetGroupNotFound", 400, "One or more target groups not found")
    caught = refused(
        elbv2.modify_target_group_attributes,
        TargetGroupArn=arn,
        Attributes=[{"Key": "stickiness.enabled", "Value": "true"}],
    )
    assert error_of(caught)[0] == "TargetGroupNotFound"
