"""Listener rules: creating, describing, changing and deleting them."""

from __future__ import annotations

import re

import pytest
from elbv2_helpers import error_of, forward_to, refused

FIXED_404 = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]
API_PATHS = [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*"]}}]


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
def add_rule(elbv2, listener, target_group):
    def add(priority, conditions=API_PATHS, actions=None, **extra):
        created = elbv2.create_rule(
            ListenerArn=listener["ListenerArn"],
            Priority=priority,
            Conditions=conditions,
            Actions=actions or forward_to(target_group["TargetGroupArn"]),
            **extra,
        )
        return created["Rules"][0]

    return add


def priorities(elbv2, listener):
    rules = elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
    return [rule["Priority"] for rule in rules]


def test_a_rule_forwards_matching_requests(add_rule, listener, target_group):
    rule = add_rule(10)
    assert re.match(
        r"^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/"
        r"[0-9a-f]{16}/[0-9a-f]{16}/[0-9a-f]{16}$",
        rule["RuleArn"],
    )
    listener_arn = listener["ListenerArn"]
    assert rule["RuleArn"].startswith(listener_arn.replace(":listener/", ":listener-rule/"))
    assert rule["Priority"] == "10"
    assert rule["IsDefault"] is False
    assert rule["Conditions"] == [
        {"Field": "path-pattern", "Values": ["/api/*"], "PathPatternConfig": {"Values": ["/api/*"]}}
    ]
    tg_arn = target_group["TargetGroupArn"]
    assert rule["Actions"] == [
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


def test_a_new_listener_has_its_default_rule(elbv2, listener):
    rules = elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
    assert len(rules) == 1
    default = rules[0]
    assert default["RuleArn"].startswith(
        listener["ListenerArn"].replace(":listener/", ":listener-rule/")
    )
    assert (default["Priority"], default["IsDefault"], default["Conditions"]) == (
        "default",
        True,
        [],
    )
    assert default["Actions"] == listener["DefaultActions"]


def test_the_default_rule_follows_the_listener_default_actions(elbv2, listener, target_group):
    elbv2.modify_listener(
        ListenerArn=listener["ListenerArn"],
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    default = elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"][0]
    assert default["Actions"][0]["TargetGroupArn"] == target_group["TargetGroupArn"]


def test_rules_are_listed_by_priority_and_the_default_rule_last(elbv2, add_rule, listener):
    for priority in (300, 5, 20):
        add_rule(priority)
    assert priorities(elbv2, listener) == ["5", "20", "300", "default"]


def test_describe_rules_by_arn(elbv2, add_rule):
    late, early = add_rule(9), add_rule(2)
    described = elbv2.describe_rules(RuleArns=[late["RuleArn"], early["RuleArn"], late["RuleArn"]])
    assert [rule["RuleArn"] for rule in described["Rules"]] == [early["RuleArn"], late["RuleArn"]]
    assert described["Rules"][1] == late


def test_describe_rules_needs_a_listener_or_rules_but_not_both(elbv2, add_rule, listener):
    caught = refused(elbv2.describe_rules)
    assert error_of(caught) == (
        "ValidationError",
        400,
        "You must specify either listener rule ARNs or a listener ARN",
    )
    caught = refused(
        elbv2.describe_rules, ListenerArn=listener["ListenerArn"], RuleArns=[add_rule(1)["RuleArn"]]
    )
    assert error_of(caught)[:2] == ("ValidationError", 400)


def test_unknown_rules_and_listeners_are_not_found(elbv2, add_rule, listener):
    gone = add_rule(1)
    elbv2.delete_rule(RuleArn=gone["RuleArn"])
    caught = refused(elbv2.describe_rules, RuleArns=[gone["RuleArn"]])
    assert error_of(caught) == ("RuleNotFound", 400, "One or more rules not found")
    elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    caught = refused(elbv2.describe_rules, ListenerArn=listener["ListenerArn"])
    assert error_of(caught) == ("ListenerNotFound", 400, "One or more listeners not found")
    caught = refused(elbv2.describe_rules, RuleArns=["not-an-arn"])
    assert error_of(caught) == (
        "ValidationError",
        400,
        "'not-an-arn' is not a valid listener rule ARN",
    )


def test_describe_rules_in_pages(elbv2, add_rule, listener):
    for priority in range(1, 6):
        add_rule(priority)
    first = elbv2.describe_rules(ListenerArn=listener["ListenerArn"], PageSize=4)
    assert [rule["Priority"] for rule in first["Rules"]] == ["1", "2", "3", "4"]
    rest = elbv2.describe_rules(
        ListenerArn=listener["ListenerArn"], PageSize=4, Marker=first["NextMarker"]
    )
    assert [rule["Priority"] for rule in rest["Rules"]] == ["5", "default"]
    assert "NextMarker" not in rest
    pages = elbv2.get_paginator("describe_rules").paginate(
        ListenerArn=listener["ListenerArn"], PaginationConfig={"PageSize": 2}
    )
    assert [len(page["Rules"]) for page in pages] == [2, 2, 2]
    caught = refused(elbv2.describe_rules, ListenerArn=listener["ListenerArn"], Marker="nope")
    assert error_of(caught) == ("ValidationError", 400, "The marker 'nope' is not valid")


def test_tags_given_at_creation(elbv2, add_rule):
    rule = add_rule(1, Tags=[{"Key": "team", "Value": "api"}])
    elbv2.add_tags(ResourceArns=[rule["RuleArn"]], Tags=[{"Key": "tier", "Value": "web"}])
    described = elbv2.describe_tags(ResourceArns=[rule["RuleArn"]])["TagDescriptions"]
    assert described[0]["Tags"] == [
        {"Key": "team", "Value": "api"},
        {"Key": "tier", "Value": "web"},
    ]


def test_other_actions_and_weighted_forwarding(elbv2, add_rule, target_group):
    other = elbv2.create_target_group(
        Name="canary", Protocol="HTTP", Port=8080, VpcId=target_group["VpcId"], TargetType="ip"
    )["TargetGroups"][0]
    weighted = {
        "TargetGroups": [
            {"TargetGroupArn": target_group["TargetGroupArn"], "Weight": 90},
            {"TargetGroupArn": other["TargetGroupArn"], "Weight": 10},
        ],
        "TargetGroupStickinessConfig": {"Enabled": True, "DurationSeconds": 300},
    }
    rule = add_rule(1, actions=[{"Type": "forward", "ForwardConfig": weighted}])
    assert rule["Actions"] == [{"Type": "forward", "Order": 1, "ForwardConfig": weighted}]
    redirect = {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
    rule = add_rule(2, actions=[{"Type": "redirect", "RedirectConfig": redirect}])
    assert rule["Actions"][0]["RedirectConfig"] == {
        **redirect,
        "Host": "#{host}",
        "Path": "/#{path}",
        "Query": "#{query}",
    }
    rule = add_rule(3, actions=FIXED_404)
    assert rule["Actions"] == [{**FIXED_404[0], "Order": 1}]


def test_modify_rule_replaces_what_is_given(elbv2, add_rule):
    rule = add_rule(7)
    hosts = [{"Field": "host-header", "HostHeaderConfig": {"Values": ["api.example.com"]}}]
    changed = elbv2.modify_rule(RuleArn=rule["RuleArn"], Conditions=hosts)["Rules"][0]
    assert changed["Conditions"][0]["HostHeaderConfig"] == {"Values": ["api.example.com"]}
    assert (changed["Priority"], changed["Actions"]) == ("7", rule["Actions"])
    changed = elbv2.modify_rule(RuleArn=rule["RuleArn"], Actions=FIXED_404)["Rules"][0]
    assert changed["Actions"] == [{**FIXED_404[0], "Order": 1}]
    described = elbv2.describe_rules(RuleArns=[rule["RuleArn"]])["Rules"][0]
    assert described == changed


def test_modify_rule_needs_something_to_change(elbv2, add_rule):
    rule = add_rule(7)
    caught = refused(elbv2.modify_rule, RuleArn=rule["RuleArn"])
    assert error_of(caught) == (
        "ValidationError",
        400,
        "Either conditions or actions must be specified",
    )
    unchanged = elbv2.modify_rule(RuleArn=rule["RuleArn"], ResetTransforms=True)["Rules"][0]
    assert unchanged == rule


def test_a_refused_modification_changes_nothing(elbv2, add_rule):
    rule = add_rule(7)
    caught = refused(
        elbv2.modify_rule,
        RuleArn=rule["RuleArn"],
        Conditions=[{"Field": "path-pattern", "Values": ["/ok"]}],
        Actions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "700"}}],
    )
    assert error_of(caught)[:2] == ("ValidationError", 400)
    assert elbv2.describe_rules(RuleArns=[rule["RuleArn"]])["Rules"][0] == rule


def test_delete_rule(elbv2, add_rule, listener):
    rule = add_rule(7)
    elbv2.delete_rule(RuleArn=rule["RuleArn"])
    assert priorities(elbv2, listener) == ["default"]
    caught = refused(elbv2.delete_rule, RuleArn=rule["RuleArn"])
    assert error_of(caught) == ("RuleNotFound", 400, "One or more rules not found")


@pytest.mark.parametrize(
    ("extra", "what"),
    [
        (
            {"Transforms": [{"Type": "url-rewrite", "UrlRewriteConfig": {"Rewrites": []}}]},
            "The parameter Transforms",
        ),
        (
            {
                "Conditions": [
                    {"Field": "path-pattern", "PathPatternConfig": {"RegexValues": ["^/a$"]}}
                ]
            },
            "Regular expression conditions (RegexValues)",
        ),
        (
            {"Actions": [{"Type": "authenticate-oidc", "Order": 1}, *FIXED_404]},
            "The action type 'authenticate-oidc'",
        ),
    ],
)
def test_what_is_not_simulated_is_refused_by_name(elbv2, listener, target_group, extra, what):
    request = {
        "ListenerArn": listener["ListenerArn"],
        "Priority": 1,
        "Conditions": API_PATHS,
        "Actions": forward_to(target_group["TargetGroupArn"]),
        **extra,
    }
    code, status, message = error_of(refused(elbv2.create_rule, **request))
    assert (code, status) == ("ValidationError", 400)
    assert message.startswith(f"{what} is not supported by pytest-ecsmock yet")
    assert priorities(elbv2, listener) == ["default"]
