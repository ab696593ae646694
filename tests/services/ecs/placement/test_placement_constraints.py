from __future__ import annotations

import random

import pytest
from placement_doubles import Instance, arn, names

from pytest_ecsmock.services.ecs.placement import (
    DistinctInstance,
    MemberOf,
    TaskRequirement,
    parse,
    parse_constraints,
    parse_strategies,
    place,
)

TASK = TaskRequirement(cpu=128, memory=128)
DISTINCT = "DistinctInstance placement constraint unsatisfied."
MEMBER_OF = "MemberOf placement constraint unsatisfied."


def run(instances, count, constraints, *, group="family:web", strategies=()):
    return place(
        TASK,
        instances,
        count,
        constraints=parse_constraints(constraints),
        strategies=parse_strategies(strategies),
        rng=random.Random(4),
        group=group,
    )


def reasons(result):
    return [(failure.arn, failure.reason) for failure in result.failures]


def test_distinct_instance_puts_each_task_of_the_call_on_its_own_instance():
    instances = [Instance(name) for name in "abc"]

    result = run(instances, 5, [{"type": "distinctInstance"}])

    assert sorted(names(result.placements)) == ["a", "b", "c"]
    assert result.unplaced == 2
    assert reasons(result) == [(arn(name), DISTINCT) for name in "abc"]


def test_distinct_instance_counts_the_group_already_running_and_no_other():
    instances = [
        Instance("a", task_groups={"family:web": 1}),
        Instance("b", task_groups={"family:db": 4}),
    ]

    result = run(instances, 1, [{"type": "distinctInstance"}])

    assert names(result.placements) == ["b"]


def test_distinct_instance_fails_on_a_single_busy_instance_as_on_aws():
    result = run([Instance(task_groups={"family:web": 1})], 1, [{"type": "distinctInstance"}])

    assert result.placements == ()
    assert [failure.describe() for failure in result.failures] == [
        {"arn": arn("i1"), "reason": DISTINCT}
    ]


def test_member_of_keeps_the_instances_the_expression_matches():
    instances = [
        Instance("t2", attributes={"ecs.instance-type": "t2.small"}),
        Instance("m5", attributes={"ecs.instance-type": "m5.large"}),
    ]

    result = run(
        instances,
        3,
        [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t2.*"}],
    )

    assert names(result.placements) == ["t2", "t2", "t2"]


def test_member_of_that_no_instance_matches_reports_every_instance():
    instances = [Instance("a"), Instance("b")]

    result = run(instances, 1, [{"type": "memberOf", "expression": "attribute:gpu exists"}])

    assert reasons(result) == [(arn("a"), MEMBER_OF), (arn("b"), MEMBER_OF)]
    assert result.closest_failure is not None
    assert result.closest_failure.reason == MEMBER_OF


def test_member_of_on_running_tasks_sees_the_tasks_of_the_call():
    instances = [Instance("a", task_groups={"family:x": 1}), Instance("b")]

    result = run(
        instances,
        4,
        [{"type": "memberOf", "expression": "runningTasksCount < 2"}],
        strategies=[{"type": "binpack", "field": "memory"}],
    )

    assert sorted(names(result.placements)) == ["a", "b", "b"]
    assert result.unplaced == 1


def test_task_group_affinity_and_anti_affinity():
    instances = [
        Instance("cache", task_groups={"service:redis": 1}),
        Instance("plain"),
    ]

    near = run(instances, 2, [{"type": "memberOf", "expression": "task:group == service:redis"}])
    away = run(
        instances, 2, [{"type": "memberOf", "expression": "not(task:group == service:redis)"}]
    )

    assert names(near.placements) == ["cache", "cache"]
    assert names(away.placements) == ["plain", "plain"]


def test_constraints_bind_while_strategies_only_prefer():
    instances = [
        Instance("a", zone="us-east-1a", attributes={"tier": "gold"}),
        Instance("b", zone="us-east-1b"),
    ]

    result = run(
        instances,
        3,
        [{"type": "memberOf", "expression": "attribute:tier == gold"}],
        strategies=[{"type": "spread", "field": "attribute:ecs.availability-zone"}],
    )

    assert names(result.placements) == ["a", "a", "a"]


def test_all_constraints_must_hold():
    instances = [
        Instance("a", attributes={"tier": "gold"}, task_groups={"family:web": 1}),
        Instance("b", attributes={"tier": "gold"}),
        Instance("c"),
    ]

    result = run(
        instances,
        2,
        [
            {"type": "distinctInstance"},
            {"type": "memberOf", "expression": "attribute:tier == gold"},
        ],
    )

    assert names(result.placements) == ["b"]
    assert reasons(result) == [(arn("a"), DISTINCT), (arn("b"), DISTINCT), (arn("c"), MEMBER_OF)]


def test_valid_constraints_are_read():
    parsed = parse_constraints(
        [{"type": "distinctInstance"}, {"type": "memberOf", "expression": "attribute:a exists"}]
    )

    assert parsed == (DistinctInstance(), MemberOf(parse("attribute:a exists")))
    assert parse_constraints([]) == ()


@pytest.mark.parametrize(
    ("raw", "options", "message"),
    [
        (
            [{"type": "distinctInstance", "expression": ""}],
            {},
            "distinctInstance expression should not be specified.",
        ),
        (
            [{"type": "distinctInstance", "expression": "attribute:a exists"}],
            {},
            "distinctInstance expression should not be specified.",
        ),
        ([{"type": "memberOf"}], {}, "memberOf expression must be specified."),
        ([{"type": "memberOf", "expression": "  "}], {}, "memberOf expression must be specified."),
        (
            [{"type": "memberOf", "expression": "attribute:a"}],
            {},
            "Invalid expression 'attribute:a': expected an operator but found the end of the "
            "expression.",
        ),
        (
            [{"type": "memberOf", "expression": "attribute:a == " + "x" * 1990}],
            {},
            "The expression is 2005 characters long; it can have at most 2000 characters.",
        ),
        (
            [{"type": "distinctInstance"}, {"type": "sameInstance"}],
            {},
            "1 validation error detected: Value 'sameInstance' at "
            "'placementConstraints.2.member.type' failed to satisfy constraint: Member must "
            "satisfy enum value set: [distinctInstance, memberOf]",
        ),
        ([{"type": "distinctInstance"}] * 11, {}, "Maximum number of constraints is 10"),
        (
            [{"type": "distinctInstance"}] * 8,
            {"task_definition_constraints": 3},
            "Maximum number of constraints is 10",
        ),
    ],
)
def test_invalid_constraints_give_the_message_of_aws(raw, options, message):
    with pytest.raises(ValueError) as raised:
        parse_constraints(raw, **options)

    assert str(raised.value) == message


def test_ten_constraints_in_all_are_allowed():
    raw = [{"type": "distinctInstance"}] * 7

    assert len(parse_constraints(raw, task_definition_constraints=3)) == 7
