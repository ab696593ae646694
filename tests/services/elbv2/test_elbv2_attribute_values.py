"""Values AWS reads strictly: whole numbers in ASCII digits, S3 bucket names, names
and codes matched to their end."""

from __future__ import annotations

import pytest
from elbv2_helpers import error_of, refused

CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6"
FIXED_404 = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]
#: "²" passes str.isdigit() but int() refuses it; "٣٠" is 30 in Arabic-Indic digits,
#: then 30 in fullwidth digits
UNICODE_DIGITS = ["²", "٣٠", "\uff13\uff10", "30\n"]


def as_dict(answer):
    return {attribute["Key"]: attribute["Value"] for attribute in answer["Attributes"]}


@pytest.fixture
def tg_arn(target_group):
    return target_group["TargetGroupArn"]


@pytest.fixture
def lb_arn(load_balancer):
    return load_balancer["LoadBalancerArn"]


@pytest.fixture
def make_listener(elbv2, lb_arn):
    def make(protocol="HTTP", port=80, **extra):
        return elbv2.create_listener(
            LoadBalancerArn=lb_arn, Protocol=protocol, Port=port, DefaultActions=FIXED_404, **extra
        )["Listeners"][0]["ListenerArn"]

    return make


def listener_attributes(elbv2, arn):
    return as_dict(elbv2.describe_listener_attributes(ListenerArn=arn))


def change_lb(elbv2, lb_arn, key, value):
    return elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=lb_arn, Attributes=[{"Key": key, "Value": value}]
    )


def lb_attributes(elbv2, lb_arn):
    return as_dict(elbv2.describe_load_balancer_attributes(LoadBalancerArn=lb_arn))


def tg_attributes(elbv2, tg_arn):
    return as_dict(elbv2.describe_target_group_attributes(TargetGroupArn=tg_arn))


# ---------------------------------------------------------------------- whole numbers


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_a_target_group_attribute_takes_only_ascii_digits(elbv2, ecsmock, tg_arn, value):
    key = "deregistration_delay.timeout_seconds"
    caught = refused(
        elbv2.modify_target_group_attributes,
        TargetGroupArn=tg_arn,
        Attributes=[{"Key": key, "Value": value}],
    )
    assert error_of(caught) == (
        "ValidationError",
        400,
        f"The value '{value}' of attribute '{key}' is not valid: it must be a whole number "
        "from 0 to 3600",
    )
    assert tg_attributes(elbv2, tg_arn)[key] == "300"
    assert ecsmock.backend("elbv2").deregistration_delay(tg_arn) == 300


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_a_load_balancer_attribute_takes_only_ascii_digits(elbv2, lb_arn, value):
    key = "idle_timeout.timeout_seconds"
    caught = refused(change_lb, elbv2=elbv2, lb_arn=lb_arn, key=key, value=value)
    assert error_of(caught) == (
        "ValidationError",
        400,
        f"The value '{value}' of attribute '{key}' is not valid: it must be a whole number "
        "from 1 to 4000",
    )
    assert lb_attributes(elbv2, lb_arn)[key] == "60"


def test_a_listener_attribute_takes_only_ascii_digits(elbv2, make_listener):
    listener = make_listener()
    key = "routing.http.response.access_control_max_age.header_value"
    for value in UNICODE_DIGITS:
        caught = refused(
            elbv2.modify_listener_attributes,
            ListenerArn=listener,
            Attributes=[{"Key": key, "Value": value}],
        )
        assert error_of(caught)[:2] == ("ValidationError", 400)
        assert error_of(caught)[2].startswith(f"The value '{value}' of attribute '{key}'")
    assert listener_attributes(elbv2, listener)[key] == ""


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_a_health_check_port_takes_only_ascii_digits(elbv2, tg_arn, value):
    caught = refused(elbv2.modify_target_group, TargetGroupArn=tg_arn, HealthCheckPort=value)
    assert error_of(caught) == (
        "ValidationError",
        400,
        f"Health check port '{value}' must be 'traffic-port' or a port number from 1 to 65535",
    )
    described = elbv2.describe_target_groups(TargetGroupArns=[tg_arn])["TargetGroups"][0]
    assert described["HealthCheckPort"] == "traffic-port"


@pytest.mark.parametrize("code", ["٢٠٠", "200\n", "200-\uff12\uff19\uff19"])
def test_a_matcher_takes_only_ascii_digits(elbv2, tg_arn, code):
    caught = refused(elbv2.modify_target_group, TargetGroupArn=tg_arn, Matcher={"HttpCode": code})
    assert error_of(caught) == (
        "ValidationError",
        400,
        f"Health check matcher HTTP code '{code}' must be within '200-499'",
    )
    described = elbv2.describe_target_groups(TargetGroupArns=[tg_arn])["TargetGroups"][0]
    assert described["Matcher"] == {"HttpCode": "200"}


def test_ascii_numbers_are_still_taken_as_given(elbv2, tg_arn, lb_arn):
    """Whether AWS describes "0030" as "30" is not known: the value is kept as given."""
    answer = elbv2.modify_target_group_attributes(
        TargetGroupArn=tg_arn,
        Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "45"}],
    )
    assert as_dict(answer)["deregistration_delay.timeout_seconds"] == "45"
    assert change_lb(elbv2, lb_arn, "idle_timeout.timeout_seconds", "0030")
    assert lb_attributes(elbv2, lb_arn)["idle_timeout.timeout_seconds"] == "0030"
    changed = elbv2.modify_target_group(TargetGroupArn=tg_arn, HealthCheckPort="8081")
    assert changed["TargetGroups"][0]["HealthCheckPort"] == "8081"


# ---------------------------------------------------------------------- S3 bucket names


@pytest.mark.parametrize(
    ("bucket", "problem"),
    [
        ("a..b", "an S3 bucket name cannot hold two adjacent dots"),
        ("logs..2024", "an S3 bucket name cannot hold two adjacent dots"),
        ("a.-b", "an S3 bucket name cannot hold a dot next to a hyphen"),
        ("a-.b", "an S3 bucket name cannot hold a dot next to a hyphen"),
        ("192.168.5.4", "an S3 bucket name cannot be formatted as an IP address"),
        ("xn--logs", "S3 reserves bucket names beginning with 'xn--'"),
        ("sthree-logs", "S3 reserves bucket names beginning with 'sthree-'"),
        ("logs-s3alias", "S3 reserves bucket names ending with '-s3alias'"),
        ("logs.mrap", "S3 reserves bucket names ending with '.mrap'"),
        ("ab", "an S3 bucket name is 3 to 63 lowercase letters"),
        ("a" * 64, "an S3 bucket name is 3 to 63 lowercase letters"),
        ("-logs", "an S3 bucket name is 3 to 63 lowercase letters"),
        ("logs.", "an S3 bucket name is 3 to 63 lowercase letters"),
        ("Logs", "an S3 bucket name is 3 to 63 lowercase letters"),
        ("logs\n", "an S3 bucket name is 3 to 63 lowercase letters"),
    ],
)
def test_bucket_names_s3_forbids_are_refused(elbv2, lb_arn, bucket, problem):
    for key in ("access_logs.s3.bucket", "connection_logs.s3.bucket"):
        caught = refused(change_lb, elbv2=elbv2, lb_arn=lb_arn, key=key, value=bucket)
        code, status, message = error_of(caught)
        assert (code, status) == ("ValidationError", 400)
        assert message.startswith(f"The value '{bucket}' of attribute '{key}' is not valid: ")
        assert problem in message
        assert lb_attributes(elbv2, lb_arn)[key] == ""


@pytest.mark.parametrize("bucket", ["my-logs", "logs.example.com", "a-b-c", "1.2.3", "abc"])
def test_bucket_names_s3_allows_are_kept(elbv2, lb_arn, bucket):
    answer = change_lb(elbv2, lb_arn, "access_logs.s3.bucket", bucket)
    assert as_dict(answer)["access_logs.s3.bucket"] == bucket
    assert lb_attributes(elbv2, lb_arn)["access_logs.s3.bucket"] == bucket


# ---------------------------------------------------------------------- matched to the end


def test_names_with_a_trailing_newline_are_refused(elbv2, tg_arn, make_listener):
    caught = refused(
        elbv2.modify_target_group_attributes,
        TargetGroupArn=tg_arn,
        Attributes=[{"Key": "stickiness.app_cookie.cookie_name", "Value": "SESSION\n"}],
    )
    assert error_of(caught)[0] == "ValidationError"
    assert tg_attributes(elbv2, tg_arn)["stickiness.app_cookie.cookie_name"] == ""
    https = make_listener("HTTPS", 443, Certificates=[{"CertificateArn": CERTIFICATE}])
    before = listener_attributes(elbv2, https)
    for key, value in [
        ("routing.http.response.x_frame_options.header_value", "DENY\n"),
        ("routing.http.request.x_amzn_tls_version.header_name", "X-Tls-Version\n"),
    ]:
        caught = refused(
            elbv2.modify_listener_attributes,
            ListenerArn=https,
            Attributes=[{"Key": key, "Value": value}],
        )
        assert error_of(caught)[:2] == ("ValidationError", 400)
        assert error_of(caught)[2].startswith(f"The value '{value}' of attribute '{key}'")
    assert listener_attributes(elbv2, https) == before
