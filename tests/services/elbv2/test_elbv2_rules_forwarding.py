"""Target groups forwarded to by rules: attached, checked, freed with the rule."""

from __future__ import annotations

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
def rule(elbv2, listener, target_group):
    created = elbv2.create_rule(
        ListenerArn=listener["ListenerArn"],
        Priority=1,
        Conditions=API_PATHS,
        Actions=forward_to(target_group["TargetGroupArn"]),
    )
    return created["Rules"][0]


def load_balancers_of(elbv2, target_group):
    described = elbv2.describe_target_groups(TargetGroupArns=[target_group["TargetGroupArn"]])
    return described["TargetGroups"][0]["LoadBalancerArns"]


def test_a_target_group_forwarded_to_only_by_a_rule_is_attached(
    elbv2, ecsmock, rule, load_balancer, target_group
):
    lb_arn = load_balancer["LoadBalancerArn"]
    assert load_balancers_of(elbv2, target_group) == [lb_arn]
    by_load_balancer = elbv2.describe_target_groups(LoadBalancerArn=lb_arn)["TargetGroups"]
    assert [tg["TargetGroupName"] for tg in by_load_balancer] == ["web-targets"]
    backend = ecsmock.backend("elbv2")
    found = backend.target_group(target_group["TargetGroupArn"])
    assert [lb.name for lb in backend.load_balancers_of(found)] == ["web"]


def test_a_target_group_in_use_by_a_rule_cannot_be_deleted(elbv2, rule, target_group):
    arn = target_group["TargetGroupArn"]
    caught = refused(elbv2.delete_target_group, TargetGroupArn=arn)
    assert error_of(caught) == (
        "ResourceInUse",
        400,
        f"Target group '{arn}' is currently in use by a listener or a rule",
    )
    elbv2.delete_rule(RuleArn=rule["RuleArn"])
    assert load_balancers_of(elbv2, target_group) == []
    elbv2.delete_target_group(TargetGroupArn=arn)
    assert elbv2.describe_target_groups()["TargetGroups"] == []


def test_modifying_the_rule_away_frees_the_target_group(elbv2, rule, target_group):
    elbv2.modify_rule(RuleArn=rule["RuleArn"], Actions=FIXED_404)
    assert load_balancers_of(elbv2, target_group) == []


def test_deleting_the_listener_deletes_its_rules(elbv2, rule, listener, target_group):
    elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    caught = refused(elbv2.describe_rules, RuleArns=[rule["RuleArn"]])
    assert error_of(caught) == ("RuleNotFound", 400, "One or more rules not found")
    assert load_balancers_of(elbv2, target_group) == []


def test_deleting_the_load_balancer_deletes_the_rules(elbv2, rule, load_balancer, target_group):
    elbv2.delete_load_balancer(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    caught = refused(elbv2.describe_rules, RuleArns=[rule["RuleArn"]])
    assert error_of(caught)[0] == "RuleNotFound"
    elbv2.delete_target_group(TargetGroupArn=target_group["TargetGroupArn"])


def test_a_rule_cannot_forward_to_an_unknown_target_group(elbv2, listener, target_group):
    elbv2.delete_target_group(TargetGroupArn=target_group["TargetGroupArn"])
    caught = refused(
        elbv2.create_rule,
        ListenerArn=listener["ListenerArn"],
        Priority=1,
        Conditions=API_PATHS,
        Actions=forward_to(target_group["TargetGroupArn"]),
    )
    assert error_of(caught) == (
        "TargetGroupNotFound",
        400,
        f"Target group '{target_group['TargetGroupArn']}' not found",
    )


def test_a_rule_cannot_forward_to_a_target_group_of_another_vpc(elbv2, listener):
    elsewhere = elbv2.create_target_group(
        Name="elsewhere", Protocol="HTTP", Port=80, VpcId="vpc-0ffffffffffffffff"
    )["TargetGroups"][0]
    caught = refused(
        elbv2.create_rule,
        ListenerArn=listener["ListenerArn"],
        Priority=1,
        Conditions=API_PATHS,
        Actions=forward_to(elsewhere["TargetGroupArn"]),
    )
    code, status, message = error_of(caught)
    assert (code, status) == ("InvalidConfigurationRequest", 400)
    assert message.startswith(f"Target group '{elsewhere['TargetGroupArn']}' is in a different VPC")
    assert len(elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]) == 1


def test_a_rule_can_forward_to_a_lambda_target_group(elbv2, listener):
    function = elbv2.create_target_group(Name="handler", TargetType="lambda")["TargetGroups"][0]
    created = elbv2.create_rule(
        ListenerArn=listener["ListenerArn"],
        Priority=1,
        Conditions=API_PATHS,
        Actions=forward_to(function["TargetGroupArn"]),
    )
    assert created["Rules"][0]["Actions"][0]["TargetGroupArn"] == function["TargetGroupArn"]
    assert load_balancers_of(elbv2, function) == [listener["LoadBalancerArn"]]


def test_a_target_group_serves_one_load_balancer_through_rules_too(
    elbv2, network, rule, target_group
):
    other_lb = elbv2.create_load_balancer(Name="other", Subnets=network[1:])["LoadBalancers"][0]
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=other_lb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    assert error_of(caught)[:2] == ("TargetGroupAssociationLimit", 400)
    other_listener = elbv2.create_listener(
        LoadBalancerArn=other_lb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=FIXED_404,
    )["Listeners"][0]
    caught = refused(
        elbv2.create_rule,
        ListenerArn=other_listener["ListenerArn"],
        Priority=1,
        Conditions=API_PATHS,
        Actions=forward_to(target_group["TargetGroupArn"]),
    )
    assert error_of(caught) == (
        "TargetGroupAssociationLimit",
        400,
        "The following target groups cannot be associated with more than one load balancer: "
        f"{target_group['TargetGroupArn']}",
    )


def test_rules_of_two_listeners_of_one_load_balancer_share_a_target_group(
    elbv2, load_balancer, rule, target_group
):
    second = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=8080,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )["Listeners"][0]
    assert second["DefaultActions"][0]["TargetGroupArn"] == target_group["TargetGroupArn"]
    assert load_balancers_of(elbv2, target_group) == [load_balancer["LoadBalancerArn"]]


def test_targets_are_checked_while_a_rule_forwards_to_their_group(elbv2, listener, target_group):
    instances = elbv2.create_target_group(
        Name="instances", Protocol="HTTP", Port=80, VpcId=target_group["VpcId"]
    )["TargetGroups"][0]
    arn = instances["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": "i-0123456789abcdef0"}])

    def state():
        described = elbv2.describe_target_health(TargetGroupArn=arn)
        return described["TargetHealthDescriptions"][0]["TargetHealth"]["State"]

    assert state() == "unused"
    rule = elbv2.create_rule(
        ListenerArn=listener["ListenerArn"],
        Priority=1,
        Conditions=API_PATHS,
        Actions=forward_to(arn),
    )["Rules"][0]
    assert state() == "initial"
    elbv2.delete_rule(RuleArn=rule["RuleArn"])
    assert state() == "unused"
