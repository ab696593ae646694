"""Rule conditions: every ALB field, both forms, and the limits AWS sets."""

from __future__ import annotations

import pytest
from elbv2_helpers import error_of, refused

FIXED_404 = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]


@pytest.fixture
def listener(elbv2, load_balancer):
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=FIXED_404,
    )
    return created["Listeners"][0]


@pytest.fixture
def create(elbv2, listener):
    def create_rule(*given, conditions=()):
        return elbv2.create_rule(
            ListenerArn=listener["ListenerArn"],
            Priority=1,
            Conditions=[*given, *conditions],
            Actions=FIXED_404,
        )

    return create_rule


def host(*values):
    return {"Field": "host-header", "HostHeaderConfig": {"Values": list(values)}}


def path(*values):
    return {"Field": "path-pattern", "PathPatternConfig": {"Values": list(values)}}


def test_host_and_path_are_described_in_both_forms(create):
    rule = create(
        {"Field": "host-header", "Values": ["api.example.com"]},
        path("/v1/*", "/v2/*"),
    )["Rules"][0]
    assert rule["Conditions"] == [
        {
            "Field": "host-header",
            "Values": ["api.example.com"],
            "HostHeaderConfig": {"Values": ["api.example.com"]},
        },
        {
            "Field": "path-pattern",
            "Values": ["/v1/*", "/v2/*"],
            "PathPatternConfig": {"Values": ["/v1/*", "/v2/*"]},
        },
    ]


def test_the_other_fields_are_described_by_their_config(create):
    conditions = [
        {
            "Field": "http-header",
            "HttpHeaderConfig": {"HttpHeaderName": "X-Canary", "Values": ["on"]},
        },
        {
            "Field": "http-header",
            "HttpHeaderConfig": {"HttpHeaderName": "User-Agent", "Values": ["*Mobile*"]},
        },
        {"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["GET", "HEAD"]}},
        {
            "Field": "query-string",
            "QueryStringConfig": {"Values": [{"Key": "version", "Value": "2"}]},
        },
    ]
    assert create(*conditions)["Rules"][0]["Conditions"] == conditions


def test_query_string_values_without_key_and_source_ips(create):
    conditions = [
        {"Field": "query-string", "QueryStringConfig": {"Values": [{"Value": "debug"}]}},
        {"Field": "source-ip", "SourceIpConfig": {"Values": ["192.0.2.0/24", "2001:db8::/32"]}},
    ]
    assert create(*conditions)["Rules"][0]["Conditions"] == conditions


def test_five_condition_values_and_five_wildcards_fit_in_a_rule(create):
    rule = create(host("*.example.com", "?.example.org"), path("/a/*", "/b/*", "/c*"))
    assert len(rule["Rules"][0]["Conditions"]) == 2


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ([], "A rule must have at least one condition"),
        (
            [{"Field": "cookie", "Values": ["a"]}],
            "Condition field 'cookie' must be one of '[http-header, http-request-method, "
            "host-header, path-pattern, query-string, source-ip]'",
        ),
        ([{"Values": ["/a"]}], "A condition field must be specified"),
        (
            [{"Field": "http-request-method", "Values": ["GET"]}],
            "The 'Values' field is not compatible with 'http-request-method'",
        ),
        (
            [{"Field": "path-pattern", "HostHeaderConfig": {"Values": ["a.example.com"]}}],
            "The 'HostHeaderConfig' field is not compatible with 'path-pattern'",
        ),
        (
            [{**path("/a"), "Values": ["/b"]}],
            "You cannot provide both Values and 'PathPatternConfig' for a condition of type "
            "'path-pattern'",
        ),
        (
            [{"Field": "path-pattern", "Values": ["/a", "/b"]}],
            "The 'path-pattern' field contains too many values; the limit is '1'",
        ),
        ([path()], "A condition value must be specified for 'path-pattern'"),
        ([path("/" + "a" * 128)], "The 'path-pattern' value is too long; the limit is '128'"),
        ([path("/a b")], "The path pattern '/a b' is not valid"),
        ([host("example")], "The host header value 'example' is not valid"),
        ([host("example.c0m")], "The host header value 'example.c0m' is not valid"),
        ([host("ex ample.com")], "The host header value 'ex ample.com' is not valid"),
        (
            [{"Field": "http-header", "HttpHeaderConfig": {"Values": ["a"]}}],
            "A 'HttpHeaderName' must be specified with 'http-header'",
        ),
        (
            [
                {
                    "Field": "http-header",
                    "HttpHeaderConfig": {"HttpHeaderName": "X" * 41, "Values": ["a"]},
                }
            ],
            "The 'HttpHeaderName' value is too long; the limit is '40'",
        ),
        (
            [
                {
                    "Field": "http-header",
                    "HttpHeaderConfig": {"HttpHeaderName": "Host", "Values": ["a"]},
                }
            ],
            "An 'http-header' condition cannot match the host header",
        ),
        (
            [{"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["get"]}}],
            "The 'http-request-method' value 'get' is invalid",
        ),
        (
            [{"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "a"}]}}],
            "A 'Value' must be specified in 'QueryStringKeyValuePair'",
        ),
        (
            [{"Field": "source-ip", "SourceIpConfig": {"Values": ["10.0.0.*"]}}],
            "The 'source-ip' value '10.0.0.*' is not a valid CIDR block",
        ),
        (
            [{"Field": "source-ip", "SourceIpConfig": {"Values": ["10.0.0.1"]}}],
            "The 'source-ip' value '10.0.0.1' is not a valid CIDR block",
        ),
        (
            [{"Field": "source-ip", "SourceIpConfig": {"IpAddressType": "ipv4"}}],
            "IpAddressType can be specified only in 'source-ip' conditions of Network Load "
            "Balancer listener rules",
        ),
        ([path("/a"), path("/b")], "A rule can only have one 'path-pattern' condition"),
        (
            [host("a.example.com", "b.example.com"), path("/a", "/b", "/c", "/d")],
            "A rule can only have '5' condition values",
        ),
        ([host("*.ex?mple.com"), path("/*/*/*/*")], "A rule can only have '5' wildcards"),
    ],
)
def test_conditions_aws_refuses(elbv2, create, listener, conditions, message):
    caught = refused(create, conditions=conditions)
    code, status, text = error_of(caught)
    assert (code, status) == ("ValidationError", 400)
    assert text.startswith(message)
    assert len(elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]) == 1


def test_an_escaped_wildcard_in_a_query_string_is_not_counted(create):
    values = [{"Key": "q", "Value": "a\\*b\\?c\\*"}, {"Value": "\\*\\*\\*"}]
    rule = create(path("/*"), {"Field": "query-string", "QueryStringConfig": {"Values": values}})
    assert rule["Rules"][0]["Conditions"][1]["QueryStringConfig"]["Values"] == values
