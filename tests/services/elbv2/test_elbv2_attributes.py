"""Load balancer and listener attributes: defaults, changes, refusals."""

from __future__ import annotations

import pytest
from elbv2_helpers import error_of, refused

CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6"
FIXED_404 = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]


def as_dict(result):
    return {attribute["Key"]: attribute["Value"] for attribute in result["Attributes"]}


@pytest.fixture
def lb_attributes(elbv2, load_balancer):
    def describe():
        arn = load_balancer["LoadBalancerArn"]
        return as_dict(elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn))

    return describe


@pytest.fixture
def modify_lb(elbv2, load_balancer):
    def modify(**attributes):
        return elbv2.modify_load_balancer_attributes(
            LoadBalancerArn=load_balancer["LoadBalancerArn"],
            Attributes=[{"Key": key, "Value": value} for key, value in attributes.items()],
        )

    return modify


def test_application_load_balancer_defaults(lb_attributes):
    attributes = lb_attributes()
    assert attributes["idle_timeout.timeout_seconds"] == "60"
    assert attributes["deletion_protection.enabled"] == "false"
    assert attributes["routing.http2.enabled"] == "true"
    assert attributes["routing.http.drop_invalid_header_fields.enabled"] == "false"
    assert attributes["routing.http.desync_mitigation_mode"] == "defensive"
    assert attributes["routing.http.xff_header_processing.mode"] == "append"
    assert attributes["load_balancing.cross_zone.enabled"] == "true"
    assert attributes["client_keep_alive.seconds"] == "3600"
    assert attributes["ipv6.deny_all_igw_traffic"] == "false"
    assert (attributes["access_logs.s3.enabled"], attributes["access_logs.s3.bucket"]) == (
        "false",
        "",
    )
    assert len(attributes) == 24


def test_an_internal_load_balancer_denies_internet_gateway_ipv6_traffic(elbv2, network):
    internal = elbv2.create_load_balancer(Name="inside", Subnets=network[:2], Scheme="internal")
    arn = internal["LoadBalancers"][0]["LoadBalancerArn"]
    attributes = as_dict(elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn))
    assert attributes["ipv6.deny_all_igw_traffic"] == "true"


def test_modify_returns_every_attribute_and_keeps_the_changes(lb_attributes, modify_lb):
    result = as_dict(
        modify_lb(
            **{
                "idle_timeout.timeout_seconds": "120",
                "routing.http2.enabled": "false",
                "access_logs.s3.enabled": "true",
                "access_logs.s3.bucket": "my-logs",
                "access_logs.s3.prefix": "web",
            }
        )
    )
    assert result == lb_attributes()
    assert result["idle_timeout.timeout_seconds"] == "120"
    assert result["routing.http2.enabled"] == "false"
    assert (result["access_logs.s3.bucket"], result["access_logs.s3.prefix"]) == ("my-logs", "web")
    assert result["deletion_protection.enabled"] == "false"
    modify_lb(**{"idle_timeout.timeout_seconds": "60"})
    assert lb_attributes()["idle_timeout.timeout_seconds"] == "60"
    assert lb_attributes()["routing.http2.enabled"] == "false"


def test_deletion_protection_refuses_delete_until_turned_off(elbv2, modify_lb, load_balancer):
    arn = load_balancer["LoadBalancerArn"]
    modify_lb(**{"deletion_protection.enabled": "true"})
    caught = refused(elbv2.delete_load_balancer, LoadBalancerArn=arn)
    assert error_of(caught) == (
        "OperationNotPermitted",
        400,
        f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled",
    )
    assert len(elbv2.describe_load_balancers()["LoadBalancers"]) == 1
    modify_lb(**{"deletion_protection.enabled": "false"})
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []


@pytest.mark.parametrize(
    ("key", "value", "code", "message"),
    [
        (
            "idle_timeout.seconds",
            "60",
            "ValidationError",
            "Load balancer attribute key 'idle_timeout.seconds' is not recognized",
        ),
        (
            "dns_record.client_routing_policy",
            "any_availability_zone",
            "InvalidConfigurationRequest",
            "Load balancer attribute key 'dns_record.client_routing_policy' is not supported on "
            "load balancers with type 'application'",
        ),
        (
            "idle_timeout.timeout_seconds",
            "4001",
            "ValidationError",
            "The value '4001' of attribute 'idle_timeout.timeout_seconds' is not valid: it must "
            "be a whole number from 1 to 4000",
        ),
        (
            "deletion_protection.enabled",
            "yes",
            "ValidationError",
            "The value 'yes' of attribute 'deletion_protection.enabled' is not valid: it must be "
            "'true' or 'false'",
        ),
        ("client_keep_alive.seconds", "59", "ValidationError", "The value '59'"),
        ("routing.http.desync_mitigation_mode", "strict", "ValidationError", "The value 'strict'"),
        ("routing.http.xff_header_processing.mode", "drop", "ValidationError", "The value 'drop'"),
        ("access_logs.s3.bucket", "My_Bucket", "ValidationError", "The value 'My_Bucket'"),
        ("access_logs.s3.prefix", "AWSLogs/web", "ValidationError", "The value 'AWSLogs/web'"),
        (
            "access_logs.s3.enabled",
            "true",
            "InvalidConfigurationRequest",
            "'access_logs.s3.bucket' must be specified when 'access_logs.s3.enabled' is 'true'",
        ),
        (
            "load_balancing.cross_zone.enabled",
            "false",
            "InvalidConfigurationRequest",
            "Load balancer attribute 'load_balancing.cross_zone.enabled' cannot be 'false'",
        ),
    ],
)
def test_load_balancer_attributes_aws_refuses(lb_attributes, modify_lb, key, value, code, message):
    before = lb_attributes()
    caught = refused(modify_lb, **{"routing.http2.enabled": "false", key: value})
    assert error_of(caught)[:2] == (code, 400)
    assert error_of(caught)[2].startswith(message)
    assert lb_attributes() == before


def test_at_most_20_attributes_per_change(modify_lb):
    caught = refused(modify_lb, **{f"key{n}": "x" for n in range(21)})
    code, status, message = error_of(caught)
    assert (code, status) == ("ValidationError", 400)
    assert "Member must have length less than or equal to 20" in message


def test_attributes_of_an_unknown_load_balancer(elbv2, load_balancer):
    arn = load_balancer["LoadBalancerArn"]
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    caught = refused(elbv2.describe_load_balancer_attributes, LoadBalancerArn=arn)
    assert error_of(caught) == ("LoadBalancerNotFound", 400, "One or more load balancers not found")


# ---------------------------------------------------------------------- listeners


@pytest.fixture
def make_listener(elbv2, load_balancer):
    def make(protocol="HTTP", port=80, **extra):
        return elbv2.create_listener(
            LoadBalancerArn=load_balancer["LoadBalancerArn"],
            Protocol=protocol,
            Port=port,
            DefaultActions=FIXED_404,
            **extra,
        )["Listeners"][0]["ListenerArn"]

    return make


def listener_attributes(elbv2, arn):
    return as_dict(elbv2.describe_listener_attributes(ListenerArn=arn))


def modify_listener(elbv2, arn, **attributes):
    return elbv2.modify_listener_attributes(
        ListenerArn=arn,
        Attributes=[{"Key": key, "Value": value} for key, value in attributes.items()],
    )


def test_http_listener_defaults(elbv2, make_listener):
    attributes = listener_attributes(elbv2, make_listener())
    assert attributes["routing.http.response.server.enabled"] == "true"
    assert attributes["routing.http.response.strict_transport_security.header_value"] == ""
    assert len(attributes) == 11
    assert not any(key.startswith("routing.http.request.") for key in attributes)


def test_https_listeners_also_name_their_tls_headers(elbv2, make_listener):
    arn = make_listener("HTTPS", 443, Certificates=[{"CertificateArn": CERTIFICATE}])
    attributes = listener_attributes(elbv2, arn)
    key = "routing.http.request.x_amzn_tls_version.header_name"
    assert attributes[key] == "X-Amzn-Tls-Version"
    assert len(attributes) == 19
    changed = as_dict(modify_listener(elbv2, arn, **{key: "X-Tls-Version"}))
    assert changed[key] == "X-Tls-Version"
    assert listener_attributes(elbv2, arn) == changed


def test_modify_listener_attributes(elbv2, make_listener):
    arn = make_listener()
    result = as_dict(
        modify_listener(
            elbv2,
            arn,
            **{
                "routing.http.response.server.enabled": "false",
                "routing.http.response.x_frame_options.header_value": "SAMEORIGIN",
                "routing.http.response.access_control_max_age.header_value": "600",
            },
        )
    )
    assert result["routing.http.response.server.enabled"] == "false"
    assert result["routing.http.response.x_frame_options.header_value"] == "SAMEORIGIN"
    assert result["routing.http.response.access_control_max_age.header_value"] == "600"
    assert listener_attributes(elbv2, arn) == result


@pytest.mark.parametrize(
    ("key", "value", "code", "message"),
    [
        (
            "tcp.idle_timeout.seconds",
            "350",
            "InvalidConfigurationRequest",
            "Listener attribute key 'tcp.idle_timeout.seconds' is not supported on load "
            "balancers with type 'application'",
        ),
        (
            "routing.http.request.x_amzn_tls_version.header_name",
            "X-Tls",
            "InvalidConfigurationRequest",
            "Listener attribute key 'routing.http.request.x_amzn_tls_version.header_name' is "
            "supported only on HTTPS listeners",
        ),
        (
            "routing.http.response.server",
            "false",
            "ValidationError",
            "Listener attribute key 'routing.http.response.server' is not recognized",
        ),
        ("routing.http.response.server.enabled", "off", "ValidationError", "The value 'off'"),
        (
            "routing.http.response.x_frame_options.header_value",
            "NEVER",
            "ValidationError",
            "The value 'NEVER'",
        ),
        (
            "routing.http.response.x_content_type_options.header_value",
            "sniff",
            "ValidationError",
            "The value 'sniff'",
        ),
        (
            "routing.http.response.access_control_allow_credentials.header_value",
            "false",
            "ValidationError",
            "The value 'false'",
        ),
    ],
)
def test_listener_attributes_aws_refuses(elbv2, make_listener, key, value, code, message):
    arn = make_listener()
    before = listener_attributes(elbv2, arn)
    caught = refused(
        modify_listener,
        elbv2=elbv2,
        arn=arn,
        **{"routing.http.response.server.enabled": "false", key: value},
    )
    assert error_of(caught)[:2] == (code, 400)
    assert error_of(caught)[2].startswith(message)
    assert listener_attributes(elbv2, arn) == before


def test_attributes_of_an_unknown_listener(elbv2, make_listener):
    arn = make_listener()
    elbv2.delete_listener(ListenerArn=arn)
    caught = refused(elbv2.describe_listener_attributes, ListenerArn=arn)
    assert error_of(caught) == ("ListenerNotFound", 400, "One or more listeners not found")
