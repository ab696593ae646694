"""``IamBackend.role_trusts``: the question ECS asks of a task role."""

from __future__ import annotations

import pytest
from iam_helpers import ECS_TASKS, role_arn, statement, trust_document, trust_policy

from pytest_ecsmock.services.iam.trust import trusts_service, wildcard_match

SOURCE = {"aws:SourceAccount": "123456789012"}


def trusts(*statements, context=None, service=ECS_TASKS):
    return trusts_service(trust_document(*statements), service, context=context)


# ---------------------------------------------------------------------- through the backend


def test_a_role_that_trusts_ecs_tasks(iam, iam_backend):
    iam.create_role(RoleName="App", Path="/svc/", AssumeRolePolicyDocument=trust_policy())

    assert iam_backend.role_trusts("App") == (True, True)
    assert iam_backend.role_trusts("app") == (True, True)
    assert iam_backend.role_trusts(role_arn("App", "/svc/")) == (True, True)
    assert iam_backend.role_trusts(role_arn("app", "/svc/")) == (True, True)
    assert iam_backend.role_trusts("app", "lambda.amazonaws.com") == (True, False)


def test_a_role_that_does_not_exist(iam, iam_backend):
    iam.create_role(RoleName="app", Path="/svc/", AssumeRolePolicyDocument=trust_policy())

    assert iam_backend.role_trusts("other") == (False, False)
    assert iam_backend.role_trusts(role_arn("app")) == (False, False)  # another path
    assert iam_backend.role_trusts("arn:aws:iam::210987654321:role/svc/app") == (False, False)
    assert iam_backend.role_trusts("arn:aws-cn:iam::123456789012:role/svc/app") == (False, False)
    assert iam_backend.role_trusts("arn:aws:iam::123456789012:user/svc/app") == (False, False)


def test_a_deleted_role_no_longer_exists(iam, iam_backend, app):
    iam.delete_role(RoleName="app")

    assert iam_backend.role_trusts("app") == (False, False)
    assert iam_backend.find_role("app") is None


def test_the_same_iam_backend_serves_every_region_of_the_account(ecsmock, app):
    assert ecsmock.backend("iam", region="eu-west-1").role_trusts("app") == (True, True)
    assert ecsmock.backend("iam", account_id="210987654321").role_trusts("app") == (False, False)


def test_role_trusts_passes_the_context_to_the_conditions(iam, iam_backend):
    condition = {"StringEquals": {"aws:SourceAccount": "123456789012"}}
    iam.create_role(
        RoleName="app", AssumeRolePolicyDocument=trust_policy(statement(Condition=condition))
    )

    assert iam_backend.role_trusts("app", context=SOURCE) == (True, True)
    assert iam_backend.role_trusts("app", context={"aws:SourceAccount": "1"}) == (True, False)
    assert iam_backend.role_trusts("app") == (True, True)  # no context: treated as satisfied


# ---------------------------------------------------------------------- principals and actions


@pytest.mark.parametrize(
    "principal",
    [
        {"Service": ECS_TASKS},
        {"Service": ["ec2.amazonaws.com", ECS_TASKS]},
        {"Service": "ECS-Tasks.amazonaws.com"},
        "*",
        {"AWS": "*"},
    ],
)
def test_principals_that_name_the_service(principal):
    assert trusts(statement(principal)) is True


@pytest.mark.parametrize(
    "principal",
    [
        {"Service": "ec2.amazonaws.com"},
        {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]},
        {"AWS": "arn:aws:iam::123456789012:root"},
        {"Federated": "cognito-identity.amazonaws.com"},
    ],
)
def test_principals_that_do_not(principal):
    assert trusts(statement(principal)) is False


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("sts:AssumeRole", True),
        ("STS:assumerole", True),
        ("sts:*", True),
        ("*", True),
        ("sts:Assume*", True),
        ("sts:AssumeRol?", True),
        (["sts:TagSession", "sts:AssumeRole"], True),
        ("sts:AssumeRoleWithWebIdentity", False),
        ("sts:TagSession", False),
        (["sts:TagSession", "sts:SetSourceIdentity"], False),
    ],
)
def test_actions_and_their_wildcards(action, expected):
    assert trusts(statement(action=action)) is expected


def test_not_action_inverts_the_match():
    allow = {"Effect": "Allow", "Principal": {"Service": ECS_TASKS}}

    assert trusts({**allow, "NotAction": "sts:TagSession"}) is True
    assert trusts({**allow, "NotAction": "sts:Assume*"}) is False


def test_an_explicit_deny_wins_over_any_allow():
    deny = statement(effect="Deny")

    assert trusts(statement(), deny) is False
    assert trusts(statement("*"), statement(action="sts:*", effect="Deny")) is False
    assert trusts(deny) is False


def test_a_deny_for_another_principal_or_action_does_not_matter():
    assert trusts(statement(), statement({"Service": "ec2.amazonaws.com"}, effect="Deny")) is True
    assert trusts(statement(), statement(action="sts:TagSession", effect="Deny")) is True


def test_without_an_allow_there_is_no_trust():
    assert trusts(statement(action="sts:TagSession")) is False


def test_a_single_statement_object_is_read_too():
    assert trusts_service({"Statement": statement()}, ECS_TASKS) is True


# ---------------------------------------------------------------------- conditions


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [
        ({"StringEquals": {"aws:SourceAccount": "123456789012"}}, SOURCE, True),
        ({"StringEquals": {"aws:SourceAccount": ["1", "123456789012"]}}, SOURCE, True),
        ({"StringEquals": {"aws:SourceAccount": "210987654321"}}, SOURCE, False),
        ({"StringEquals": {"AWS:sourceaccount": "123456789012"}}, SOURCE, True),  # key case
        ({"StringNotEquals": {"aws:SourceAccount": "210987654321"}}, SOURCE, True),
        ({"StringNotEquals": {"aws:SourceAccount": "123456789012"}}, SOURCE, False),
        ({"StringEqualsIgnoreCase": {"ecs:team": "WEB"}}, {"ecs:team": "web"}, True),
        ({"StringLike": {"aws:SourceArn": "arn:aws:ecs:*:123456789012:*"}}, None, True),
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:ecs:*:123456789012:*"}},
            {"aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:task/web/1"},
            True,
        ),
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:ecs:*:123456789012:*"}},
            {"aws:SourceArn": "arn:aws:ecs:us-east-1:210987654321:task/web/1"},
            False,
        ),
        (
            {"ArnNotLike": {"aws:SourceArn": "arn:aws:ecs:*:210987654321:*"}},
            {"aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:task/web/1"},
            True,
        ),
        ({"Bool": {"aws:SecureTransport": True}}, {"aws:SecureTransport": "true"}, True),
        ({"Bool": {"aws:SecureTransport": "false"}}, {"aws:SecureTransport": "true"}, False),
        ({"StringEqualsIfExists": {"aws:SourceAccount": "1"}}, SOURCE, False),
        (
            {"ForAllValues:StringLike": {"aws:TagKeys": ["team", "env*"]}},
            {"aws:TagKeys": ["team", "environment"]},
            True,
        ),
        (
            {"ForAllValues:StringLike": {"aws:TagKeys": ["team"]}},
            {"aws:TagKeys": ["team", "cost"]},
            False,
        ),
        (
            {"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}},
            {"aws:TagKeys": ["team", "cost"]},
            True,
        ),
        ({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}, {"x": "y"}, True),  # not simple
        ({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}, None, True),
    ],
)
def test_simple_conditions_against_the_context(condition, context, expected):
    assert trusts(statement(Condition=condition), context=context) is expected


def test_a_deny_whose_condition_fails_does_not_apply():
    deny = statement(effect="Deny", Condition={"StringNotEquals": {"aws:SourceAccount": "1"}})

    assert trusts(statement(), deny, context={"aws:SourceAccount": "1"}) is True
    assert trusts(statement(), deny, context=SOURCE) is False


def test_wildcards_match_the_whole_value():
    assert wildcard_match("sts:*", "sts:AssumeRole") is True
    assert wildcard_match("sts:Assume", "sts:AssumeRole") is False
    assert wildcard_match("a.c", "abc") is False  # only * and ? are special
    assert wildcard_match("Web", "web", ignore_case=False) is False
