from __future__ import annotations

import re

import pytest
from elbv2_helpers import VPC, error_of, forward_to, refused

CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6"


@pytest.fixture
def listener(elbv2, load_balancer, target_group):
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    return created["Listeners"][0]


def test_http_listener_forwarding_to_a_target_group(listener, load_balancer, target_group):
    lb_arn, tg_arn = load_balancer["LoadBalancerArn"], target_group["TargetGroupArn"]
    assert re.match(
        r"^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/"
        r"[0-9a-f]{16}/[0-9a-f]{16}$",
        listener["ListenerArn"],
    )
    assert listener["ListenerArn"].startswith(lb_arn.replace(":loadbalancer/", ":listener/"))
    assert (listener["LoadBalancerArn"], listener["Port"], listener["Protocol"]) == (
        lb_arn,
        80,
        "HTTP",
    )
    assert "Certificates" not in listener
    assert "SslPolicy" not in listener
    assert listener["DefaultActions"] == [
        {
            "Type": "forward",
            "Order": 1,
            "TargetGroupArn": tg_arn,
            "ForwardConfig": {
                "TargetGroups": [{"TargetGroupArn": tg_arn, "Weight": 1}],
                "TargetGroupStickinessConfig": {"Enabled": False},
            },
        }
    ]


def test_forwarding_attaches_the_target_group_to_the_load_balancer(
    elbv2, ecsmock, listener, load_balancer, target_group
):
    described = elbv2.describe_target_groups(TargetGroupArns=[target_group["TargetGroupArn"]])
    assert described["TargetGroups"][0]["LoadBalancerArns"] == [load_balancer["LoadBalancerArn"]]
    backend = ecsmock.backend("elbv2")
    found = backend.target_group(target_group["TargetGroupArn"])
    assert [lb.name for lb in backend.load_balancers_of(found)] == ["web"]


def test_https_listener_takes_a_certificate_and_the_default_policy(
    elbv2, load_balancer, target_group
):
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTPS",
        Port=443,
        Certificates=[{"CertificateArn": CERTIFICATE}],
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )["Listeners"][0]
    assert created["Certificates"] == [{"CertificateArn": CERTIFICATE}]
    assert created["SslPolicy"] == "ELBSecurityPolicy-2016-08"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            {"Protocol": "HTTPS", "Port": 443},
            ("ValidationError", "A certificate must be specified for HTTPS listeners"),
        ),
        (
            {"Protocol": "HTTP", "Port": 80, "Certificates": [{"CertificateArn": CERTIFICATE}]},
            ("ValidationError", "A certificate cannot be specified for HTTP listeners"),
        ),
        (
            {
                "Protocol": "HTTPS",
                "Port": 443,
                "Certificates": [{"CertificateArn": CERTIFICATE}],
                "SslPolicy": "ELBSecurityPolicy-Nope",
            },
            ("SSLPolicyNotFound", "SSL policy 'ELBSecurityPolicy-Nope' not found"),
        ),
        (
            {"Protocol": "HTTPS", "Port": 443, "Certificates": [{"CertificateArn": "my-cert"}]},
            ("CertificateNotFound", "Certificate 'my-cert' not found"),
        ),
        (
            {"Protocol": "TCP", "Port": 80},
            ("ValidationError", "Listener protocol 'TCP' must be one of 'HTTPS, HTTP'"),
        ),
        (
            {"Protocol": "HTTP", "Port": 65536},
            (
                "ValidationError",
                "1 validation error detected: Value '65536' at 'port' failed to satisfy "
                "constraint: Member must have value less than or equal to 65535",
            ),
        ),
        ({"Port": 80}, ("ValidationError", "A listener protocol must be specified")),
        ({"Protocol": "HTTP"}, ("ValidationError", "A listener port must be specified")),
    ],
)
def test_listener_settings_are_checked(elbv2, load_balancer, target_group, settings, expected):
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
        **settings,
    )
    code, status, message = error_of(caught)
    assert (code, status, message) == (expected[0], 400, expected[1])
    listed = elbv2.describe_listeners(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    assert listed["Listeners"] == []


def test_a_second_listener_on_the_port_is_a_duplicate(elbv2, listener, load_balancer):
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}],
    )
    assert error_of(caught) == (
        "DuplicateListener",
        400,
        "A listener already exists on this port for this load balancer "
        f"'{load_balancer['LoadBalancerArn']}'",
    )


def test_the_same_listener_again_is_returned(elbv2, listener, load_balancer, target_group):
    again = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    assert again["Listeners"][0]["ListenerArn"] == listener["ListenerArn"]


def test_a_listener_needs_an_existing_load_balancer(elbv2, load_balancer, target_group):
    elbv2.delete_load_balancer(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    assert error_of(caught) == ("LoadBalancerNotFound", 400, "One or more load balancers not found")


# ---------------------------------------------------------------------- forwarding rules


def test_forwarding_to_an_unknown_target_group(elbv2, load_balancer, target_group):
    arn = target_group["TargetGroupArn"]
    elbv2.delete_target_group(TargetGroupArn=arn)
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(arn),
    )
    assert error_of(caught) == ("TargetGroupNotFound", 400, f"Target group '{arn}' not found")


def test_a_target_group_of_another_vpc_is_refused(elbv2, load_balancer):
    other = elbv2.create_target_group(Name="elsewhere", Protocol="HTTP", Port=80, VpcId="vpc-9")
    arn = other["TargetGroups"][0]["TargetGroupArn"]
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(arn),
    )
    assert error_of(caught) == (
        "InvalidConfigurationRequest",
        400,
        f"Target group '{arn}' is in a different VPC than load balancer "
        f"'{load_balancer['LoadBalancerArn']}'",
    )


def test_the_vpc_error_explains_undeclared_subnets(elbv2, target_group):
    lb = elbv2.create_load_balancer(Name="loose", Subnets=["subnet-1", "subnet-2"])
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=lb["LoadBalancers"][0]["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    message = error_of(caught)[2]
    assert "is in a different VPC than load balancer" in message
    assert "ecsmock.backend('network').add_subnet(" in message


def test_a_target_group_serves_one_load_balancer_only(elbv2, network, listener, target_group):
    other = elbv2.create_load_balancer(Name="other", Subnets=network[1:])
    arn = target_group["TargetGroupArn"]
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=other["LoadBalancers"][0]["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(arn),
    )
    message = "The following target groups cannot be associated with more than one load balancer"
    assert error_of(caught) == ("TargetGroupAssociationLimit", 400, f"{message}: {arn}")


def test_weighted_forwarding_and_stickiness(elbv2, load_balancer, target_group):
    blue = target_group["TargetGroupArn"]
    green = elbv2.create_target_group(Name="green", Protocol="HTTP", Port=80, VpcId=VPC)
    green = green["TargetGroups"][0]["TargetGroupArn"]
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "forward",
                "ForwardConfig": {
                    "TargetGroups": [
                        {"TargetGroupArn": blue, "Weight": 90},
                        {"TargetGroupArn": green, "Weight": 10},
                    ],
                    "TargetGroupStickinessConfig": {"Enabled": True, "DurationSeconds": 300},
                },
            }
        ],
    )["Listeners"][0]
    action = created["DefaultActions"][0]
    assert "TargetGroupArn" not in action
    assert action["ForwardConfig"] == {
        "TargetGroups": [
            {"TargetGroupArn": blue, "Weight": 90},
            {"TargetGroupArn": green, "Weight": 10},
        ],
        "TargetGroupStickinessConfig": {"Enabled": True, "DurationSeconds": 300},
    }
    attached = elbv2.describe_target_groups(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    assert {tg["TargetGroupName"] for tg in attached["TargetGroups"]} == {"web-targets", "green"}


def test_a_weight_above_999_is_refused(elbv2, load_balancer, target_group):
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "forward",
                "ForwardConfig": {
                    "TargetGroups": [
                        {"TargetGroupArn": target_group["TargetGroupArn"], "Weight": 1000}
                    ]
                },
            }
        ],
    )
    code, _, message = error_of(caught)
    assert code == "ValidationError"
    assert "Member must have value less than or equal to 999" in message


# ---------------------------------------------------------------------- other actions


def test_fixed_response_action(elbv2, load_balancer):
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "fixed-response",
                "FixedResponseConfig": {
                    "StatusCode": "503",
                    "ContentType": "text/plain",
                    "MessageBody": "down for maintenance",
                },
            }
        ],
    )["Listeners"][0]
    assert created["DefaultActions"] == [
        {
            "Type": "fixed-response",
            "Order": 1,
            "FixedResponseConfig": {
                "StatusCode": "503",
                "ContentType": "text/plain",
                "MessageBody": "down for maintenance",
            },
        }
    ]


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (
            {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "302"}},
            "ValidationError",
        ),
        (
            {
                "Type": "fixed-response",
                "FixedResponseConfig": {"StatusCode": "200", "ContentType": "image/png"},
            },
            "InvalidLoadBalancerAction",
        ),
        ({"Type": "redirect"}, "InvalidLoadBalancerAction"),
        ({"Type": "forward"}, "InvalidLoadBalancerAction"),
        (
            {"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301"}},
            "InvalidLoadBalancerAction",
        ),
        (
            {"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Path": "x"}},
            "InvalidLoadBalancerAction",
        ),
    ],
)
def test_invalid_actions_are_refused(elbv2, load_balancer, action, expected):
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[action],
    )
    assert error_of(caught)[:2] == (expected, 400)


def test_redirect_fills_in_the_parts_it_keeps(elbv2, load_balancer):
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "redirect",
                "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
            }
        ],
    )["Listeners"][0]
    assert created["DefaultActions"][0]["RedirectConfig"] == {
        "Protocol": "HTTPS",
        "Port": "443",
        "Host": "#{host}",
        "Path": "/#{path}",
        "Query": "#{query}",
        "StatusCode": "HTTP_301",
    }


def test_a_redirect_missing_its_config_says_what_is_needed(elbv2, load_balancer):
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "redirect"}],
    )
    assert error_of(caught)[2] == (
        "For actions of type 'redirect', you must specify the following fields: 'RedirectConfig'"
    )


def test_authentication_actions_are_not_supported_yet(elbv2, load_balancer):
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "authenticate-cognito",
                "AuthenticateCognitoConfig": {
                    "UserPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/x",
                    "UserPoolClientId": "client",
                    "UserPoolDomain": "domain",
                },
            }
        ],
    )
    code, _, message = error_of(caught)
    assert code == "ValidationError"
    assert (
        "The action type 'authenticate-cognito' is not supported by pytest-ecsmock yet" in message
    )
