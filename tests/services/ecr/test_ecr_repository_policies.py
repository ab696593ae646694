from __future__ import annotations

import json

import pytest
from ecr_helpers import ACCOUNT, PULL_FOR_ALL, not_found, policy

INVALID_POLICY = (
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: "
    "'Invalid repository policy provided'"
)
PUSH_FOR_CI = {
    "Sid": "AllowPush",
    "Effect": "Allow",
    "Principal": {"AWS": [f"arn:aws:iam::{ACCOUNT}:role/ci"]},
    "Action": "ecr:PutImage",
    "Condition": {"StringEquals": {"aws:PrincipalTag/team": "ci"}},
}
NO_POLICY = (
    "Repository policy does not exist for the repository with name 'web' "
    f"in the registry with id '{ACCOUNT}'"
)


@pytest.fixture
def web(ecr):
    ecr.create_repository(repositoryName="web")
    return "web"


def test_a_policy_is_set_and_read_back_in_ecrs_layout(ecr, web):
    text = policy(PULL_FOR_ALL)

    answer = ecr.set_repository_policy(repositoryName=web, policyText=text)

    expected = (
        "{\n"
        '  "Version" : "2012-10-17",\n'
        '  "Statement" : [ {\n'
        '    "Sid" : "AllowPull",\n'
        '    "Effect" : "Allow",\n'
        '    "Principal" : "*",\n'
        '    "Action" : [ "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" ]\n'
        "  } ]\n"
        "}"
    )
    assert answer["registryId"] == ACCOUNT
    assert answer["repositoryName"] == web
    assert answer["policyText"] == expected
    got = ecr.get_repository_policy(repositoryName=web)
    assert got["policyText"] == expected
    assert json.loads(got["policyText"]) == json.loads(text)


def test_nested_objects_and_empty_values_keep_ecrs_layout(ecr, web):
    text = json.dumps({"Version": "2008-10-17", "Id": "p", "Statement": PUSH_FOR_CI})

    stored = ecr.set_repository_policy(repositoryName=web, policyText=text)["policyText"]

    assert stored == (
        "{\n"
        '  "Version" : "2008-10-17",\n'
        '  "Id" : "p",\n'
        '  "Statement" : {\n'
        '    "Sid" : "AllowPush",\n'
        '    "Effect" : "Allow",\n'
        '    "Principal" : {\n'
        f'      "AWS" : [ "arn:aws:iam::{ACCOUNT}:role/ci" ]\n'
        "    },\n"
        '    "Action" : "ecr:PutImage",\n'
        '    "Condition" : {\n'
        '      "StringEquals" : {\n'
        '        "aws:PrincipalTag/team" : "ci"\n'
        "      }\n"
        "    }\n"
        "  }\n"
        "}"
    )


def test_setting_again_replaces_the_policy(ecr, web):
    ecr.set_repository_policy(repositoryName=web, policyText=policy(PULL_FOR_ALL))

    ecr.set_repository_policy(repositoryName=web, policyText=policy(PUSH_FOR_CI))

    stored = json.loads(ecr.get_repository_policy(repositoryName=web)["policyText"])
    assert stored["Statement"] == [PUSH_FOR_CI]


def test_a_repository_without_policy_has_none(ecr, web, raises_aws):
    with raises_aws("RepositoryPolicyNotFoundException", NO_POLICY):
        ecr.get_repository_policy(repositoryName=web)


def test_delete_answers_with_the_old_policy_and_removes_it(ecr, web, raises_aws):
    stored = ecr.set_repository_policy(repositoryName=web, policyText=policy(PULL_FOR_ALL))

    deleted = ecr.delete_repository_policy(repositoryName=web)

    assert deleted["policyText"] == stored["policyText"]
    assert deleted["repositoryName"] == web
    assert deleted["registryId"] == ACCOUNT
    with raises_aws("RepositoryPolicyNotFoundException", NO_POLICY):
        ecr.get_repository_policy(repositoryName=web)


def test_deleting_a_missing_policy_fails(ecr, web, raises_aws):
    with raises_aws("RepositoryPolicyNotFoundException", NO_POLICY):
        ecr.delete_repository_policy(repositoryName=web)


@pytest.mark.parametrize(
    "operation", ["set_repository_policy", "get_repository_policy", "delete_repository_policy"]
)
def test_policies_of_an_unknown_repository(ecr, raises_aws, operation):
    extra = {"policyText": policy(PULL_FOR_ALL)} if operation == "set_repository_policy" else {}

    with raises_aws("RepositoryNotFoundException", not_found("ghost")):
        getattr(ecr, operation)(repositoryName="ghost", **extra)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        json.dumps({"Statement": [PULL_FOR_ALL]}),
        json.dumps({"Version": "2020-01-01", "Statement": [PULL_FOR_ALL]}),
        json.dumps({"Version": "2012-10-17"}),
        json.dumps({"Version": "2012-10-17", "Statement": []}),
        json.dumps({"Version": "2012-10-17", "Statement": [PULL_FOR_ALL], "Extra": 1}),
        policy({**PULL_FOR_ALL, "Resource": "*"}),
        policy({**PULL_FOR_ALL, "Effect": "Maybe"}),
        policy({k: v for k, v in PULL_FOR_ALL.items() if k != "Principal"}),
        policy({k: v for k, v in PULL_FOR_ALL.items() if k != "Action"}),
        policy({**PULL_FOR_ALL, "Action": "BatchGetImage"}),
        policy({**PULL_FOR_ALL, "Action": []}),
        policy({**PULL_FOR_ALL, "Principal": {"Someone": "x"}}),
        policy({**PULL_FOR_ALL, "Condition": "yes"}),
        policy({**PULL_FOR_ALL, "NotAction": "ecr:PutImage"}),
    ],
    ids=lambda text: text[:40],
)
def test_a_text_that_is_no_repository_policy_is_refused(ecr, web, raises_aws, text):
    with raises_aws("InvalidParameterException", INVALID_POLICY):
        ecr.set_repository_policy(repositoryName=web, policyText=text)

    with pytest.raises(ecr.exceptions.RepositoryPolicyNotFoundException):
        ecr.get_repository_policy(repositoryName=web)


def test_a_refused_policy_keeps_the_one_before(ecr, web):
    before = ecr.set_repository_policy(repositoryName=web, policyText=policy(PULL_FOR_ALL))

    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.set_repository_policy(repositoryName=web, policyText="{")

    assert ecr.get_repository_policy(repositoryName=web)["policyText"] == before["policyText"]


def test_a_policy_longer_than_10240_characters_is_refused(ecr, web, raises_aws):
    long_sid = {**PULL_FOR_ALL, "Sid": "s" * 10240}

    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'policyText' failed to satisfy constraint: "
        "'Member must have length less than or equal to 10240'",
    ):
        ecr.set_repository_policy(repositoryName=web, policyText=policy(long_sid))


LOCK_OUT = {"Sid": "NoOne", "Effect": "Deny", "Principal": "*", "Action": "ecr:*"}


@pytest.mark.parametrize(
    "statement",
    [
        LOCK_OUT,
        {**LOCK_OUT, "Action": "ecr:SetRepositoryPolicy"},
        {**LOCK_OUT, "Action": ["ecr:Set*"], "Principal": {"AWS": "*"}},
        {**LOCK_OUT, "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}},
        {"Effect": "Deny", "Principal": "*", "NotAction": "ecr:BatchGetImage"},
    ],
)
def test_a_policy_that_locks_everyone_out_needs_force(ecr, web, raises_aws, statement):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'The policy denies "
        "ecr:SetRepositoryPolicy to every principal of the account, so it could not be "
        "changed afterwards; set force to apply it anyway'",
    ):
        ecr.set_repository_policy(repositoryName=web, policyText=policy(statement))

    forced = ecr.set_repository_policy(repositoryName=web, policyText=policy(statement), force=True)
    assert json.loads(forced["policyText"])["Statement"] == [statement]


@pytest.mark.parametrize(
    "statement",
    [
        {**LOCK_OUT, "Action": "ecr:PutImage"},
        {**LOCK_OUT, "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/intruder"}},
        {**LOCK_OUT, "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {**LOCK_OUT, "Effect": "Allow"},
    ],
)
def test_a_policy_that_leaves_a_way_back_needs_no_force(ecr, web, statement):
    ecr.set_repository_policy(repositoryName=web, policyText=policy(statement))

    stored = json.loads(ecr.get_repository_policy(repositoryName=web)["policyText"])
    assert stored["Statement"] == [statement]
