"""Inline role policies and attached managed policies."""

from __future__ import annotations

import json

import pytest
from iam_helpers import ACCOUNT, EXECUTION_POLICY, READ_BUCKET, READ_ONLY


def permissions(*statements: dict, version: str | None = "2012-10-17") -> str:
    document: dict = {"Statement": list(statements)}
    if version:
        document["Version"] = version
    return json.dumps(document)


GET_OBJECT = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}


# ---------------------------------------------------------------------- inline policies


def test_put_get_list_and_delete_an_inline_policy(iam, app):
    iam.put_role_policy(RoleName="app", PolicyName="read", PolicyDocument=READ_BUCKET)

    got = iam.get_role_policy(RoleName="APP", PolicyName="read")
    assert (got["RoleName"], got["PolicyName"]) == ("app", "read")
    assert got["PolicyDocument"] == json.loads(READ_BUCKET)
    assert iam.list_role_policies(RoleName="app")["PolicyNames"] == ["read"]

    iam.delete_role_policy(RoleName="app", PolicyName="read")
    assert iam.list_role_policies(RoleName="app")["PolicyNames"] == []


def test_put_role_policy_again_replaces_the_document(iam, app):
    iam.put_role_policy(RoleName="app", PolicyName="read", PolicyDocument=READ_BUCKET)
    iam.put_role_policy(RoleName="app", PolicyName="read", PolicyDocument=permissions(GET_OBJECT))

    got = iam.get_role_policy(RoleName="app", PolicyName="read")
    assert got["PolicyDocument"]["Statement"] == [GET_OBJECT]
    assert iam.list_role_policies(RoleName="app")["PolicyNames"] == ["read"]


def test_inline_policies_are_listed_in_name_order_and_in_pages(iam, app):
    for name in ("c", "A", "b"):
        iam.put_role_policy(RoleName="app", PolicyName=name, PolicyDocument=READ_BUCKET)

    first = iam.list_role_policies(RoleName="app", MaxItems=2)
    rest = iam.list_role_policies(RoleName="app", Marker=first["Marker"])

    assert (first["PolicyNames"], first["IsTruncated"]) == (["A", "b"], True)
    assert (rest["PolicyNames"], rest["IsTruncated"]) == (["c"], False)
    pages = iam.get_paginator("list_role_policies").paginate(
        RoleName="app", PaginationConfig={"PageSize": 1}
    )
    assert [name for page in pages for name in page["PolicyNames"]] == ["A", "b", "c"]


def test_an_unknown_inline_policy_is_no_such_entity(iam, app, raises_aws):
    message = "The role policy with name nope cannot be found."
    with raises_aws("NoSuchEntity", message, 404):
        iam.get_role_policy(RoleName="app", PolicyName="nope")
    with raises_aws("NoSuchEntity", message, 404):
        iam.delete_role_policy(RoleName="app", PolicyName="nope")


def test_inline_policies_of_an_unknown_role(iam, raises_aws):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", 404):
        iam.put_role_policy(RoleName="ghost", PolicyName="read", PolicyDocument=READ_BUCKET)
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", 404):
        iam.list_role_policies(RoleName="ghost")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{", "Syntax errors in policy."),
        (json.dumps("a string"), "Syntax errors in policy."),
        (permissions({"Action": "s3:GetObject", "Resource": "*"}), "Syntax errors in policy."),
        (
            permissions(GET_OBJECT, version=None),
            "Policy document must be version 2012-10-17 or greater.",
        ),
        (
            permissions(GET_OBJECT, version="2008-10-17"),
            "Policy document must be version 2012-10-17 or greater.",
        ),
        (permissions({**GET_OBJECT, "Principal": "*"}), "Has prohibited field Principal"),
        (
            permissions({"Effect": "Allow", "Resource": "*"}),
            "Policy statement must contain actions.",
        ),
        (
            permissions({"Effect": "Allow", "Action": "s3:GetObject"}),
            "Policy statement must contain resources.",
        ),
        (
            permissions({**GET_OBJECT, "Action": "GetObject"}),
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        ),
        (
            permissions({**GET_OBJECT, "Resource": "bucket"}),
            'Resource bucket must be in ARN format or "*".',
        ),
    ],
)
def test_a_malformed_inline_policy_is_refused(iam, app, raises_aws, document, message):
    with raises_aws("MalformedPolicyDocument", message):
        iam.put_role_policy(RoleName="app", PolicyName="p", PolicyDocument=document)

    assert iam.list_role_policies(RoleName="app")["PolicyNames"] == []


def test_inline_policies_of_a_role_share_10240_characters(iam, app, raises_aws):
    def sized(length: int) -> str:
        def compact(sid: str) -> str:
            return json.dumps(
                {"Version": "2012-10-17", "Statement": [{**GET_OBJECT, "Sid": sid}]},
                separators=(",", ":"),
            )

        return compact("s" * (length - len(compact(""))))

    iam.put_role_policy(RoleName="app", PolicyName="a", PolicyDocument=sized(5120))
    iam.put_role_policy(RoleName="app", PolicyName="b", PolicyDocument=sized(5120))
    iam.put_role_policy(RoleName="app", PolicyName="b", PolicyDocument=sized(5120))  # replaces
    with raises_aws(
        "LimitExceeded", "Maximum policy size of 10240 bytes exceeded for role app", 409
    ):
        iam.put_role_policy(RoleName="app", PolicyName="c", PolicyDocument=sized(100))

    assert iam.list_role_policies(RoleName="app")["PolicyNames"] == ["a", "b"]


def test_policy_names_follow_the_name_rule(unchecked_iam, app, raises_aws):
    with raises_aws(
        "ValidationError",
        "The specified value for policyName is invalid. It must contain only alphanumeric "
        "characters and/or the following: +=,.@_-",
    ):
        unchecked_iam.put_role_policy(RoleName="app", PolicyName="a b", PolicyDocument=READ_BUCKET)


# ---------------------------------------------------------------------- managed policies


def attached(iam, **kwargs):
    return iam.list_attached_role_policies(RoleName="app", **kwargs)["AttachedPolicies"]


def test_attach_list_and_detach_aws_managed_policies(iam, app):
    iam.attach_role_policy(RoleName="app", PolicyArn=READ_ONLY)
    iam.attach_role_policy(RoleName="app", PolicyArn=EXECUTION_POLICY)
    iam.attach_role_policy(RoleName="app", PolicyArn=READ_ONLY)  # again: nothing changes

    assert attached(iam) == [
        {"PolicyName": "AmazonECSTaskExecutionRolePolicy", "PolicyArn": EXECUTION_POLICY},
        {"PolicyName": "ReadOnlyAccess", "PolicyArn": READ_ONLY},
    ]
    assert attached(iam, PathPrefix="/service-role/") == [
        {"PolicyName": "AmazonECSTaskExecutionRolePolicy", "PolicyArn": EXECUTION_POLICY}
    ]
    page = iam.list_attached_role_policies(RoleName="app", MaxItems=1)
    assert (len(page["AttachedPolicies"]), page["IsTruncated"]) == (1, True)

    iam.detach_role_policy(RoleName="app", PolicyArn=READ_ONLY)
    assert [p["PolicyArn"] for p in attached(iam)] == [EXECUTION_POLICY]


def test_a_customer_managed_policy_cannot_be_attached_yet(iam, app):
    arn = f"arn:aws:iam::{ACCOUNT}:policy/team/read-data"
    with pytest.raises(Exception) as caught:
        iam.attach_role_policy(RoleName="app", PolicyArn=arn)

    response = caught.value.response  # type: ignore[attr-defined]
    assert response["Error"]["Code"] == "NoSuchEntity"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert response["Error"]["Message"].startswith(
        f"Policy {arn} does not exist or is not attachable. (Customer managed policies are "
        "not simulated by pytest-ecsmock yet"
    )
    assert attached(iam) == []


@pytest.mark.parametrize("operation", ["attach_role_policy", "detach_role_policy"])
def test_a_policy_arn_of_another_form_is_invalid_input(iam, app, raises_aws, operation):
    arn = "arn:aws:iam::aws:user/ReadOnlyAccess"
    with raises_aws("InvalidInput", f"ARN {arn} is not valid."):
        getattr(iam, operation)(RoleName="app", PolicyArn=arn)


def test_detaching_a_policy_that_is_not_attached(iam, app, raises_aws):
    with raises_aws("NoSuchEntity", f"Policy {READ_ONLY} was not found.", 404):
        iam.detach_role_policy(RoleName="app", PolicyArn=READ_ONLY)


def test_a_role_takes_ten_managed_policies(iam, app, raises_aws):
    for i in range(10):
        iam.attach_role_policy(RoleName="app", PolicyArn=f"arn:aws:iam::aws:policy/P{i}")
    with raises_aws("LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10", 409):
        iam.attach_role_policy(RoleName="app", PolicyArn=READ_ONLY)

    assert len(attached(iam, MaxItems=100)) == 10


def test_managed_policies_of_an_unknown_role(iam, raises_aws):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", 404):
        iam.attach_role_policy(RoleName="ghost", PolicyArn=READ_ONLY)
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", 404):
        iam.list_attached_role_policies(RoleName="ghost")
