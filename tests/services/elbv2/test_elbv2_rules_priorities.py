"""Rule priorities (unique per listener, SetRulePriorities), the default rule, the quota."""

from __future__ import annotations

import pytest
from elbv2_helpers import error_of, refused

FIXED_404 = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]


def paths(path):
    return [{"Field": "path-pattern", "PathPatternConfig": {"Values": [path]}}]


@pytest.fixture
def make_listener(elbv2, load_balancer):
    def make(port=80):
        return elbv2.create_listener(
            LoadBalancerArn=load_balancer["LoadBalancerArn"],
            Protocol="HTTP",
            Port=port,
            DefaultActions=FIXED_404,
        )["Listeners"][0]

    return make


@pytest.fixture
def listener(make_listener):
    return make_listener()


@pytest.fixture
def add_rule(elbv2, listener):
    def add(priority, path="/api/*", on=None):
        return elbv2.create_rule(
            ListenerArn=(on or listener)["ListenerArn"],
            Priority=priority,
            Conditions=paths(path),
            Actions=FIXED_404,
        )["Rules"][0]

    return add


def listing(elbv2, listener):
    rules = elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
    return [(rule["Priority"], rule["Conditions"][0]["Values"][0]) for rule in rules[:-1]]


def test_a_priority_is_used_once_per_listener(elbv2, add_rule, make_listener, listener):
    add_rule(10, "/a")
    caught = refused(
        elbv2.create_rule,
        ListenerArn=listener["ListenerArn"],
        Priority=10,
        Conditions=paths("/b"),
        Actions=FIXED_404,
    )
    assert error_of(caught) == ("PriorityInUse", 400, "Priority '10' is currently in use")
    assert listing(elbv2, listener) == [("10", "/a")]
    other = make_listener(8080)
    assert add_rule(10, "/b", on=other)["Priority"] == "10"


def test_priorities_go_from_1_to_50000(elbv2, add_rule, listener):
    assert add_rule(50000)["Priority"] == "50000"
    caught = refused(
        elbv2.create_rule,
        ListenerArn=listener["ListenerArn"],
        Priority=50001,
        Conditions=paths("/b"),
        Actions=FIXED_404,
    )
    assert error_of(caught) == (
        "ValidationError",
        400,
        "1 validation error detected: Value '50001' at 'priority' failed to satisfy "
        "constraint: Member must have value less than or equal to 50000",
    )


def test_set_rule_priorities_swaps_two_rules(elbv2, add_rule, listener):
    first, second = add_rule(1, "/first"), add_rule(2, "/second")
    result = elbv2.set_rule_priorities(
        RulePriorities=[
            {"RuleArn": first["RuleArn"], "Priority": 2},
            {"RuleArn": second["RuleArn"], "Priority": 1},
        ]
    )
    assert [(rule["RuleArn"], rule["Priority"]) for rule in result["Rules"]] == [
        (second["RuleArn"], "1"),
        (first["RuleArn"], "2"),
    ]
    assert listing(elbv2, listener) == [("1", "/second"), ("2", "/first")]


def test_set_rule_priorities_moves_a_rule_to_a_free_priority(elbv2, add_rule, listener):
    moved = add_rule(1, "/moved")
    add_rule(5, "/stays")
    elbv2.set_rule_priorities(RulePriorities=[{"RuleArn": moved["RuleArn"], "Priority": 9}])
    assert listing(elbv2, listener) == [("5", "/stays"), ("9", "/moved")]


def test_a_priority_held_by_another_rule_is_refused(elbv2, add_rule, listener):
    moved = add_rule(1, "/moved")
    add_rule(5, "/stays")
    caught = refused(
        elbv2.set_rule_priorities, RulePriorities=[{"RuleArn": moved["RuleArn"], "Priority": 5}]
    )
    assert error_of(caught) == ("PriorityInUse", 400, "Priority '5' is currently in use")
    assert listing(elbv2, listener) == [("1", "/moved"), ("5", "/stays")]


def test_one_priority_for_two_rules_is_refused_and_nothing_moves(elbv2, add_rule, listener):
    first, second = add_rule(1, "/first"), add_rule(2, "/second")
    caught = refused(
        elbv2.set_rule_priorities,
        RulePriorities=[
            {"RuleArn": first["RuleArn"], "Priority": 7},
            {"RuleArn": second["RuleArn"], "Priority": 7},
        ],
    )
    assert error_of(caught) == ("ValidationError", 400, "Priority '7' was provided multiple times")
    assert listing(elbv2, listener) == [("1", "/first"), ("2", "/second")]


def test_set_rule_priorities_checks_every_rule_before_moving_any(elbv2, add_rule, listener):
    moved = add_rule(1, "/moved")
    gone = add_rule(2, "/gone")
    elbv2.delete_rule(RuleArn=gone["RuleArn"])
    caught = refused(
        elbv2.set_rule_priorities,
        RulePriorities=[
            {"RuleArn": moved["RuleArn"], "Priority": 3},
            {"RuleArn": gone["RuleArn"], "Priority": 4},
        ],
    )
    assert error_of(caught) == ("RuleNotFound", 400, "One or more rules not found")
    assert listing(elbv2, listener) == [("1", "/moved")]


def test_the_default_rule_cannot_be_changed_or_deleted(elbv2, listener):
    default = elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"][0]
    arn = default["RuleArn"]
    caught = refused(elbv2.delete_rule, RuleArn=arn)
    assert error_of(caught) == (
        "OperationNotPermitted",
        400,
        f"Default rule '{arn}' cannot be deleted",
    )
    caught = refused(elbv2.modify_rule, RuleArn=arn, Actions=FIXED_404)
    assert error_of(caught) == (
        "OperationNotPermitted",
        400,
        f"Default rule '{arn}' cannot be modified",
    )
    caught = refused(elbv2.set_rule_priorities, RulePriorities=[{"RuleArn": arn, "Priority": 3}])
    assert error_of(caught)[:2] == ("OperationNotPermitted", 400)
    assert elbv2.describe_rules(RuleArns=[arn])["Rules"] == [default]


def test_a_load_balancer_has_at_most_100_rules(elbv2, add_rule, make_listener, load_balancer):
    other = make_listener(8080)
    for priority in range(1, 51):
        add_rule(priority)
        add_rule(priority, on=other)
    caught = refused(
        elbv2.create_rule,
        ListenerArn=other["ListenerArn"],
        Priority=51,
        Conditions=paths("/more"),
        Actions=FIXED_404,
    )
    assert error_of(caught) == (
        "TooManyRules",
        400,
        f"The maximum number of rules on load balancer {load_balancer['LoadBalancerArn']} "
        "has been reached",
    )
    assert len(elbv2.describe_rules(ListenerArn=other["ListenerArn"])["Rules"]) == 51
