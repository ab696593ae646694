"""RegisterTargets, DeregisterTargets and DescribeTargetHealth: what is registered,
how targets are named, and what is refused."""

from __future__ import annotations

import pytest
from elbv2_helpers import VPC, error_of, forward_to, refused

from pytest_ecsmock.errors import ServiceError


def health_of(elbv2, tg_arn, **request):
    return elbv2.describe_target_health(TargetGroupArn=tg_arn, **request)[
        "TargetHealthDescriptions"
    ]


def states(elbv2, tg_arn):
    return [
        (d["Target"]["Id"], d["Target"]["Port"], d["TargetHealth"]["State"])
        for d in health_of(elbv2, tg_arn)
    ]


@pytest.fixture
def instance_group(elbv2):
    created = elbv2.create_target_group(Name="hosts", Protocol="HTTP", Port=80, VpcId=VPC)
    return created["TargetGroups"][0]["TargetGroupArn"]


@pytest.fixture
def ip_group(ecsmock, target_group, network):
    """The ip target group (port 8080) of VPC (10.0.0.0/16), whose subnets are
    10.0.0.0/20 (a), 10.0.16.0/20 (b) and 10.0.32.0/20 (c)."""
    ecsmock.backend("network").add_vpc(VPC, "10.0.0.0/16")
    return target_group["TargetGroupArn"]


def test_an_ip_target_gets_the_zone_of_its_subnet_and_the_group_port(elbv2, ip_group):
    elbv2.register_targets(TargetGroupArn=ip_group, Targets=[{"Id": "10.0.16.5"}])

    assert health_of(elbv2, ip_group) == [
        {
            "Target": {"Id": "10.0.16.5", "Port": 8080, "AvailabilityZone": "us-east-1b"},
            "HealthCheckPort": "8080",
            "TargetHealth": {
                "State": "unused",
                "Reason": "Target.NotInUse",
                "Description": "Target group is not configured to receive traffic from the "
                "load balancer",
            },
        }
    ]


def test_one_instance_may_be_registered_on_several_ports(elbv2, instance_group):
    elbv2.register_targets(
        TargetGroupArn=instance_group,
        Targets=[{"Id": "i-0123456789abcdef0", "Port": 32768}, {"Id": "i-0123456789abcdef0"}],
    )
    elbv2.register_targets(TargetGroupArn=instance_group, Targets=[{"Id": "i-01234567"}])

    assert states(elbv2, instance_group) == [
        ("i-0123456789abcdef0", 32768, "unused"),
        ("i-0123456789abcdef0", 80, "unused"),
        ("i-01234567", 80, "unused"),
    ]
    described = health_of(elbv2, instance_group)[0]
    assert described["Target"] == {"Id": "i-0123456789abcdef0", "Port": 32768}
    assert described["HealthCheckPort"] == "32768"


def test_a_health_check_port_of_its_own_is_the_one_reported(elbv2):
    tg = elbv2.create_target_group(
        Name="own-port", Protocol="HTTP", Port=80, VpcId=VPC, HealthCheckPort="8081"
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=tg, Targets=[{"Id": "i-01234567", "Port": 9000}])
    assert health_of(elbv2, tg)[0]["HealthCheckPort"] == "8081"


def test_registering_a_target_again_changes_nothing(elbv2, ip_group):
    target = {"Id": "10.0.0.7", "Port": 8080}
    elbv2.register_targets(TargetGroupArn=ip_group, Targets=[target, target])
    elbv2.register_targets(TargetGroupArn=ip_group, Targets=[target])
    assert states(elbv2, ip_group) == [("10.0.0.7", 8080, "unused")]


def test_an_unknown_target_group_is_refused(elbv2):
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef"
    for call in (elbv2.register_targets, elbv2.deregister_targets):
        caught = refused(call, TargetGroupArn=arn, Targets=[{"Id": "i-01234567"}])
        assert error_of(caught) == (
            "TargetGroupNotFound",
            400,
            "One or more target groups not found",
        )
    caught = refused(elbv2.describe_target_health, TargetGroupArn=arn)
    assert error_of(caught)[0] == "TargetGroupNotFound"
    caught = refused(elbv2.describe_target_health, TargetGroupArn="not-an-arn")
    assert error_of(caught) == (
        "ValidationError",
        400,
        "'not-an-arn' is not a valid target group ARN",
    )


def test_instance_targets_need_instance_ids(elbv2, instance_group):
    for bad in ("10.0.0.5", "i-xyz", "i-0123"):
        caught = refused(
            elbv2.register_targets, TargetGroupArn=instance_group, Targets=[{"Id": bad}]
        )
        assert error_of(caught) == ("ValidationError", 400, f"Instance ID '{bad}' is not valid")


def test_instance_targets_take_no_availability_zone(elbv2, instance_group):
    caught = refused(
        elbv2.register_targets,
        TargetGroupArn=instance_group,
        Targets=[{"Id": "i-01234567", "AvailabilityZone": "us-east-1a"}],
    )
    assert error_of(caught)[:2] == ("ValidationError", 400)
    assert "target type 'instance'" in error_of(caught)[2]


def test_ip_targets_need_ipv4_addresses(elbv2, ip_group):
    caught = refused(
        elbv2.register_targets, TargetGroupArn=ip_group, Targets=[{"Id": "i-01234567"}]
    )
    assert error_of(caught) == (
        "ValidationError",
        400,
        "The IP address 'i-01234567' is not a valid IPv4 address",
    )


def test_a_private_address_outside_the_vpc_needs_a_zone(elbv2, ip_group):
    caught = refused(
        elbv2.register_targets, TargetGroupArn=ip_group, Targets=[{"Id": "192.168.1.9"}]
    )
    assert error_of(caught) == (
        "ValidationError",
        400,
        "The Availability Zone is required for IP address '192.168.1.9' because it is not in "
        "the VPC",
    )

    elbv2.register_targets(
        TargetGroupArn=ip_group, Targets=[{"Id": "192.168.1.9", "AvailabilityZone": "all"}]
    )
    assert health_of(elbv2, ip_group)[0]["Target"] == {
        "Id": "192.168.1.9",
        "Port": 8080,
        "AvailabilityZone": "all",
    }


def test_a_public_address_is_refused(elbv2, ip_group):
    caught = refused(
        elbv2.register_targets,
        TargetGroupArn=ip_group,
        Targets=[{"Id": "54.10.20.30", "AvailabilityZone": "all"}],
    )
    code, status, message = error_of(caught)
    assert (code, status) == ("ValidationError", 400)
    assert message.startswith("The IP address '54.10.20.30' is outside the VPC")


def test_an_address_in_the_vpc_keeps_the_zone_of_its_subnet(elbv2, ip_group):
    caught = refused(
        elbv2.register_targets,
        TargetGroupArn=ip_group,
        Targets=[{"Id": "10.0.0.9", "AvailabilityZone": "all"}],
    )
    assert error_of(caught) == (
        "ValidationError",
        400,
        "The IP address '10.0.0.9' is within the VPC, and cannot have its Availability Zone "
        "overridden to 'all' from 'us-east-1a'",
    )


def test_the_default_vpc_holds_172_31_addresses(elbv2, ecsmock):
    default_vpc = ecsmock.backend("network").default_vpc_id
    tg = elbv2.create_target_group(
        Name="default", Protocol="HTTP", Port=80, VpcId=default_vpc, TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]

    elbv2.register_targets(TargetGroupArn=tg, Targets=[{"Id": "172.31.40.2"}])
    caught = refused(elbv2.register_targets, TargetGroupArn=tg, Targets=[{"Id": "10.0.0.2"}])

    assert states(elbv2, tg) == [("172.31.40.2", 80, "unused")]
    assert "not in the VPC" in error_of(caught)[2]


def test_a_vpc_of_unknown_block_takes_private_addresses_as_its_own(elbv2):
    tg = elbv2.create_target_group(
        Name="elsewhere", Protocol="HTTP", Port=80, VpcId="vpc-0ffffffffffffffff", TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.9.8.7"}])
    assert states(elbv2, tg) == [("10.9.8.7", 80, "unused")]


def test_ports_above_65535_are_refused(elbv2, ip_group):
    caught = refused(
        elbv2.register_targets,
        TargetGroupArn=ip_group,
        Targets=[{"Id": "10.0.0.5"}, {"Id": "10.0.0.6", "Port": 70000}],
    )
    assert error_of(caught) == (
        "ValidationError",
        400,
        "1 validation error detected: Value '70000' at 'targets.2.member.port' failed to "
        "satisfy constraint: Member must have value less than or equal to 65535",
    )


def test_a_refused_registration_registers_none_of_its_targets(elbv2, ip_group):
    refused(
        elbv2.register_targets,
        TargetGroupArn=ip_group,
        Targets=[{"Id": "10.0.0.5"}, {"Id": "8.8.8.8"}],
    )
    assert health_of(elbv2, ip_group) == []


def test_lambda_targets_are_not_supported_yet(elbv2):
    tg = elbv2.create_target_group(Name="fn", TargetType="lambda")["TargetGroups"][0]
    caught = refused(
        elbv2.register_targets,
        TargetGroupArn=tg["TargetGroupArn"],
        Targets=[{"Id": "arn:aws:lambda:us-east-1:123456789012:function:hello"}],
    )
    code, _, message = error_of(caught)
    assert code == "ValidationError"
    assert (
        "Registering Lambda functions as targets is not supported by pytest-ecsmock yet" in message
    )
    assert health_of(elbv2, tg["TargetGroupArn"]) == []


def test_quotas_of_targets(elbv2, instance_group):
    many_ports = [{"Id": "i-01234567", "Port": port} for port in range(1000, 1101)]
    caught = refused(elbv2.register_targets, TargetGroupArn=instance_group, Targets=many_ports)
    assert error_of(caught)[0] == "TooManyRegistrationsForTargetId"

    many = [{"Id": f"i-{n:08x}"} for n in range(1001)]
    caught = refused(elbv2.register_targets, TargetGroupArn=instance_group, Targets=many)
    assert error_of(caught)[0] == "TooManyTargets"
    assert health_of(elbv2, instance_group) == []


def test_deregistering_a_target_not_registered_succeeds_and_changes_nothing(elbv2, ip_group):
    elbv2.register_targets(TargetGroupArn=ip_group, Targets=[{"Id": "10.0.0.5"}])
    elbv2.deregister_targets(
        TargetGroupArn=ip_group, Targets=[{"Id": "10.0.0.6"}, {"Id": "10.0.0.5", "Port": 9090}]
    )
    assert states(elbv2, ip_group) == [("10.0.0.5", 8080, "unused")]


def test_deregistering_without_a_port_means_the_group_port(elbv2, ip_group):
    elbv2.register_targets(
        TargetGroupArn=ip_group,
        Targets=[{"Id": "10.0.0.5"}, {"Id": "10.0.0.5", "Port": 9090}],
    )
    elbv2.deregister_targets(TargetGroupArn=ip_group, Targets=[{"Id": "10.0.0.5"}])
    assert states(elbv2, ip_group) == [
        ("10.0.0.5", 8080, "draining"),
        ("10.0.0.5", 9090, "unused"),
    ]


def test_describing_named_targets(elbv2, ip_group):
    elbv2.register_targets(TargetGroupArn=ip_group, Targets=[{"Id": "10.0.0.5"}])
    asked = [{"Id": "10.0.0.9", "Port": 81}, {"Id": "10.0.0.5"}, {"Id": "10.0.0.9", "Port": 81}]

    found = health_of(elbv2, ip_group, Targets=asked)

    assert found == [
        {
            "Target": {"Id": "10.0.0.9", "Port": 81},
            "HealthCheckPort": "81",
            "TargetHealth": {
                "State": "unused",
                "Reason": "Target.NotRegistered",
                "Description": "Target is not registered to the target group",
            },
        },
        health_of(elbv2, ip_group)[0],
    ]


def test_include_anomaly_detection(elbv2, ip_group):
    elbv2.register_targets(TargetGroupArn=ip_group, Targets=[{"Id": "10.0.0.5"}])
    for include in (["AnomalyDetection"], ["All"]):
        found = health_of(elbv2, ip_group, Include=include)
        assert found[0]["AnomalyDetection"] == {"Result": "normal", "MitigationInEffect": "no"}
    assert "AnomalyDetection" not in health_of(elbv2, ip_group)[0]
    caught = refused(elbv2.describe_target_health, TargetGroupArn=ip_group, Include=["Everything"])
    assert error_of(caught)[0] == "ValidationError"
    assert "Member must satisfy enum value set: [AnomalyDetection, All]" in error_of(caught)[2]


def test_an_ip_address_draining_cannot_be_registered_again(elbv2, ip_group):
    elbv2.register_targets(TargetGroupArn=ip_group, Targets=[{"Id": "10.0.0.5"}])
    elbv2.deregister_targets(TargetGroupArn=ip_group, Targets=[{"Id": "10.0.0.5"}])

    caught = refused(elbv2.register_targets, TargetGroupArn=ip_group, Targets=[{"Id": "10.0.0.5"}])

    assert error_of(caught)[0] == "InvalidTarget"
    assert states(elbv2, ip_group) == [("10.0.0.5", 8080, "draining")]


def test_an_instance_draining_registered_again_starts_afresh(elbv2, instance_group):
    target = [{"Id": "i-01234567"}]
    elbv2.register_targets(TargetGroupArn=instance_group, Targets=target)
    elbv2.deregister_targets(TargetGroupArn=instance_group, Targets=target)
    elbv2.register_targets(TargetGroupArn=instance_group, Targets=target)
    assert states(elbv2, instance_group) == [("i-01234567", 80, "unused")]


def test_a_deleted_target_group_takes_its_targets_along(elbv2, ecsmock, ip_group):
    changes = []
    ecsmock.backend("elbv2").target_hooks.health_changed.append(
        lambda *change: changes.append(change)
    )
    elbv2.register_targets(TargetGroupArn=ip_group, Targets=[{"Id": "10.0.0.5"}])

    elbv2.delete_target_group(TargetGroupArn=ip_group)

    assert changes == [
        (ip_group, "10.0.0.5", 8080, "unused"),
        (ip_group, "10.0.0.5", 8080, None),
    ]
    assert ecsmock.backend("elbv2").target_state(ip_group, "10.0.0.5", 8080) is None


def test_other_backends_register_with_the_same_checks(ecsmock, elbv2, load_balancer, ip_group):
    backend = ecsmock.backend("elbv2")
    elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(ip_group),
    )

    backend.register_targets(ip_group, [{"Id": "10.0.32.4", "Port": 8080}])

    assert backend.target_state(ip_group, "10.0.32.4", 8080) == "initial"
    assert backend.target_state(ip_group, "10.0.32.4", 9999) is None
    assert backend.deregistration_delay(ip_group) == 300
    with pytest.raises(ServiceError, match="The IP address 'nonsense' is not a valid IPv4"):
        backend.register_targets(ip_group, [{"Id": "nonsense"}])
    backend.deregister_targets(ip_group, [{"Id": "10.0.32.4", "Port": 8080}])
    assert backend.target_state(ip_group, "10.0.32.4", 8080) == "draining"


def test_a_refused_deregistration_deregisters_none_of_its_targets(elbv2, instance_group):
    elbv2.register_targets(TargetGroupArn=instance_group, Targets=[{"Id": "i-01234567"}])
    refused(
        elbv2.deregister_targets,
        TargetGroupArn=instance_group,
        Targets=[{"Id": "i-01234567"}, {"Id": "web-1"}],
    )
    assert states(elbv2, instance_group) == [("i-01234567", 80, "unused")]


def test_a_lambda_group_describes_a_function_as_not_registered(elbv2):
    tg = elbv2.create_target_group(Name="fn", TargetType="lambda")["TargetGroups"][0]
    function = "arn:aws:lambda:us-east-1:123456789012:function:hello"
    found = health_of(elbv2, tg["TargetGroupArn"], Targets=[{"Id": function}])
    assert found == [
        {
            "Target": {"Id": function},
            "TargetHealth": {
                "State": "unused",
                "Reason": "Target.NotRegistered",
                "Description": "Target is not registered to the target group",
            },
        }
    ]
