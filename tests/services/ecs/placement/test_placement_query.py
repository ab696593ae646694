from __future__ import annotations

from datetime import datetime, timezone

import pytest
from placement_doubles import Instance

from pytest_ecsmock.services.ecs.placement import query
from pytest_ecsmock.services.ecs.placement.query import (
    MAX_EXPRESSION_LENGTH,
    QuerySyntaxError,
    parse,
)


def small() -> Instance:
    return Instance(
        name="small",
        attributes={
            "ecs.instance-type": "t2.small",
            "ecs.availability-zone": "us-east-1a",
            "stack": "prod",
            "size": "10",
            "com.amazonaws.ecs.capability.task-iam-role": None,
        },
        agent_version="1.14.5",
        registered_at=datetime(2018, 6, 18, 22, 28, 28, tzinfo=timezone.utc),
        task_groups={"service:web": 2, "family:db": 1},
    )


def large() -> Instance:
    return Instance(
        name="large",
        attributes={
            "ecs.instance-type": "m5.large",
            "ecs.availability-zone": "us-east-1d",
            "size": "9",
        },
        agent_connected=False,
        agent_version="1.9.0",
        registered_at=datetime(2018, 2, 12, 23, 59, 59, tzinfo=timezone.utc),
    )


def matching(expression: str) -> list[str]:
    parsed = parse(expression)
    return [instance.name for instance in (small(), large()) if parsed.matches(instance)]


@pytest.mark.parametrize(
    ("expression", "names"),
    [
        # the examples of the ECS documentation
        ("attribute:ecs.instance-type == t2.small", ["small"]),
        ("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", ["small"]),
        (
            "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone != us-east-1d",
            ["small"],
        ),
        ("task:group == service:web", ["small"]),
        ("not(task:group == family:db)", ["large"]),
        ("runningTasksCount == 3", ["small"]),
        ("agentVersion < 1.14.5", ["large"]),
        ("registeredAt < 2018-02-13", ["large"]),
        ("ec2InstanceId in ['i-small', 'i-other']", ["small"]),
        # no spaces round a symbol
        ("attribute:stack==prod", ["small"]),
    ],
)
def test_documented_examples_select_the_instances_they_describe(expression, names):
    assert matching(expression) == names


@pytest.mark.parametrize(
    ("expression", "names"),
    [
        ("attribute:stack == prod", ["small"]),
        ("attribute:stack equals prod", ["small"]),
        ("attribute:stack EQUALS prod", ["small"]),
        ("attribute:ecs.instance-type != t2.small", ["large"]),
        ("attribute:ecs.instance-type not_equals t2.small", ["large"]),
        ("attribute:size > 9", ["small"]),
        ("attribute:size greater_than 9", ["small"]),
        ("attribute:size >= 9", ["small", "large"]),
        ("attribute:size greater_than_equal 10", ["small"]),
        ("attribute:size < 10", ["large"]),
        ("attribute:size less_than 10", ["large"]),
        ("attribute:size <= 10", ["small", "large"]),
        ("attribute:size less_than_equal 9", ["large"]),
        ("attribute:stack exists", ["small"]),
        ("attribute:stack !exists", ["large"]),
        ("attribute:stack not_exists", ["large"]),
        ("attribute:ecs.instance-type in [m5.large, c5.xlarge]", ["large"]),
        ("attribute:ecs.instance-type !in [m5.large]", ["small"]),
        ("attribute:ecs.instance-type not_in [m5.large]", ["small"]),
        ("attribute:ecs.instance-type =~ m5\\..*", ["large"]),
        ("attribute:ecs.instance-type matches m5.*", ["large"]),
        ("attribute:ecs.instance-type !~ m5.*", ["small"]),
        ("attribute:ecs.instance-type not_matches m5.*", ["small"]),
    ],
)
def test_every_operator_in_both_forms(expression, names):
    assert matching(expression) == names


@pytest.mark.parametrize(
    ("expression", "names"),
    [
        # an instance without the attribute matches no comparison, negative ones included
        ("attribute:stack != prod", []),
        ("attribute:stack != dev", ["small"]),
        ("attribute:stack !in [dev]", ["small"]),
        ("attribute:stack !~ dev", ["small"]),
        ("not attribute:stack == prod", ["large"]),
        # a name-only attribute exists and reads as the empty string
        ("attribute:com.amazonaws.ecs.capability.task-iam-role exists", ["small"]),
        ("attribute:com.amazonaws.ecs.capability.task-iam-role != x", ["small"]),
        # numbers compare as numbers, other values as strings
        ("attribute:size > 10.0", []),
        ("attribute:ecs.instance-type > n", ["small"]),
        ("attribute:size == 10.0", []),
        # a regular expression matches the whole value
        ("attribute:ecs.instance-type =~ t2", []),
        ("attribute:ecs.instance-type =~ 't2.(small|medium)'", ["small"]),
        ('attribute:ecs.instance-type =~ "[a-z]\\d\\.large"', ["large"]),
    ],
)
def test_attribute_comparisons_follow_ecs(expression, names):
    assert matching(expression) == names


@pytest.mark.parametrize(
    ("expression", "names"),
    [
        ("agentConnected == true", ["small"]),
        ("agentConnected == FALSE", ["large"]),
        ("agentConnected != true", ["large"]),
        ("agentConnected in [false]", ["large"]),
        ("agentConnected !in [false]", ["small"]),
        ("agentConnected =~ t.*", ["small"]),
        ("agentConnected !~ t.*", ["large"]),
        ("agentVersion == 1.14.5", ["small"]),
        ("agentVersion != 1.14.5", ["large"]),
        ("agentVersion > 1.9.0", ["small"]),
        ("agentVersion >= 1.9", ["small", "large"]),
        ("agentVersion <= 1.9.0", ["large"]),
        ("ec2InstanceId == i-large", ["large"]),
        ("ec2InstanceId != i-large", ["small"]),
        ("ec2InstanceId !in [i-large, i-x]", ["small"]),
        ("ec2InstanceId =~ i-l.*", ["large"]),
        ("ec2InstanceId !~ i-l.*", ["small"]),
        ("registeredAt == 2018-06-18T22:28:28Z", ["small"]),
        ("registeredAt == 2018-06-18T22:28:28+00:00", ["small"]),
        ("registeredAt == 2018-06-18T22:28:28", ["small"]),
        ("registeredAt == 2018-06-18T23:28:28+01:00", ["small"]),
        ("registeredAt != 2018-06-18T22:28:28Z", ["large"]),
        ("registeredAt > 2018-06-18", ["small"]),
        ("registeredAt >= 2018-02-12T23:59:59Z", ["small", "large"]),
        ("registeredAt <= 2018-02-12T23:59:59Z", ["large"]),
        ("runningTasksCount == 0", ["large"]),
        ("runningTasksCount != 0", ["small"]),
        ("runningTasksCount > 2", ["small"]),
        ("runningTasksCount >= 0", ["small", "large"]),
        ("runningTasksCount < 1", ["large"]),
        ("runningTasksCount <= 3", ["small", "large"]),
    ],
)
def test_fixed_subjects(expression, names):
    assert matching(expression) == names


@pytest.mark.parametrize(
    ("expression", "names"),
    [
        ("task:group == family:db", ["small"]),
        ("task:group in [service:api, service:web]", ["small"]),
        ("task:group =~ service:.*", ["small"]),
        ("task:group exists", ["small"]),
        ("task:group !exists", ["large"]),
        # negative operators need tasks on the instance, none of whose groups match
        ("task:group != service:api", ["small"]),
        ("task:group != service:web", []),
        ("task:group !in [service:api]", ["small"]),
        ("task:group !~ family:.*", []),
        ("not task:group == service:web", ["large"]),
    ],
)
def test_task_group_looks_at_the_groups_of_the_tasks_on_the_instance(expression, names):
    assert matching(expression) == names


def test_a_group_whose_tasks_all_stopped_no_longer_counts():
    instance = Instance(task_groups={"service:web": 0})

    assert parse("task:group == service:web").matches(instance) is False
    assert parse("task:group !exists").matches(instance) is True


@pytest.mark.parametrize(
    ("expression", "names"),
    [
        ("attribute:stack exists && agentConnected == true", ["small"]),
        ("attribute:stack exists AND agentConnected == false", []),
        ("attribute:stack exists || agentConnected == false", ["small", "large"]),
        ("attribute:stack exists or runningTasksCount == 0", ["small", "large"]),
        ("!attribute:stack exists", ["large"]),
        ("! attribute:stack exists", ["large"]),
        ("not(attribute:stack exists)", ["large"]),
        ("not not attribute:stack exists", ["small"]),
        # and binds tighter than or
        ("attribute:size == 9 or attribute:size == 10 and agentConnected == false", ["large"]),
        ("(attribute:size == 9 or attribute:size == 10) and agentConnected == true", ["small"]),
        ("((attribute:stack exists))", ["small"]),
        ("!(attribute:size == 9 || attribute:size == 10)", []),
    ],
)
def test_combinators_and_parentheses(expression, names):
    assert matching(expression) == names


def test_a_keyword_can_be_a_value():
    assert parse("attribute:mode == and").matches(Instance(attributes={"mode": "and"}))


def test_the_expression_keeps_its_text_and_knows_its_subjects():
    expression = parse("attribute:stack == prod and not(task:group == db)")

    assert expression.text == "attribute:stack == prod and not(task:group == db)"
    assert expression.subjects == {"attribute:stack", "task:group"}
    assert expression.depends_on_tasks is True
    assert parse("attribute:a exists").depends_on_tasks is False
    assert parse("runningTasksCount > 1").depends_on_tasks is True


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("", "the expression is empty"),
        ("   ", "the expression is empty"),
        ("attribute:stack", "expected an operator but found the end of the expression"),
        ("attribute:stack ==", "expected a value but found the end of the expression"),
        ("attribute:stack = prod", "unexpected character '=' at position 16"),
        ("attribute:stack == prod &", "unexpected character '&' at position 24"),
        ("attribute:stack == prod prod", "expected 'and', 'or' or the end of the expression"),
        ("(attribute:stack == prod", "expected ')' but found the end of the expression"),
        ("attribute:stack == prod)", "expected 'and', 'or' or the end of the expression"),
        ("attribute:stack in prod", "expected a list such as [a, b] but found 'prod'"),
        ("attribute:stack in [a b]", "expected ',' or ']' but found 'b' at position 22"),
        ("attribute:stack in []", "expected a value but found ']' at position 20"),
        ("attribute:stack == 'prod", "the quote at position 19 is never closed"),
        ("instanceType == t2", "unknown subject 'instanceType'"),
        ("attribute: == x", "'' is not a valid attribute name"),
        ("and == x", "expected a subject but found 'and' at position 0"),
        ("== x", "expected a subject but found '==' at position 0"),
        ("attribute:a =~ '('", "'(' is not a valid regular expression"),
        ("runningTasksCount > many", "'many' is not a number of tasks"),
        ("runningTasksCount in [1]", "the operator 'in' cannot be used with runningTasksCount"),
        ("agentVersion > 1.x", "'1.x' is not an agent version such as 1.14.5"),
        ("agentVersion =~ 1.*", "the operator '=~' cannot be used with agentVersion"),
        ("registeredAt > yesterday", "'yesterday' is not a date such as 2018-06-18"),
        ("registeredAt exists", "the operator 'exists' cannot be used with registeredAt"),
        ("agentConnected == maybe", "agentConnected is true or false, not 'maybe'"),
        ("agentConnected > true", "the operator '>' cannot be used with agentConnected"),
        ("ec2InstanceId exists", "the operator 'exists' cannot be used with ec2InstanceId"),
        ("task:group > a", "the operator '>' cannot be used with task:group"),
    ],
)
def test_an_invalid_expression_says_what_is_wrong(expression, reason):
    with pytest.raises(ValueError) as raised:
        parse(expression)

    assert isinstance(raised.value, QuerySyntaxError)
    assert str(raised.value).startswith(f"Invalid expression '{expression}': ")
    assert reason in str(raised.value)


def test_an_expression_may_have_2000_characters_and_no_more():
    start = "attribute:stack == prod or attribute:padding == "
    longest = start + "x" * (MAX_EXPRESSION_LENGTH - len(start))
    assert len(longest) == MAX_EXPRESSION_LENGTH

    assert parse(longest).matches(small()) is True
    with pytest.raises(ValueError) as raised:
        parse(longest + "x")
    assert str(raised.value) == (
        "The expression is 2001 characters long; it can have at most 2000 characters."
    )


def test_matches_is_also_a_function():
    expression = parse("attribute:stack == prod")

    assert query.matches(expression, small()) is True
    assert query.matches(expression, large()) is False
